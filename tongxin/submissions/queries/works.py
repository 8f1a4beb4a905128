"""Works: the office's list per call, a member's own works, a judge's list, the file."""

from django.db.models import Prefetch, QuerySet

from tongxin.core.errors import NotFound
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from ..choices import CallStatus, WorkStatus
from ..models import Judge, Score, SubmissionCall, Work
from ..permissions import SubmissionsPermission
from .calls import in_audience

P = SubmissionsPermission


def _base() -> QuerySet[Work]:
    return Work.objects.select_related("call", "call__node", "node", "submitter", "child")


def work_list(*, actor: Actor, call: SubmissionCall, status: str = "") -> QuerySet[Work]:
    """The works of a call the actor may see (office: all; branch: their branch's)."""
    qs = access.scope(_base().filter(call=call), actor, P.VIEW_WORK).exclude(
        status=WorkStatus.WITHDRAWN
    )
    if status in WorkStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("award__level").order_by("-submitted_on", "-id")


def works_mine(*, actor: Actor) -> QuerySet[Work]:
    """The works the actor submitted (for themself or their children), newest first."""
    if actor.person_id is None:
        return Work.objects.none()
    return (
        _base()
        .filter(submitter_id=actor.person_id)
        .select_related("award__level")
        .order_by("-submitted_on", "-id")
    )


def work_get(*, actor: Actor, pk: int | str) -> Work:
    return access.get_scoped(_base().select_related("award__level"), actor, P.VIEW_WORK, pk=pk)


def works_to_judge(*, actor: Actor, call: SubmissionCall, judge: Judge) -> list[Work]:
    """The accepted works of a call with the judge's own scores attached (``my_scores``:
    criterion id → value) and whether the judge may score each (not their own or child's)."""
    works: list[Work] = list(
        Work.objects.filter(call=call, status=WorkStatus.ACCEPTED)  # type: ignore[no-redef]  # stubs: to_attr is the declared Work.judge_scores
        .select_related("child")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.filter(judge=judge), to_attr="judge_scores")
        )
        .order_by("id")
    )
    for work in works:
        work.my_scores = {s.criterion_id: s.value for s in work.judge_scores}
        work.conflict = work.submitter_id == judge.person_id or (
            work.child is not None and work.child.person_id == judge.person_id
        )
    return works


def work_file_get(*, actor: Actor, pk: int | str) -> Work:
    """A work whose file the actor may open: their own or one in scope (``view_work``), any
    work of a call they judge, or an accepted work of a call whose audience they are in."""
    work = Work.objects.select_related("call", "call__node", "node", "child").filter(pk=pk).first()
    if work is None:
        raise NotFound()
    if access.can(actor, P.VIEW_WORK, work):
        return work
    if (
        actor.person_id is not None
        and Judge.objects.filter(call_id=work.call_id, person_id=actor.person_id).exists()
    ):
        return work
    if (
        work.status == WorkStatus.ACCEPTED
        and work.call.status != CallStatus.DRAFT
        and in_audience(actor, work.call)
    ):
        return work
    raise NotFound()
