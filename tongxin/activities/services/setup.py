"""Setting an activity up for sign-up: bookable time slots and per-branch quotas."""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import clock, events
from ..choices import LIVE_STATUSES, ActivityStatus
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, ActivityBranchQuota, ActivitySlot, SignUp
from ..permissions import ActivitiesPermission as P
from .common import lock_activity
from .waitlist import promote


def _require_open_for_setup(activity: Activity) -> None:
    if activity.status in (ActivityStatus.CANCELLED, ActivityStatus.CLOSED):
        raise InvalidTransition(_("A cancelled or closed activity cannot be changed."))


def activity_slot_add(
    *,
    actor: Actor,
    activity: Activity,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    label: str = "",
) -> ActivitySlot:
    """Add a bookable time slot inside the activity's span, before anyone signs up without one."""
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    label = " ".join(label.split())[:100]
    if capacity is None or capacity < 1:
        raise ValidationFailed(
            _("Places must be at least 1."), code=E.INVALID_QUOTA, field="capacity"
        )
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        _require_open_for_setup(activity)
        if ends_at < starts_at or starts_at < activity.starts_at or ends_at > activity.ends_at:
            raise ValidationFailed(
                _("A slot lies within the activity's start and end."),
                code=E.INVALID_DATES,
                field="starts_at",
            )
        if SignUp.objects.filter(
            activity=activity, slot__isnull=True, status__in=LIVE_STATUSES
        ).exists():
            raise DomainError(
                _("People have signed up without a slot; slots must be set up before sign-up."),
                code=E.HAS_SIGN_UPS,
            )
        slot = ActivitySlot.objects.create(
            activity=activity, starts_at=starts_at, ends_at=ends_at, capacity=capacity, label=label
        )
        audit.record(
            actor=actor,
            event=events.ACTIVITY_SLOT_ADDED,
            target=activity,
            changes={
                "slot": slot.pk,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "capacity": capacity,
                "label": label,
            },
            node_path=activity.organiser.path,
        )
    return slot


def activity_slot_remove(*, actor: Actor, slot: ActivitySlot) -> None:
    """Remove a slot nobody has ever signed up for."""
    access.require(actor, P.MANAGE_ACTIVITY, slot.activity)
    with transaction.atomic(durable=True):
        activity = lock_activity(slot.activity_id)
        _require_open_for_setup(activity)
        if SignUp.objects.filter(slot=slot).exists():
            raise DomainError(_("People have signed up for this slot."), code=E.HAS_SIGN_UPS)
        audit.record(
            actor=actor,
            event=events.ACTIVITY_SLOT_REMOVED,
            target=activity,
            changes={"slot": slot.pk, "starts_at": slot.starts_at, "capacity": slot.capacity},
            node_path=activity.organiser.path,
        )
        delete_or_refuse(slot)


def activity_branch_quotas_set(
    *, actor: Actor, activity: Activity, quotas: Mapping[int, int]
) -> list[ActivityBranchQuota]:
    """Replace the per-branch quotas (per-branch limits): ``{branch id: places}``; empty removes them.

    Rules: branches of the activity's audience; at least one place each. Places already
    taken stay taken; more room goes to the waitlist.
    """
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    if any(places is None or int(places) < 1 for places in quotas.values()):
        raise ValidationFailed(
            _("Places must be at least 1."), code=E.INVALID_QUOTA, field="quotas"
        )
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        _require_open_for_setup(activity)
        nodes = {
            n.pk: n for n in OrgNode.objects.filter(pk__in=list(quotas), kind=OrgNodeKind.BRANCH)
        }
        if len(nodes) != len(quotas) or any(
            not n.path.startswith(activity.audience_node.path) for n in nodes.values()
        ):
            raise ValidationFailed(
                _("Quotas are set for branches within the activity's audience."),
                code=E.INVALID_QUOTA,
                field="quotas",
            )
        before = dict(
            ActivityBranchQuota.objects.filter(activity=activity).values_list("node_id", "places")
        )
        ActivityBranchQuota.objects.filter(activity=activity).delete()
        rows = ActivityBranchQuota.objects.bulk_create(
            [
                ActivityBranchQuota(activity=activity, node_id=pk, places=int(places))
                for pk, places in sorted(quotas.items())
            ]
        )
        audit.record(
            actor=actor,
            event=events.BRANCH_QUOTAS_SET,
            target=activity,
            changes={
                "quotas": [
                    {str(k): v for k, v in before.items()},
                    {str(k): int(v) for k, v in quotas.items()},
                ]
            },
            node_path=activity.organiser.path,
        )
        promote(actor=actor, activity=activity, now=clock.now())
    return rows
