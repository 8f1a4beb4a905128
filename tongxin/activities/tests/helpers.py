"""Assertion helpers: "nothing changed" means no new or changed rows anywhere we write."""

from dataclasses import dataclass

from django.db.models import Max

from tongxin.activities.models import (
    Activity,
    ActivityBranchQuota,
    ActivitySlot,
    LotteryDraw,
    SignUp,
)
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification
from tongxin.participation.models import Participation


@dataclass(frozen=True)
class State:
    activities: tuple
    slots: int
    quotas: tuple
    sign_ups: tuple
    draws: int
    audit_events: int
    notifications: int
    participations: int


def state() -> State:
    """A fingerprint of everything the activities services write."""
    return State(
        activities=tuple(Activity.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        slots=ActivitySlot.objects.count(),
        quotas=tuple(ActivityBranchQuota.objects.order_by("pk").values_list("node_id", "places")),
        sign_ups=tuple(SignUp.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        draws=LotteryDraw.objects.count(),
        audit_events=AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        notifications=Notification.objects.count(),
        participations=Participation.objects.count(),
    )
