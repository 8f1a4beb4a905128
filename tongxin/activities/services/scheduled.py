"""Work done on a schedule by the system (``manage.py activities_tick`` or Celery beat):
expiring offers from the waitlist and sending reminders. Both are idempotent: running them
twice, or late, changes nothing more than running them once on time."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from tongxin.core import audit
from tongxin.core.errors import Forbidden
from tongxin.orgs.actor import Actor

from .. import clock, events, notices
from ..choices import ActivityStatus
from ..choices import SignUpStatus as S
from ..models import SignUp
from .common import lock_activity
from .waitlist import promote


def activity_expire_offers(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Expire offers not accepted in time and offer the places to the next people.

    Per activity, under its lock: each offer past ``offer_expires_at`` becomes expired, then
    the waitlist moves on (``promote``). Returns the number of offers expired.
    """
    if not actor.is_system:
        raise Forbidden()
    now = now or clock.now()
    due = (
        SignUp.objects.filter(
            status=S.OFFERED, offer_expires_at__lte=now, activity__status=ActivityStatus.PUBLISHED
        )
        .order_by("activity_id")
        .values_list("activity_id", flat=True)
        .distinct()
    )
    expired = 0
    for activity_id in list(due):
        with transaction.atomic(durable=True):
            activity = lock_activity(activity_id)
            rows = list(
                SignUp.objects.select_for_update(of=("self",))
                .select_related("node")
                .filter(activity=activity, status=S.OFFERED, offer_expires_at__lte=now)
                .order_by("pk")
            )
            for sign_up in rows:
                sign_up.status = S.EXPIRED
                sign_up.save(update_fields=["status", "updated_at"])
                audit.record(
                    actor=actor,
                    event=events.SIGNUP_EXPIRED,
                    target=sign_up,
                    changes={"status": [S.OFFERED, S.EXPIRED]},
                    node_path=sign_up.node.path,
                )
            expired += len(rows)
            promote(actor=actor, activity=activity, now=now)
    return expired


def activity_send_reminders(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Remind confirmed people whose activity (or slot) starts within the reminder window.

    Each sign-up is reminded once (``reminded_at``); returns how many were reminded.
    """
    if not actor.is_system:
        raise Forbidden()
    now = now or clock.now()
    horizon = now + dt.timedelta(hours=settings.TONGXIN_ACTIVITY_REMINDER_HOURS)
    starting = Q(
        slot__isnull=True, activity__starts_at__gt=now, activity__starts_at__lte=horizon
    ) | Q(slot__starts_at__gt=now, slot__starts_at__lte=horizon)
    with transaction.atomic(durable=True):
        rows = list(
            SignUp.objects.select_for_update(of=("self",))
            .filter(starting, status=S.CONFIRMED, reminded_at__isnull=True, person__isnull=False)
            .filter(activity__status=ActivityStatus.PUBLISHED)
            .select_related("activity", "slot", "person")
            .order_by("activity_id", "pk")
        )
        SignUp.objects.filter(pk__in=[row.pk for row in rows]).update(reminded_at=now)
        notices.reminders(rows)
    return len(rows)
