"""Running a call: create and change it while a draft, open it, start judging, appoint
judges, set prize levels. Only the union office (``manage_call`` on the organiser) does this."""

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.money import format_fen
from tongxin.funds.errors import FundsErrorCode
from tongxin.funds.queries.policy import policy_in_force
from tongxin.members.choices import EmploymentStatus
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events, notices
from ..choices import CALL_TRANSITIONS, CallStatus, Eligibility, WorkKind
from ..errors import SubmissionsErrorCode
from ..models import Criterion, Judge, PrizeLevel, SubmissionCall
from ..permissions import SubmissionsPermission
from .common import check_transition, clean_text, lock_call, require_status

if TYPE_CHECKING:
    from tongxin.activities.models import Activity

P = SubmissionsPermission
MAX_CRITERIA = 10
CALL_FIELDS = [
    "title",
    "description",
    "kinds",
    "eligibility",
    "child_min_age",
    "child_max_age",
    "opens_on",
    "closes_on",
    "max_works_per_author",
    "activity",
]


def _clean_call(
    *,
    title: str,
    description: str,
    kinds: Sequence[str],
    eligibility: str,
    child_min_age: int | None,
    child_max_age: int | None,
    opens_on: dt.date,
    closes_on: dt.date,
    max_works_per_author: int,
    criteria: Sequence[tuple[str, int]],
) -> tuple[dict, list[tuple[str, int]]]:
    """Check a call's fields: at least one kind of work and one criterion, dates in order,
    a sensible age band for children's calls, weights 1–100."""
    kinds = sorted(set(kinds))
    if not kinds or any(kind not in WorkKind.values for kind in kinds):
        raise ValidationFailed(
            _("Choose the kinds of work the call accepts."),
            code=SubmissionsErrorCode.KINDS_REQUIRED,
            field="kinds",
        )
    if eligibility not in Eligibility.values:
        raise ValidationFailed(_("Choose who may submit."), field="eligibility")
    if closes_on < opens_on:
        raise ValidationFailed(
            _("The call cannot close before it opens."),
            code=SubmissionsErrorCode.DATES_ORDER,
            field="closes_on",
        )
    if eligibility == Eligibility.CHILDREN:
        if child_min_age is None or child_max_age is None:
            raise ValidationFailed(_("Give the children's age band."), field="child_min_age")
        if not 0 <= child_min_age <= child_max_age <= 25:
            raise ValidationFailed(
                _("The age band must run from a lower to a higher age (0–25)."),
                field="child_max_age",
            )
    else:
        child_min_age = child_max_age = None
    if not 1 <= max_works_per_author <= 20:
        raise ValidationFailed(
            _("Between 1 and 20 works per author."), field="max_works_per_author"
        )
    cleaned_criteria: list[tuple[str, int]] = []
    for name, weight in criteria:
        name = clean_text(name, field="criteria", max_length=60, required=False)
        if not name:
            continue
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            raise ValidationFailed(
                _("Each criterion needs a weight from 1 to 100."), field="criteria"
            )
        cleaned_criteria.append((name, weight))
    if not cleaned_criteria or len(cleaned_criteria) > MAX_CRITERIA:
        raise ValidationFailed(
            _("Give between 1 and %(count)d judging criteria with their weights.")
            % {"count": MAX_CRITERIA},
            code=SubmissionsErrorCode.CRITERIA_REQUIRED,
            field="criteria",
        )
    fields = {
        "title": clean_text(title, field="title", max_length=120),
        "description": clean_text(
            description, field="description", max_length=5000, required=False
        ),
        "kinds": kinds,
        "eligibility": eligibility,
        "child_min_age": child_min_age,
        "child_max_age": child_max_age,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "max_works_per_author": max_works_per_author,
    }
    return fields, cleaned_criteria


def _check_activity(activity, school_id: int) -> None:  # type: ignore[no-untyped-def]
    """A linked activity (e.g. the children's day event) must be the same school's."""
    if activity is not None and activity.school_id != school_id:
        raise ValidationFailed(
            _("The activity must belong to the same school union."), field="activity"
        )


