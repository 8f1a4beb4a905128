"""Prizes: award prize levels to accepted works, and publish the results.

Rule (domain rules 1.4, national): prizes may go to at most 2/3 of participants. Here the
participants of a call are the distinct authors of its accepted works, the winners the authors
holding a prize (one prize per author per call), and the share and the cap per prize come from
the funds policy in force when the call closes (``prize_share_numerator/denominator``,
``prize_cap_fen``) through ``funds.rules.prizes_check``.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.approvals import conflicts
from tongxin.approvals.errors import ApprovalsErrorCode
from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import DomainError
from tongxin.funds import services as funds
from tongxin.funds.queries.policy import policy_in_force
from tongxin.funds.rules import prizes_check
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import events, notices
from ..choices import CallStatus, WorkStatus
from ..errors import SubmissionsErrorCode
from ..models import Award, PrizeLevel, Score, SubmissionCall, Work
from ..permissions import SubmissionsPermission
from ..scoring import rank
from .common import lock_call, require_status

P = SubmissionsPermission
PRIZE_CATEGORY_KEY = "expense.staff_activities.member_activities"


def participant_count(call: SubmissionCall) -> int:
    """Distinct authors (people or children) of the call's accepted works."""
    return (
        Work.objects.filter(call=call, status=WorkStatus.ACCEPTED)
        .values("author_key")
        .distinct()
        .count()
    )


def _check_share(call: SubmissionCall, amounts_fen: list[int]) -> None:
    policy = policy_in_force(school=call.school, on=call.closes_on)
    prizes_check(policy=policy, participants=participant_count(call), prize_amounts_fen=amounts_fen)


def _grant(actor: Actor, call: SubmissionCall, work: Work, level: PrizeLevel) -> Award:
    """Grant inside the caller's transaction, the call's row already locked."""
    if work.call_id != call.pk or level.call_id != call.pk:
        raise DomainError(_("The work and the prize must belong to the same call."))
    if work.status != WorkStatus.ACCEPTED:
        raise DomainError(
            _("Only accepted works can receive a prize."),
            code=SubmissionsErrorCode.WORK_NOT_ACCEPTED,
        )
    awards = list(Award.objects.filter(call=call))
    if any(a.work_id == work.pk or a.author_key == work.author_key for a in awards):
        raise DomainError(
            _("%(name)s already has a prize in this call.") % {"name": work.author_name},
            code=SubmissionsErrorCode.AUTHOR_HAS_PRIZE,
        )
    if sum(1 for a in awards if a.level_id == level.pk) >= level.count:
        raise DomainError(
            _("All %(count)d “%(prize)s” prizes have been given.")
            % {"count": level.count, "prize": level.name},
            code=SubmissionsErrorCode.PRIZE_LEVEL_FULL,
        )
    _check_share(call, [a.amount_fen for a in awards] + [level.amount_fen])
    award = Award.objects.create(
        call=call, work=work, level=level, author_key=work.author_key, amount_fen=level.amount_fen
    )
    audit.record(
        actor=actor,
        event=events.WORK_AWARDED,
        target=work,
        changes={"prize": level.name, "amount_fen": level.amount_fen},
        node_path=work.node.path,
    )
    return award


def award_grant(*, actor: Actor, work: Work, level: PrizeLevel) -> Award:
    """Give ``level`` to an accepted work while the call is judging.

    Rules: one prize per author; no more prizes of a level than its count; winners at most
    the policy's share of participants (⌊2/3 × participants⌋) and each prize within the
    policy's cap. Locks the call so two awards cannot both pass the count. Audited.
    """
    access.require(actor, P.MANAGE_CALL, work.call)
    with transaction.atomic(durable=True):
        call = lock_call(work.call)
        require_status(call.status, [CallStatus.JUDGING], CallStatus)
        work = Work.objects.select_related("node").get(pk=work.pk)
        return _grant(actor, call, work, level)


