"""Replies and ratings: the lead department replies in writing (with attachments), the
proposers and co-signers rate the reply; the lead proposer's "unsatisfied" reopens the
proposal for a second handling, up to ``TONGXIN_PROPOSALS_MAX_ROUNDS``. Overdue replies are
reminded once a day to the department and the congress secretariat.
"""

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.queries_departments import handled_department_ids

from .. import events, notices
from ..choices import DepartmentRole, ProposalStatus, Rating
from ..errors import ProposalErrorCode
from ..models import (
    Proposal,
    ProposalDepartment,
    ProposalRating,
    ProposalReminder,
    ProposalReply,
    ProposalReplyAttachment,
)
from ..permissions import ProposalPermission
from .common import Upload, check_transition, check_upload, clean_text, require_status, step_day
from .drafting import _lock
from .review import proposers_of

P = ProposalPermission
S = ProposalStatus
REPLY_MAX_LENGTH = 8000
COMMENT_MAX_LENGTH = 1000
MAX_ATTACHMENTS = 5


def _require_lead_handler(actor: Actor, proposal: Proposal) -> ProposalDepartment:
    """Only a handler of the proposal's lead department replies (never for another one)."""
    if not access.can(actor, P.REPLY, proposal):
        raise NotFound() if not access.sees(actor, proposal) else Forbidden()
    lead = (
        ProposalDepartment.objects.filter(proposal=proposal, role=DepartmentRole.LEAD)
        .select_related("department")
        .first()
    )
    if lead is None:
        raise Forbidden(
            _("This proposal has not been assigned to a department."),
            code=ProposalErrorCode.NOT_LEAD_DEPARTMENT,
        )
    if actor.is_system:
        return lead
    if not ProposalDepartment.objects.filter(
        pk=lead.pk, department_id__in=handled_department_ids(actor=actor)
    ).exists():
        raise Forbidden(
            _("Only %(department)s, the lead department, replies to this proposal.")
            % {"department": lead.department.name},
            code=ProposalErrorCode.NOT_LEAD_DEPARTMENT,
        )
    return lead


def proposal_reply(
    *,
    actor: Actor,
    proposal: Proposal,
    text: str,
    attachments: Sequence[Upload] = (),
    on: dt.date | None = None,
) -> ProposalReply:
    """Record the lead department's written reply of the current round, with documents.

    Rules: a handler of the lead department; the proposal waits for a reply; one reply per
    round; at most five PDF/JPEG/PNG files, checked by content. Audited; the proposers and
    co-signers are asked to rate it.
    """
    lead = _require_lead_handler(actor, proposal)
    text = clean_text(text, field="text", max_length=REPLY_MAX_LENGTH)
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("At most %(count)d files, please.") % {"count": MAX_ATTACHMENTS},
            code=ProposalErrorCode.BAD_ATTACHMENT,
            field="attachments",
        )
    checked = [check_upload(upload) for upload in attachments]
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.REPLIED)
        require_status(proposal.status, [S.ASSIGNED])
        day = step_day(on, not_before=proposal.assigned_on)
        reply = ProposalReply(
            proposal=proposal,
            round=proposal.round,
            department=lead.department,
            text=text,
            replied_on=day,
            replied_by_id=actor.user_id,
            due_on=proposal.due_on or day,
        )
        try:
            with transaction.atomic():
                reply.save(force_insert=True)
        except IntegrityError:
            raise Conflict(_("This round already has a reply.")) from None
        ProposalReplyAttachment.objects.bulk_create(
            [
                ProposalReplyAttachment(
                    reply=reply, filename=name, content_type=kind, size=len(data), content=data
                )
                for name, kind, data in checked
            ]
        )
        proposal.status = S.REPLIED
        proposal.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_REPLIED,
            target=proposal,
            changes={
                "status": [S.ASSIGNED, S.REPLIED],
                "round": proposal.round,
                "department": lead.department_id,
                "late": reply.is_late,
                "attachments": [name for name, _kind, _data in checked],
            },
            node_path=proposal.node.path,
        )
        notices.replied(proposal, raters_of(proposal))
    return reply


def raters_of(proposal: Proposal) -> list[Person]:
    """The people who rate the reply: proposers, co-proposers and co-signers (once each)."""
    people = {person.pk: person for person in proposers_of(proposal)}
    for signature in proposal.co_signatures.select_related("person"):
        people.setdefault(signature.person_id, signature.person)
    return list(people.values())