def _set_criteria(call: SubmissionCall, criteria: list[tuple[str, int]]) -> None:
    call.criteria.all().delete()
    Criterion.objects.bulk_create(
        [
            Criterion(call=call, name=name, weight=weight, position=index)
            for index, (name, weight) in enumerate(criteria)
        ]
    )


def call_create(
    *,
    actor: Actor,
    node: OrgNode,
    title: str,
    kinds: Sequence[str],
    eligibility: str,
    opens_on: dt.date,
    closes_on: dt.date,
    criteria: Sequence[tuple[str, int]],
    description: str = "",
    child_min_age: int | None = None,
    child_max_age: int | None = None,
    max_works_per_author: int = 1,
    activity: "Activity | None" = None,
) -> SubmissionCall:
    """Create a draft call organised by ``node`` with its weighted judging criteria. Audited."""
    access.require_at(actor, P.MANAGE_CALL, node)
    fields, cleaned = _clean_call(
        title=title,
        description=description,
        kinds=kinds,
        eligibility=eligibility,
        child_min_age=child_min_age,
        child_max_age=child_max_age,
        opens_on=opens_on,
        closes_on=closes_on,
        max_works_per_author=max_works_per_author,
        criteria=criteria,
    )
    _check_activity(activity, node.school_id or node.pk)
    with transaction.atomic(durable=True):
        call = SubmissionCall.objects.create(
            school_id=node.school_id or node.pk,
            node=node,
            activity=activity,
            created_by_id=actor.user_id,
            **fields,
        )
        _set_criteria(call, cleaned)
        audit.record(
            actor=actor,
            event=events.CALL_CREATED,
            target=call,
            changes={**audit.snapshot(call, CALL_FIELDS), "criteria": cleaned},
            node_path=node.path,
        )
    return call


def call_update(*, actor: Actor, call: SubmissionCall, **values) -> SubmissionCall:  # type: ignore[no-untyped-def]
    """Change a call while it is a draft (the same checks as creating it). Audited."""
    access.require(actor, P.MANAGE_CALL, call)
    criteria = values.pop("criteria", None)
    activity = values.pop("activity", call.activity)
    _check_activity(activity, call.school_id)
    current = {name: getattr(call, name) for name in CALL_FIELDS if name != "activity"}
    current.update({k: v for k, v in values.items() if k in current})
    if criteria is None:
        criteria = [(c.name, c.weight) for c in call.criteria.all()]
    fields, cleaned = _clean_call(**current, criteria=criteria)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(call.status, [CallStatus.DRAFT], CallStatus)
        before = audit.snapshot(call, CALL_FIELDS)
        for name, value in fields.items():
            setattr(call, name, value)
        call.activity = activity
        call.save()
        _set_criteria(call, cleaned)
        audit.record(
            actor=actor,
            event=events.CALL_UPDATED,
            target=call,
            changes={**audit.diff(before, audit.snapshot(call, CALL_FIELDS)), "criteria": cleaned},
            node_path=call.node.path,
        )
    return call


def _move(actor: Actor, call: SubmissionCall, target: str, event: str) -> SubmissionCall:
    access.require(actor, P.MANAGE_CALL, call)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        check_transition(call.status, target, CALL_TRANSITIONS, CallStatus)
        if target == CallStatus.JUDGING and not call.judges.exists():
            raise DomainError(
                _("Appoint at least one judge before judging starts."),
                code=SubmissionsErrorCode.NO_JUDGES,
            )
        old = call.status
        call.status = target
        call.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=event,
            target=call,
            changes={"status": [old, target]},
            node_path=call.node.path,
        )
    return call


def call_open(*, actor: Actor, call: SubmissionCall) -> SubmissionCall:
    """Open a draft call: works may be submitted between its open and close dates."""
    return _move(actor, call, CallStatus.OPEN, events.CALL_OPENED)


def call_start_judging(*, actor: Actor, call: SubmissionCall) -> SubmissionCall:
    """Close submissions and let the appointed judges score (at least one judge needed)."""
    return _move(actor, call, CallStatus.JUDGING, events.CALL_JUDGING)


