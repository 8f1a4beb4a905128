"""Lotteries for oversubscribed activities, drawn with a recorded seed anyone can replay.

The draw (algorithm ``sha256-ticket-v1``): each candidate's ticket is the hex SHA-256 of
``"<seed>:<sign_up_id>"``. Tickets are taken in ascending order; each gets a place if one is
free for it (total, its branch's quota, its slot's capacity), otherwise the next waitlist
position. The seed comes from ``secrets`` at the moment of the draw, after the candidate list
is closed, and is stored with the candidates and free places; ``lottery_replay`` recomputes the
result from that record alone, so anyone with the published figures can check it.
"""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, InvalidTransition
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import clock, events, notices
from ..choices import ActivityStatus, Allocation
from ..choices import SignUpStatus as S
from ..draw import ALGORITHM, run_draw
from ..errors import ActivitiesErrorCode as E
from ..models import Activity, LotteryDraw, SignUp
from ..permissions import ActivitiesPermission as P
from . import allocation
from .common import lock_activity


def _draw_locked(actor: Actor, activity: Activity, now: dt.datetime) -> LotteryDraw:
    if activity.allocation != Allocation.LOTTERY:
        raise DomainError(
            _("This activity gives places first come, first served."), code=E.NOT_LOTTERY
        )
    if activity.status != ActivityStatus.PUBLISHED:
        raise InvalidTransition(_("Only a published activity's lottery can be drawn."))
    if LotteryDraw.objects.filter(activity=activity).exists():
        raise DomainError(_("The lottery has already been drawn."), code=E.LOTTERY_DRAWN)
    if now < activity.closes_at:
        raise DomainError(
            _("The lottery can be drawn once sign-up has closed (%(deadline)s).")
            % {"deadline": activity.closes_at.isoformat(timespec="minutes")},
            code=E.LOTTERY_NOT_DUE,
        )
    candidates = [
        [pk, node_id, slot_id]
        for pk, node_id, slot_id in SignUp.objects.filter(activity=activity, status=S.ENTERED)
        .order_by("pk")
        .values_list("pk", "node_id", "slot_id")
    ]
    capacity = allocation.places(activity).free()
    seed = str(secrets.randbits(128))
    winners, waitlist = run_draw(seed, candidates, capacity)
    last = (
        SignUp.objects.filter(activity=activity).aggregate(last=Max("waitlist_position"))["last"]
        or 0
    )
    SignUp.objects.filter(pk__in=winners).update(status=S.CONFIRMED, updated_at=now)
    rows = list(SignUp.objects.filter(pk__in=waitlist))
    position = {pk: last + index for index, pk in enumerate(waitlist, start=1)}
    for row in rows:
        row.status, row.waitlist_position, row.updated_at = S.WAITLISTED, position[row.pk], now
    SignUp.objects.bulk_update(rows, ["status", "waitlist_position", "updated_at"], batch_size=500)
    draw = LotteryDraw.objects.create(
        activity=activity,
        seed=seed,
        algorithm=ALGORITHM,
        candidates=candidates,
        capacity=capacity,
        winner_ids=winners,
        waitlist_ids=waitlist,
        drawn_at=now,
        drawn_by_id=actor.user_id,
        drawn_by_label=actor.label[:120],
    )
    audit.record(
        actor=actor,
        event=events.LOTTERY_DRAWN,
        target=activity,
        changes={
            "seed": seed,
            "algorithm": ALGORITHM,
            "candidates": len(candidates),
            "winners": len(winners),
            "waitlisted": len(waitlist),
            "draw": draw.pk,
        },
        node_path=activity.organiser.path,
    )
    people = SignUp.objects.filter(pk__in=winners + waitlist).select_related("person")
    by_id = {s.pk: s for s in people}
    notices.lottery_result(activity, [by_id[i] for i in winners], [by_id[i] for i in waitlist])
    return draw


def activity_draw_lottery(*, actor: Actor, activity: Activity) -> LotteryDraw:
    """Draw the lottery of an activity whose sign-up has closed.

    Effects: winners confirmed, the rest waitlisted in ticket order; the draw row with seed,
    candidates and free places; an audit event carrying the seed; notifications.
    """
    access.require(actor, P.MANAGE_ACTIVITY, activity)
    with transaction.atomic(durable=True):
        activity = lock_activity(activity)
        return _draw_locked(actor, activity, clock.now())


def activity_draw_due_lotteries(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Draw every published lottery whose lottery time has come (the scheduled task)."""
    if not actor.is_system:
        raise Forbidden()
    now = now or clock.now()
    due = list(
        Activity.objects.filter(
            status=ActivityStatus.PUBLISHED, allocation=Allocation.LOTTERY, lottery_at__lte=now
        )
        .filter(lottery_draw__isnull=True)
        .values_list("pk", flat=True)
    )
    drawn = 0
    for pk in due:
        with transaction.atomic(durable=True):
            activity = lock_activity(pk)
            if LotteryDraw.objects.filter(activity=activity).exists():
                continue
            _draw_locked(actor, activity, now)
            drawn += 1
    return drawn
