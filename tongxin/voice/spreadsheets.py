"""Workbooks (.xlsx) of items and wishes for the union office, headers in the user's language."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tongxin.core.spreadsheets import workbook as _workbook

from .models import VoiceItem, Wish


def items_workbook(items: Iterable[VoiceItem]) -> bytes:
    """One row per item with its latest reply (replies must be prefetched)."""
    headers = [
        _("Number"),
        _("Filed on"),
        _("Kind"),
        _("Category"),
        _("Title"),
        pgettext("voice item", "Details"),
        _("Filer"),
        _("Staff number"),
        _("Branch"),
        _("Raised during a visit"),
        _("Hidden from the department"),
        _("Status"),
        _("Department"),
        _("Reply due"),
        _("Round"),
        _("Latest reply"),
        _("Replied on"),
        _("Rating"),
    ]

    def row(item: VoiceItem) -> list[object]:
        replies = list(item.replies.all())
        last = replies[-1] if replies else None
        return [
            item.pk,
            item.filed_on,
            item.get_kind_display(),
            item.get_category_display(),
            item.title,
            item.text,
            item.person.name if item.person else "",
            item.person.staff_number if item.person else "",
            item.node.name,
            _("Yes") if item.visit_id else "",
            _("Yes") if item.is_anonymous_to_department else "",
            item.get_status_display(),
            item.department.name if item.department else "",
            item.due_on,
            item.round,
            last.text if last else "",
            last.replied_on if last else None,
            item.get_rating_display() if item.rating else "",
        ]

    return _workbook(_("Suggestions and requests"), headers, (row(item) for item in items))


def wishes_workbook(wishes: Iterable[Wish]) -> bytes:
    headers = [
        _("Number"),
        _("Year"),
        _("Submitted on"),
        _("Name"),
        _("Staff number"),
        _("Branch"),
        _("Wish"),
        _("Visibility"),
        _("Status"),
        _("Office note"),
        _("Fulfilled on"),
        _("How it was fulfilled"),
    ]
    rows = (
        [
            wish.pk,
            wish.year,
            wish.submitted_on,
            wish.person.name,
            wish.person.staff_number,
            wish.node.name,
            wish.text,
            wish.get_visibility_display(),
            wish.get_status_display(),
            wish.office_note,
            wish.fulfilled_on,
            wish.fulfilment_note,
        ]
        for wish in wishes
    )
    return _workbook(_("New Year wishes"), headers, rows)