def judge_appoint(*, actor: Actor, call: SubmissionCall, person: Person) -> Judge:
    """Appoint ``person`` (staff of the call's school, still employed) as a judge. Audited.

    A judge may have works of their own or their children in the call; the scoring service
    refuses those scores rather than the appointment.
    """
    access.require(actor, P.MANAGE_CALL, call)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(
            call.status, [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.JUDGING], CallStatus
        )
        if person.school_id != call.school_id or person.employment_status in (
            EmploymentStatus.LEFT,
            EmploymentStatus.DECEASED,
        ):
            raise ValidationFailed(
                _("A judge must be on the staff of the call's school."),
                code=SubmissionsErrorCode.NOT_ELIGIBLE,
                field="person",
            )
        try:
            with transaction.atomic():
                judge = Judge.objects.create(call=call, person=person)
        except IntegrityError:
            raise DomainError(
                _("%(name)s is already a judge of this call.") % {"name": person.name},
                code=SubmissionsErrorCode.JUDGE_EXISTS,
                field="person",
            ) from None
        audit.record(
            actor=actor,
            event=events.JUDGE_APPOINTED,
            target=call,
            changes={"judge": person.pk},
            node_path=call.node.path,
        )
        notices.judge_appointed(call, person)
    return judge


def judge_remove(*, actor: Actor, judge: Judge) -> None:
    """Remove a judge who has not scored yet (scores given stay part of the results)."""
    call = judge.call
    access.require(actor, P.MANAGE_CALL, call)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(
            call.status, [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.JUDGING], CallStatus
        )
        if judge.scores.exists():
            raise DomainError(_("This judge has already given scores and cannot be removed."))
        person_id = judge.person_id
        delete_or_refuse(judge)
        audit.record(
            actor=actor,
            event=events.JUDGE_REMOVED,
            target=call,
            changes={"judge": person_id},
            node_path=call.node.path,
        )


def prize_level_add(
    *, actor: Actor, call: SubmissionCall, name: str, count: int, amount_fen: int = 0
) -> PrizeLevel:
    """Add a prize level. Rule: each prize is worth at most the policy's cap per prize
    (``prize_cap_fen`` of the policy in force when the call closes; domain rules 1.4)."""
    access.require(actor, P.MANAGE_CALL, call)
    name = clean_text(name, field="name", max_length=40)
    if not isinstance(count, int) or not 1 <= count <= 500:
        raise ValidationFailed(_("Give a number of prizes from 1 to 500."), field="count")
    if not isinstance(amount_fen, int) or amount_fen < 0:
        raise ValidationFailed(_("The amount cannot be negative."), field="amount_fen")
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(
            call.status, [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.JUDGING], CallStatus
        )
        if amount_fen:
            policy = policy_in_force(school=call.school, on=call.closes_on)
            if amount_fen > policy.prize_cap_fen:
                raise ValidationFailed(
                    _("A prize may be worth at most %(cap)s yuan.")
                    % {"cap": format_fen(policy.prize_cap_fen)},
                    code=FundsErrorCode.PRIZE_OVER_CAP,
                    field="amount_fen",
                )
        position = call.prize_levels.count()
        level = PrizeLevel.objects.create(
            call=call, name=name, count=count, amount_fen=amount_fen, position=position
        )
        audit.record(
            actor=actor,
            event=events.PRIZE_LEVEL_ADDED,
            target=call,
            changes={"prize": name, "count": count, "amount_fen": amount_fen},
            node_path=call.node.path,
        )
    return level


def prize_level_remove(*, actor: Actor, level: PrizeLevel) -> None:
    """Remove a prize level that no work has received yet."""
    call = level.call
    access.require(actor, P.MANAGE_CALL, call)
    with transaction.atomic(durable=True):
        call = lock_call(call)
        require_status(
            call.status, [CallStatus.DRAFT, CallStatus.OPEN, CallStatus.JUDGING], CallStatus
        )
        if level.awards.exists():
            raise DomainError(_("This prize has been awarded; revoke the awards first."))
        name = level.name
        delete_or_refuse(level)
        audit.record(
            actor=actor,
            event=events.PRIZE_LEVEL_REMOVED,
            target=call,
            changes={"prize": name},
            node_path=call.node.path,
        )
