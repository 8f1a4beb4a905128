"""The attendance list of an activity as an Excel workbook (a logged export)."""

from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.spreadsheets import workbook
from tongxin.core.validators import mask_mobile
from tongxin.members.models import FamilyMember
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..models import Activity
from ..permissions import ActivitiesPermission as P
from ..queries import signup_list


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def activity_attendance_export(*, actor: Actor, activity: Activity) -> bytes:
    """Every sign-up the actor may see, with status and check-in time, as .xlsx.

    Phone numbers are masked; the export is recorded in the audit trail.
    """
    access.require(actor, P.EXPORT_ATTENDANCE, activity)
    rows = list(signup_list(actor=actor, activity=activity))
    headers = [
        _("No."),
        _("Name"),
        _("Staff number"),
        _("Branch"),
        _("Signed up for"),
        _("Time slot"),
        _("Status"),
        _("Waitlist position"),
        _("Checked in at"),
        _("Mobile"),
        _("Organisation"),
    ]
    lines = []
    for number, sign_up in enumerate(rows, start=1):
        person = sign_up.person
        lines.append(
            [
                number,
                person.name if person else sign_up.outsider_name,
                person.staff_number if person else "",
                sign_up.node.name,
                cast(FamilyMember, sign_up.family_member).name if sign_up.family_member_id else "",
                str(sign_up.slot) if sign_up.slot_id else "",
                sign_up.get_status_display(),
                sign_up.waitlist_position or "",
                _when(sign_up.checked_in_at),
                mask_mobile(person.phone if person else sign_up.outsider_phone),
                sign_up.outsider_organisation,
            ]
        )
    widths = dict(enumerate((6, 12, 12, 24, 12, 18, 12, 10, 18, 14, 20)))
    content = workbook(_("Attendance"), headers, lines, widths=widths, text=[2, 9])
    with transaction.atomic(durable=True):
        audit.record(
            actor=actor,
            event=events.ATTENDANCE_EXPORTED,
            target=activity,
            changes={"rows": len(rows)},
            node_path=activity.organiser.path,
        )
    return content
