"""Telling the member about their care visit: paid, or not approved (with the reason).

Called by the care services inside their transaction. Texts name the kind and the amount,
never the health details. A deceased member is not notified.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core.money import format_fen
from tongxin.members.choices import EmploymentStatus
from tongxin.notifications.services import notify

from .models import CareVisit

KIND_PAID = "care.visit_paid"
KIND_REJECTED = "care.visit_rejected"


def visit_paid(visit: CareVisit) -> None:
    if visit.person.employment_status == EmploymentStatus.DECEASED:
        return
    notify(
        recipients=[visit.person],
        kind=KIND_PAID,
        title=_("Your care visit (%(kind)s) is approved: %(amount)s yuan")
        % {"kind": visit.get_kind_display(), "amount": format_fen(visit.amount_fen)},
        link=reverse("care:visit-detail", args=[visit.pk]),
    )


def visit_rejected(visit: CareVisit, reason: str) -> None:
    if visit.person.employment_status == EmploymentStatus.DECEASED:
        return
    notify(
        recipients=[visit.person],
        kind=KIND_REJECTED,
        title=_("Your care visit (%(kind)s) was not approved") % {"kind": visit.get_kind_display()},
        body=reason,
        link=reverse("care:visit-detail", args=[visit.pk]),
    )
