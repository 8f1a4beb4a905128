"""Workbooks (.xlsx) for the union office: the insured roster and the list of school-place
applications for the town's education bureau, headers in the user's language."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tongxin.core.spreadsheets import workbook as _workbook

from .models import InsuredPerson, SchoolPlaceApplication


def roster_workbook(rows: Iterable[InsuredPerson]) -> bytes:
    headers = [
        _("Staff number"),
        _("Name"),
        _("Branch"),
        _("Covered from"),
        _("Covered until"),
        _("Premium refunded (yuan)"),
    ]
    return _workbook(
        _("Insured roster"),
        headers,
        (
            [
                r.person.staff_number,
                r.person.name,
                r.node.name,
                r.added_on,
                r.removed_on,
                r.refund_fen or None,
            ]
            for r in rows
        ),
        money=[5],
    )


def school_places_workbook(rows: Iterable[SchoolPlaceApplication]) -> bytes:
    """The office's list for the education bureau: child, parent, branch, stage, wish.

    Only what the bureau needs: no birth date or other detail of the child (PIPL art. 28/31).
    """
    headers = [
        _("Child"),
        pgettext("school-place applicant", "Parent"),
        _("Staff number"),
        _("Branch"),
        _("Stage"),
        _("Wished school or kindergarten"),
        _("Status"),
        _("School placed in"),
    ]
    return _workbook(
        _("School places"),
        headers,
        (
            [
                a.child.name,
                a.person.name,
                a.person.staff_number,
                a.node.name,
                str(a.get_stage_display()),
                a.wished_school,
                str(a.get_status_display()),
                a.outcome_school,
            ]
            for a in rows
        ),
    )