def proposal_rate(
    *,
    actor: Actor,
    proposal: Proposal,
    rating: str,
    comment: str = "",
    on: dt.date | None = None,
) -> ProposalRating:
    """Rate the reply of the current round.

    Rules: the lead proposer, a co-proposer or a co-signer, once per round; an
    "unsatisfied" rating says why. The lead proposer's rating settles the round: satisfied
    or basically satisfied closes the proposal; unsatisfied reopens it for the lead
    department with a new deadline, until the last round, after which it closes. Audited.
    """
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose how satisfied you are."), field="rating")
    comment = clean_text(
        comment,
        field="comment",
        max_length=COMMENT_MAX_LENGTH,
        required=rating == Rating.UNSATISFIED,
    )
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        rater_ids = {person.pk for person in raters_of(proposal)}
        if actor.person_id is None or actor.person_id not in rater_ids:
            if not access.can(actor, P.VIEW, proposal) and actor.person_id is None:
                raise NotFound()
            raise Forbidden(
                _("Only the proposers and co-signers rate the reply to a proposal."),
                code=ProposalErrorCode.NOT_A_RATER,
            )
        require_status(proposal.status, [S.REPLIED])
        reply = ProposalReply.objects.select_for_update().get(
            proposal=proposal, round=proposal.round
        )
        day = step_day(on, not_before=reply.replied_on)
        row = ProposalRating(
            reply=reply, person_id=actor.person_id, rating=rating, comment=comment, rated_on=day
        )
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            raise Conflict(
                _("You have already rated this reply."), code=ProposalErrorCode.ALREADY_RATED
            ) from None
        changes: dict[str, object] = {"rating": rating, "round": proposal.round}
        event = events.PROPOSAL_RATED
        if actor.person_id == proposal.proposer_id:
            proposal.rating = rating
            reopen = (
                rating == Rating.UNSATISFIED
                and proposal.round < settings.TONGXIN_PROPOSALS_MAX_ROUNDS
            )
            if reopen:
                proposal.round += 1
                proposal.status, proposal.assigned_on = S.ASSIGNED, day
                proposal.due_on = day + dt.timedelta(days=proposal.collection.reply_days)
                event = events.PROPOSAL_REOPENED
                notices.assigned(
                    proposal,
                    [
                        row.department
                        for row in proposal.departments.select_related("department")
                        if row.role == DepartmentRole.LEAD
                    ],
                )
            else:
                proposal.status, proposal.closed_on = S.CLOSED, day
            proposal.save(
                update_fields=[
                    "rating",
                    "round",
                    "status",
                    "assigned_on",
                    "due_on",
                    "closed_on",
                    "updated_at",
                ]
            )
            changes["status"] = [S.REPLIED, proposal.status]
        audit.record(
            actor=actor, event=event, target=proposal, changes=changes, node_path=proposal.node.path
        )
    return row


def proposal_close(*, actor: Actor, proposal: Proposal, on: dt.date | None = None) -> Proposal:
    """The committee closes a replied proposal its proposer has not rated. Audited."""
    access.require(actor, P.REVIEW, proposal)
    with transaction.atomic(durable=True):
        proposal = _lock(proposal)
        check_transition(proposal.status, S.CLOSED)
        last = proposal.replies.order_by("-round").values_list("replied_on", flat=True).first()
        day = step_day(on, not_before=last)
        proposal.status, proposal.closed_on = S.CLOSED, day
        proposal.save(update_fields=["status", "closed_on", "updated_at"])
        audit.record(
            actor=actor,
            event=events.PROPOSAL_CLOSED,
            target=proposal,
            changes={"status": [S.REPLIED, S.CLOSED]},
            node_path=proposal.node.path,
        )
    return proposal


def proposal_overdue_remind(*, actor: Actor, today: dt.date | None = None) -> int:
    """Remind the lead department's handlers and the congress secretariat of every proposal
    whose reply is overdue; at most once per proposal, round and day (rerunning the same day
    sends nothing). Takes the overdue proposals' row locks. Returns how many were reminded.

    For the daily task and the ``proposals_remind_overdue`` command (the system actor).
    """
    if not actor.is_system:
        raise Forbidden()
    day = today or timezone.localdate()
    with transaction.atomic(durable=True):
        overdue = list(
            Proposal.objects.select_for_update(of=("self",))
            .filter(status=S.ASSIGNED, due_on__lt=day)
            .select_related("collection__school", "node")
            .order_by("pk")
        )
        done = set(
            ProposalReminder.objects.filter(
                sent_on=day, proposal__in=[row.pk for row in overdue]
            ).values_list("proposal_id", "round")
        )
        todo = [row for row in overdue if (row.pk, row.round) not in done]
        ProposalReminder.objects.bulk_create(
            [ProposalReminder(proposal=row, round=row.round, sent_on=day) for row in todo]
        )
        leads = {
            row.proposal_id: row.department
            for row in ProposalDepartment.objects.filter(
                proposal__in=[row.pk for row in todo], role=DepartmentRole.LEAD
            ).select_related("department")
        }
        for proposal in todo:
            lead = leads.get(proposal.pk)
            recipients = notices.handlers_of([lead]) if lead else []
            recipients += notices.secretariat_of(proposal.collection.school.path)
            notices.overdue(proposal, recipients)
        if todo:
            audit.record_many(
                actor=actor,
                event=events.PROPOSALS_OVERDUE_REMINDED,
                items=[
                    (row, {"round": row.round, "due_on": str(row.due_on)}, row.node.path)
                    for row in todo
                ],
            )
    return len(todo)