def award_revoke(*, actor: Actor, award: Award) -> None:
    """Take a prize back before the results are published. Audited."""
    access.require(actor, P.MANAGE_CALL, award.call)
    with transaction.atomic(durable=True):
        call = lock_call(award.call)
        require_status(call.status, [CallStatus.JUDGING], CallStatus)
        work = Work.objects.select_related("node").get(pk=award.work_id)
        name = award.level.name
        delete_or_refuse(award)
        audit.record(
            actor=actor,
            event=events.AWARD_REVOKED,
            target=work,
            changes={"prize": name},
            node_path=work.node.path,
        )


def awards_from_ranking(*, actor: Actor, call: SubmissionCall) -> list[Award]:
    """Fill the prize levels in ranking order (best level to the best work), skipping works
    already awarded and authors already holding a prize; unscored works get nothing.

    All or nothing: if the levels hold more prizes than the 2/3 share allows, the first award
    beyond it is refused and none is given.
    """
    access.require(actor, P.MANAGE_CALL, call)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(call.status, [CallStatus.JUDGING], CallStatus)
        works = {
            w.pk: w
            for w in Work.objects.filter(call=call, status=WorkStatus.ACCEPTED).select_related(
                "node"
            )
        }
        weights = {c.pk: c.weight for c in call.criteria.all()}
        scores = Score.objects.filter(work__call=call).values_list(
            "work_id", "judge_id", "criterion_id", "value"
        )
        ranked = [row for row in rank(works, scores, weights) if row.rank is not None]
        taken = set(Award.objects.filter(call=call).values_list("author_key", flat=True))
        used = dict.fromkeys(call.prize_levels.values_list("pk", flat=True), 0)
        for level_id in Award.objects.filter(call=call).values_list("level_id", flat=True):
            used[level_id] += 1
        levels = list(call.prize_levels.order_by("position", "id"))
        granted: list[Award] = []
        queue = iter(ranked)
        for level in levels:
            while used[level.pk] < level.count:
                row = next(queue, None)
                if row is None:
                    break
                work = works[row.work_id]
                if work.author_key in taken:
                    continue
                granted.append(_grant(actor, call, work, level))
                taken.add(work.author_key)
                used[level.pk] += 1
    return granted


def call_publish(
    *, actor: Actor, call: SubmissionCall, pay_prizes: bool = False, on: dt.date | None = None
) -> SubmissionCall:
    """Publish the results: the gallery shows the prizes. The 2/3 share is checked again.

    With ``pay_prizes``, each prize worth more than 0 is paid through the funds ledger
    (``ledger_post_expense``, category member activities, tagged with the submitter) in the
    same transaction: a refused payment publishes nothing. Audited.
    """
    access.require(actor, P.MANAGE_CALL, call)
    day = on or timezone.localdate()
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(call.status, [CallStatus.JUDGING], CallStatus)
        awards = list(
            Award.objects.filter(call=call).select_related("work", "level").order_by("pk")
        )
        _check_share(call, [a.amount_fen for a in awards])
        paid = 0
        if pay_prizes:
            # Nobody pays a prize to themself or their family (decision 0011).
            mine = conflicts.conflicted_person_ids(actor)
            for award in awards:
                conflict = conflicts.conflict_with_person(actor, award.work.submitter_id, mine)
                if award.amount_fen > 0 and conflict is not None:
                    raise DomainError(
                        conflict.message(),
                        code=ApprovalsErrorCode.CONFLICT_OF_INTEREST,
                        field="pay_prizes",
                    )
            for award in awards:
                if award.amount_fen <= 0:
                    continue
                entry = funds.ledger_post_expense(
                    actor=actor,
                    node=call.node,
                    category_key=PRIZE_CATEGORY_KEY,
                    amount_fen=award.amount_fen,
                    entry_on=day,
                    memo=f"{call.title} · {award.level.name} · {award.work.author_name}"[:200],
                    source=funds.SourceRef.of(award),
                    person_id=award.work.submitter_id,
                )
                award.journal_entry_id = entry.pk
                award.save(update_fields=["journal_entry_id", "updated_at"])
                paid += award.amount_fen
        call.status = CallStatus.PUBLISHED
        call.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.CALL_PUBLISHED,
            target=call,
            changes={
                "status": [CallStatus.JUDGING, CallStatus.PUBLISHED],
                "prizes": len(awards),
                "paid_fen": paid,
            },
            node_path=call.node.path,
        )
        notices.results_published(call, awards)
    return call
