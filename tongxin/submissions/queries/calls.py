"""Calls: the office's list, the member's open calls, the judge's calls, gallery and ranking.

The audience of a call is every signed-in person on the staff under the call's organiser
node; they see the call once it is open and its gallery of accepted works. The office sees
calls through ``view_call``.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SEGMENT_WIDTH

from ..choices import CallStatus, WorkStatus
from ..models import Award, Criterion, Judge, PrizeLevel, Score, SubmissionCall, Work
from ..permissions import SubmissionsPermission
from ..scoring import rank

P = SubmissionsPermission
PUBLIC_STATUSES = (CallStatus.OPEN, CallStatus.JUDGING, CallStatus.PUBLISHED)


def _base() -> QuerySet[SubmissionCall]:
    return SubmissionCall.objects.select_related("node", "school", "activity")


def call_list(*, actor: Actor, status: str = "") -> QuerySet[SubmissionCall]:
    """Calls the actor may see in the office console, with counts of works per status."""
    qs = access.scope(_base(), actor, P.VIEW_CALL)
    if status in CallStatus.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        work_count=Count("works", filter=~Q(works__status=WorkStatus.WITHDRAWN), distinct=True),
        accepted_count=Count("works", filter=Q(works__status=WorkStatus.ACCEPTED), distinct=True),
    ).order_by("-opens_on", "-id")


def call_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_CALL) -> SubmissionCall:
    qs = _base().prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        Prefetch("prize_levels", queryset=PrizeLevel.objects.order_by("position", "id")),
        Prefetch("judges", queryset=Judge.objects.select_related("person").order_by("id")),
    )
    return access.get_scoped(qs, actor, permission, pk=pk)


def _person_of(actor: Actor) -> Person | None:
    if actor.person_id is None:
        return None
    return Person.objects.select_related("node").filter(pk=actor.person_id).first()


def _audience_q(person: Person) -> Q:
    """Calls whose organiser node is the person's node or one of its ancestors."""
    path = person.node.path
    prefixes = [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]
    return Q(node__path__in=prefixes)


def in_audience(actor: Actor, call: SubmissionCall) -> bool:
    """Whether the actor may see the call as a member (its audience) or from the office."""
    if access.can(actor, P.VIEW_CALL, call):
        return True
    if call.status not in PUBLIC_STATUSES:
        return False
    person = _person_of(actor)
    return person is not None and person.node.path.startswith(call.node.path)


def calls_open_for(*, actor: Actor) -> QuerySet[SubmissionCall]:
    """Calls a member sees: open ones they may submit to, and judging or published ones."""
    person = _person_of(actor)
    if person is None:
        return SubmissionCall.objects.none()
    return (
        _base()
        .filter(_audience_q(person), status__in=PUBLIC_STATUSES)
        .order_by("status", "-opens_on", "-id")
    )


def call_get_for_member(*, actor: Actor, pk: int | str) -> SubmissionCall:
    """A call seen by a member of its audience (or the office); anything else is NotFound."""
    try:
        call = call_get(actor=Actor.system(), pk=pk)
    except NotFound:
        raise
    if not in_audience(actor, call):
        raise NotFound()
    return call


def judge_of(*, actor: Actor, call: SubmissionCall) -> Judge | None:
    if actor.person_id is None:
        return None
    return next((j for j in call.judges.all() if j.person_id == actor.person_id), None)


def calls_to_judge(*, actor: Actor) -> list[SubmissionCall]:
    """Calls on which the actor is an appointed judge (newest first)."""
    if actor.person_id is None:
        return []
    return list(_base().filter(judges__person_id=actor.person_id).order_by("-opens_on", "-id"))


def gallery(*, actor: Actor, call: SubmissionCall) -> list[Work]:
    """The accepted works of a call, with their prize once the results are published
    (prize first, then newest). The caller checked ``in_audience``."""
    works = list(
        Work.objects.filter(call=call, status=WorkStatus.ACCEPTED)
        .select_related("award__level")
        .order_by("-id")
    )
    if call.status != CallStatus.PUBLISHED:
        for work in works:
            work.shown_award = None
        return works
    for work in works:
        work.shown_award = getattr(work, "award", None) if _has_award(work) else None
    works.sort(
        key=lambda w: (
            w.shown_award is None,
            w.shown_award.level.position if w.shown_award else 0,
            -w.pk,
        )
    )
    return works


def _has_award(work: Work) -> bool:
    try:
        return work.award is not None
    except Award.DoesNotExist:
        return False


@dataclass
class RankedWork:
    work: Work
    score: Decimal | None
    judges: int
    rank: int | None
    award: Award | None


def call_ranking(*, actor: Actor, call: SubmissionCall) -> list[RankedWork]:
    """The accepted works ranked by final score, with their awards (office only)."""
    access.require(actor, P.VIEW_CALL, call)
    works = {
        w.pk: w
        for w in Work.objects.filter(call=call, status=WorkStatus.ACCEPTED).select_related(
            "node", "submitter", "award__level"
        )
    }
    weights = {c.pk: c.weight for c in call.criteria.all()}
    scores = Score.objects.filter(work__call=call).values_list(
        "work_id", "judge_id", "criterion_id", "value"
    )
    return [
        RankedWork(
            work=works[row.work_id],
            score=row.score,
            judges=row.judges,
            rank=row.rank,
            award=works[row.work_id].award if _has_award(works[row.work_id]) else None,
        )
        for row in rank(works, scores, weights)
    ]


def is_open_today(call: SubmissionCall, day: dt.date | None = None) -> bool:
    day = day or timezone.localdate()
    return call.status == CallStatus.OPEN and call.opens_on <= day <= call.closes_on
