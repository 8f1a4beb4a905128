"""The proposal committee's review and assignment, and the presidium's decision on disputes.

Outcomes of the review (domain rules 4.1.3): accepted, merged into another proposal (its
proposers become co-proposers there), forwarded to a department as a suggestion (through staff
voice) or rejected with a reason. A proposer may dispute a rejection; the presidium upholds it
or accepts the proposal. Accepted proposals are assigned
to a lead department and co-handling departments with a reply deadline.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import SchoolDepartment
from tongxin.voice import services as voice_services
from tongxin.voice.choices import ItemKind

from .. import events, notices
from ..choices import (
    ACCEPTED_STATUSES,
    CATEGORY_TO_VOICE,
    DepartmentRole,
    DisputeDecision,
    ProposalStatus,
)
from ..errors import ProposalErrorCode
from ..models import Proposal, ProposalCoProposer, ProposalDepartment
from ..permissions import ProposalPermission
from .common import check_transition, clean_text, require_proposer, require_status, step_day
from .drafting import _lock, _suggestion_text

P = ProposalPermission
S = ProposalStatus
NOTE_MAX_LENGTH = 2000


def proposers_of(proposal: Proposal) -> list[Person]:
    """The lead proposer and the co-proposers (for notices)."""
    people = [proposal.proposer]
    people += [row.person for row in proposal.co_proposers.select_related("person")]
    return people


def _record(actor: Actor, event: str, proposal: Proposal, changes: dict[str, object]) -> None:
    audit.record(
        actor=actor, event=event, target=proposal, changes=changes, node_path=proposal.node.path
    )


def _review_day(proposal: Proposal, on: dt.date | None) -> dt.date:
    submitted = timezone.localdate(proposal.submitted_at) if proposal.submitted_at else None
    return step_day(on, not_before=submitted)


def proposal_accept(
    *,
    actor: Actor,
    proposal: Proposal,
    note: str = "",
    lead_department: SchoolDepartment | None = None,
    co_departments: Sequence[SchoolDepartment] = (),
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Proposal:
    """Accept a submitted proposal and, with ``lead_department``, assign it at once.

    Audited; the proposers are told.
    """
    access.require(actor, P.REVIEW, proposal)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.ACCEPTED)
        day = _review_day(proposal, on)
        old = proposal.status
        proposal.status, proposal.reviewed_on, proposal.review_note = S.ACCEPTED, day, note
        proposal.save(update_fields=["status", "reviewed_on", "review_note", "updated_at"])
        _record(actor, events.PROPOSAL_ACCEPTED, proposal, {"status": [old, S.ACCEPTED]})
        notices.outcome(
            proposal,
            proposers_of(proposal),
            _("Your proposal was accepted: %(title)s") % {"title": proposal.title},
            note,
        )
        if lead_department is not None:
            _assign_locked(actor, proposal, lead_department, co_departments, due_on, day)
    return proposal


def proposal_merge(
    *, actor: Actor, proposal: Proposal, into: Proposal, note: str = "", on: dt.date | None = None
) -> Proposal:
    """Merge a submitted proposal into another of the same collection.

    Rules: the target is submitted or accepted (not itself merged, rejected or converted) and
    not the proposal itself. The proposal's proposer and co-proposers become co-proposers of
    the target. Locks both rows in id order. Audited; the proposers are told.
    """
    access.require(actor, P.REVIEW, proposal)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    if into.pk == proposal.pk or into.collection_id != proposal.collection_id:
        raise ValidationFailed(
            _("Choose another proposal of the same collection."),
            code=ProposalErrorCode.MERGE_TARGET,
            field="into",
        )
    with transaction.atomic(durable=True):
        first, second = sorted([proposal, into], key=lambda row: row.pk)
        locked = {row.pk: _lock(row) for row in (first, second)}
        proposal, into = locked[proposal.pk], locked[into.pk]
        check_transition(proposal.status, S.MERGED)
        if into.status not in (S.SUBMITTED, *ACCEPTED_STATUSES) or into.status == S.CLOSED:
            raise ValidationFailed(
                _("A proposal can only be merged into one that is under review or accepted."),
                code=ProposalErrorCode.MERGE_TARGET,
                field="into",
            )
        day = _review_day(proposal, on)
        people = [proposal.proposer_id, *proposal.co_proposers.values_list("person_id", flat=True)]
        existing = {into.proposer_id, *into.co_proposers.values_list("person_id", flat=True)}
        ProposalCoProposer.objects.bulk_create(
            [
                ProposalCoProposer(proposal=into, person_id=person_id, from_proposal=proposal)
                for person_id in dict.fromkeys(people)
                if person_id not in existing
            ]
        )
        old = proposal.status
        proposal.status, proposal.merged_into = S.MERGED, into
        proposal.reviewed_on, proposal.review_note, proposal.closed_on = day, note, day
        proposal.save(
            update_fields=[
                "status",
                "merged_into",
                "reviewed_on",
                "review_note",
                "closed_on",
                "updated_at",
            ]
        )
        _record(
            actor,
            events.PROPOSAL_MERGED,
            proposal,
            {"status": [old, S.MERGED], "into": into.pk, "co_proposers": people},
        )
        notices.outcome(
            proposal,
            proposers_of(proposal),
            _("Your proposal was merged into “%(into)s”; you are now one of its proposers.")
            % {"into": into.title},
            note,
        )
    return proposal


def proposal_convert(
    *,
    actor: Actor,
    proposal: Proposal,
    department: SchoolDepartment,
    note: str = "",
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Proposal:
    """Forward a submitted proposal to ``department`` as a suggestion.

    Files a staff-voice suggestion in the proposer's name and passes it on at once (the
    department replies and the proposer rates it there). Audited; the proposer is told.
    """
    access.require(actor, P.REVIEW, proposal)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.CONVERTED)
        day = _review_day(proposal, on)
        _check_department(proposal, department, "department")
        item = voice_services.voice_item_file_within(
            actor=actor,
            person=proposal.proposer,
            kind=ItemKind.SUGGESTION,
            category=CATEGORY_TO_VOICE[proposal.category],
            title=proposal.title,
            text=_suggestion_text(proposal),
            filed_on=day,
            department=department,
            due_on=due_on,
            note=note,
        )
        old = proposal.status
        proposal.status, proposal.voice_item = S.CONVERTED, item
        proposal.reviewed_on, proposal.review_note, proposal.closed_on = day, note, day
        proposal.save(
            update_fields=[
                "status",
                "voice_item",
                "reviewed_on",
                "review_note",
                "closed_on",
                "updated_at",
            ]
        )
        _record(
            actor,
            events.PROPOSAL_CONVERTED,
            proposal,
            {"status": [old, S.CONVERTED], "voice_item": item.pk, "department": department.pk},
        )
        notices.outcome(
            proposal,
            proposers_of(proposal),
            _("Your proposal was forwarded to %(department)s as a suggestion: %(title)s")
            % {"department": department.name, "title": proposal.title},
            note,
        )
    return proposal


def proposal_reject(
    *, actor: Actor, proposal: Proposal, reason: str, on: dt.date | None = None
) -> Proposal:
    """Reject a submitted proposal with the reason shown to the proposer. Audited."""
    access.require(actor, P.REVIEW, proposal)
    reason = clean_text(reason, field="reason", max_length=NOTE_MAX_LENGTH)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.REJECTED)
        day = _review_day(proposal, on)
        old = proposal.status
        proposal.status, proposal.reviewed_on, proposal.review_note = S.REJECTED, day, reason
        proposal.closed_on = day
        proposal.save(
            update_fields=["status", "reviewed_on", "review_note", "closed_on", "updated_at"]
        )
        _record(
            actor,
            events.PROPOSAL_REJECTED,
            proposal,
            {"status": [old, S.REJECTED], "reason": reason},
        )
        notices.outcome(
            proposal,
            proposers_of(proposal),
            _("Your proposal was not accepted: %(title)s") % {"title": proposal.title},
            reason,
        )
    return proposal


def proposal_dispute(
    *, actor: Actor, proposal: Proposal, reason: str, on: dt.date | None = None
) -> Proposal:
    """The proposer disputes a rejection; the presidium will decide. Once per proposal. Audited."""
    require_proposer(actor, proposal)
    reason = clean_text(reason, field="reason", max_length=NOTE_MAX_LENGTH)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.DISPUTED)
        if proposal.dispute_decision:
            raise DomainError(
                _("The presidium has already decided on this proposal."),
                code="invalid_transition",
            )
        day = step_day(on, not_before=proposal.reviewed_on)
        proposal.status, proposal.dispute_reason, proposal.disputed_on = S.DISPUTED, reason, day
        proposal.closed_on = None
        proposal.save(
            update_fields=["status", "dispute_reason", "disputed_on", "closed_on", "updated_at"]
        )
        _record(
            actor,
            events.PROPOSAL_DISPUTED,
            proposal,
            {"status": [S.REJECTED, S.DISPUTED], "reason": reason},
        )
    return proposal


def proposal_dispute_decide(
    *, actor: Actor, proposal: Proposal, decision: str, note: str, on: dt.date | None = None
) -> Proposal:
    """Record the presidium's decision on a disputed rejection: upheld (rejected for good) or
    overturned (accepted, to be assigned). Audited; the proposers are told."""
    access.require(actor, P.DECIDE_DISPUTE, proposal)
    if decision not in DisputeDecision.values:
        raise ValidationFailed(_("Choose the presidium's decision."), field="decision")
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        require_status(proposal.status, [S.DISPUTED])
        day = step_day(on, not_before=proposal.disputed_on)
        target = S.ACCEPTED if decision == DisputeDecision.OVERTURNED else S.REJECTED
        proposal.status, proposal.dispute_decision = target, decision
        proposal.dispute_note, proposal.dispute_decided_on = note, day
        proposal.closed_on = day if target == S.REJECTED else None
        proposal.save(
            update_fields=[
                "status",
                "dispute_decision",
                "dispute_note",
                "dispute_decided_on",
                "closed_on",
                "updated_at",
            ]
        )
        _record(
            actor,
            events.PROPOSAL_DISPUTE_DECIDED,
            proposal,
            {"status": [S.DISPUTED, target], "decision": decision},
        )
        notices.outcome(
            proposal,
            proposers_of(proposal),
            _("The presidium decided on your proposal: %(decision)s")
            % {"decision": DisputeDecision(decision).label},
            note,
        )
    return proposal


def _check_department(proposal: Proposal, department: SchoolDepartment, field: str) -> None:
    if not department.is_active or department.school_id != proposal.collection.school_id:
        raise ValidationFailed(
            _("Choose a department of the school that is in use: %(name)s")
            % {"name": department.name},
            code=ProposalErrorCode.DEPARTMENT_INVALID,
            field=field,
        )


def _assign_locked(
    actor: Actor,
    proposal: Proposal,
    lead: SchoolDepartment,
    co_departments: Sequence[SchoolDepartment],
    due_on: dt.date | None,
    day: dt.date,
) -> None:
    _check_department(proposal, lead, "lead_department")
    co = [dept for dept in dict.fromkeys(co_departments) if dept.pk != lead.pk]
    for dept in co:
        _check_department(proposal, dept, "co_departments")
    due = due_on or day + dt.timedelta(days=proposal.collection.reply_days)
    if due < day:
        raise ValidationFailed(
            _("The reply deadline cannot be before the day it is assigned."),
            code=ProposalErrorCode.DUE_BEFORE_ASSIGNED,
            field="due_on",
        )
    ProposalDepartment.objects.filter(proposal=proposal).delete()
    ProposalDepartment.objects.bulk_create(
        [ProposalDepartment(proposal=proposal, department=lead, role=DepartmentRole.LEAD)]
        + [
            ProposalDepartment(proposal=proposal, department=dept, role=DepartmentRole.CO_HANDLING)
            for dept in co
        ]
    )
    old = proposal.status
    proposal.status, proposal.assigned_on, proposal.due_on = S.ASSIGNED, day, due
    proposal.save(update_fields=["status", "assigned_on", "due_on", "updated_at"])
    _record(
        actor,
        events.PROPOSAL_ASSIGNED,
        proposal,
        {
            "status": [old, S.ASSIGNED],
            "lead": lead.pk,
            "co_handling": [dept.pk for dept in co],
            "due_on": due.isoformat(),
        },
    )
    notices.assigned(proposal, [lead, *co])


def proposal_assign(
    *,
    actor: Actor,
    proposal: Proposal,
    lead_department: SchoolDepartment,
    co_departments: Sequence[SchoolDepartment] = (),
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Proposal:
    """Assign an accepted proposal to a lead department and co-handling departments, or
    reassign one still waiting for its reply.

    Rules: active departments of the proposal's school; the deadline defaults to the
    collection's ``reply_days`` after the day and cannot be before it. Audited; the
    departments' handlers are told.
    """
    access.require(actor, P.REVIEW, proposal)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        # replied → assigned is the proposers' reopening (``proposal_rate``), not a review step.
        require_status(proposal.status, [S.ACCEPTED, S.ASSIGNED])
        day = step_day(on, not_before=proposal.reviewed_on)
        _assign_locked(actor, proposal, lead_department, co_departments, due_on, day)
    return proposal


def proposal_mark_outstanding(
    *, actor: Actor, proposal: Proposal, is_outstanding: bool, note: str = ""
) -> Proposal:
    """Mark (or unmark) an accepted proposal as outstanding. Audited."""
    access.require(actor, P.REVIEW, proposal)
    note = clean_text(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        require_status(proposal.status, list(ACCEPTED_STATUSES))
        before = proposal.is_outstanding
        proposal.is_outstanding = bool(is_outstanding)
        proposal.outstanding_note = note if is_outstanding else ""
        proposal.save(update_fields=["is_outstanding", "outstanding_note", "updated_at"])
        _record(
            actor,
            events.PROPOSAL_MARKED_OUTSTANDING,
            proposal,
            {"is_outstanding": [before, proposal.is_outstanding]},
        )
    return proposal
