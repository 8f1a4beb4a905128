"""Judges score the accepted works of a call in judging, 0–100 per criterion."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events
from ..choices import CallStatus, WorkStatus
from ..errors import SubmissionsErrorCode
from ..models import Judge, Score, Work
from ..permissions import SubmissionsPermission
from .common import lock_call, require_status

P = SubmissionsPermission


def _judge_for(actor: Actor, work: Work) -> Judge:
    """The actor's judge appointment on the work's call. Anyone else is refused: Forbidden if
    they may see the work otherwise, NotFound if not (as for any out-of-scope record)."""
    judge = (
        Judge.objects.filter(call_id=work.call_id, person_id=actor.person_id).first()
        if actor.person_id is not None
        else None
    )
    if judge is not None:
        return judge
    if access.can(actor, P.VIEW_WORK, work):
        raise Forbidden(
            _("Only the judges appointed for this call may score."),
            code=SubmissionsErrorCode.NOT_A_JUDGE,
        )
    raise NotFound()


def score_set(*, actor: Actor, work: Work, values: Mapping[int, int]) -> list[Score]:
    """Record the acting judge's scores of ``work``, one per criterion id in ``values``.

    Rules: only an appointed judge of the call; only while the call is judging and the work
    accepted; every score 0–100 for a criterion of this call; a judge never scores their own
    work nor their child's (conflict of interest). A later call replaces the judge's earlier
    scores for the same criteria. Audited.
    """
    judge = _judge_for(actor, work)
    if work.submitter_id == judge.person_id or (
        work.child is not None and work.child.person_id == judge.person_id
    ):
        raise DomainError(
            _("A judge cannot score their own work or their child's."),
            code=SubmissionsErrorCode.JUDGE_OWN_WORK,
        )
    criteria = {c.pk: c for c in work.call.criteria.all()}
    if not values:
        raise ValidationFailed(_("Give at least one score."), field="scores")
    cleaned: dict[int, int] = {}
    for criterion_id, value in values.items():
        if criterion_id not in criteria:
            raise ValidationFailed(
                _("Unknown criterion for this call."), field=f"criterion_{criterion_id}"
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValidationFailed(
                _("Scores run from 0 to 100."),
                code=SubmissionsErrorCode.SCORE_OUT_OF_RANGE,
                field=f"criterion_{criterion_id}",
            )
        cleaned[criterion_id] = value
    with transaction.atomic(durable=True):
        call = lock_call(work.call)
        require_status(call.status, [CallStatus.JUDGING], CallStatus)
        work = Work.objects.select_related("node").get(pk=work.pk)
        if work.status != WorkStatus.ACCEPTED:
            raise DomainError(
                _("Only accepted works are judged."), code=SubmissionsErrorCode.WORK_NOT_ACCEPTED
            )
        existing = {s.criterion_id: s for s in Score.objects.filter(work=work, judge=judge)}
        saved: list[Score] = []
        for criterion_id, value in cleaned.items():
            score = existing.get(criterion_id)
            if score is None:
                score = Score.objects.create(
                    work=work, judge=judge, criterion_id=criterion_id, value=value
                )
            elif score.value != value:
                score.value = value
                score.save(update_fields=["value", "scored_at"])
            saved.append(score)
        audit.record(
            actor=actor,
            event=events.WORK_SCORED,
            target=work,
            changes={"judge": judge.person_id, "scores": {str(k): v for k, v in cleaned.items()}},
            node_path=work.node.path,
        )
    return saved
