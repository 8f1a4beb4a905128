"""The proposal workflow through the services: drafting, co-signing, review, assignment,
replies, ratings, disputes and the refusals with their clear errors (nothing changed)."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tongxin.core.errors import Conflict, DomainError, Forbidden, InvalidTransition
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification
from tongxin.proposals import services
from tongxin.proposals.choices import DisputeDecision, ProposalStatus, Rating
from tongxin.proposals.errors import ProposalErrorCode
from tongxin.proposals.models import (
    Proposal,
    ProposalCoProposer,
    ProposalCoSignature,
    ProposalRating,
    ProposalReply,
)
from tongxin.voice.choices import ItemStatus
from tongxin.voice.models import VoiceItem

S = ProposalStatus


def _state(proposal=None):
    counts = (
        Proposal.objects.count(),
        ProposalCoSignature.objects.count(),
        ProposalReply.objects.count(),
        ProposalRating.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        VoiceItem.objects.count(),
    )
    if proposal is None:
        return counts
    proposal.refresh_from_db()
    return (*counts, proposal.status, proposal.round, proposal.rating)


def test_co_signatures_submit_and_number_in_order(cast, draft):
    first, second = draft(), draft(title="Shade over the bike sheds")
    for proposal in (second, first):
        services.proposal_send_for_co_signing(
            actor=cast.actor("branch_a_member"), proposal=proposal
        )
        services.proposal_co_sign(actor=cast.actor("branch_b_member"), proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == S.CO_SIGNING
        services.proposal_co_sign(actor=cast.actor("rep_b2"), proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == S.SUBMITTED
    assert (second.number, first.number) == (1, 2)
    assert Notification.objects.filter(kind="proposals.submitted").count() == 2


def test_invitees_are_notified_and_must_be_formal(cast, draft):
    proposal = draft()
    before = _state(proposal)
    with pytest.raises(DomainError) as refused:
        services.proposal_send_for_co_signing(
            actor=cast.actor("branch_a_member"),
            proposal=proposal,
            invitees=[cast.people["branch_a_liaison"]],
        )
    assert refused.value.code == ProposalErrorCode.NOT_A_REPRESENTATIVE
    assert _state(proposal) == before
    services.proposal_send_for_co_signing(
        actor=cast.actor("branch_a_member"),
        proposal=proposal,
        invitees=[cast.people["branch_b_member"], cast.people["rep_b2"]],
    )
    assert Notification.objects.filter(kind="proposals.co_sign_requested").count() == 2


@pytest.mark.parametrize("persona", ["branch_a_liaison", "office_admin"])
def test_non_representative_cannot_propose(cast, collection, persona):
    before = _state()
    with pytest.raises(Forbidden) as refused, override("zh-hans"):
        services.proposal_draft(
            actor=cast.actor(persona),
            collection=collection,
            title="A",
            reasons="B",
            measures="C",
            category="other",
        )
    assert refused.value.code == ProposalErrorCode.NOT_A_REPRESENTATIVE
    with override("zh-hans"):
        assert refused.value.message == _(
            "Only formal representatives of the staff congress may propose or co-sign."
        )
    assert _state() == before


def test_refused_co_signatures(cast, draft):
    proposal = draft()
    services.proposal_send_for_co_signing(actor=cast.actor("branch_a_member"), proposal=proposal)
    services.proposal_co_sign(actor=cast.actor("branch_b_member"), proposal=proposal)
    before = _state(proposal)
    with pytest.raises(Conflict) as twice:
        services.proposal_co_sign(actor=cast.actor("branch_b_member"), proposal=proposal)
    assert twice.value.code == ProposalErrorCode.ALREADY_CO_SIGNED
    with pytest.raises(DomainError) as own:
        services.proposal_co_sign(actor=cast.actor("branch_a_member"), proposal=proposal)
    assert own.value.code == ProposalErrorCode.OWN_PROPOSAL
    with pytest.raises(Forbidden) as invited:
        services.proposal_co_sign(actor=cast.actor("branch_a_liaison"), proposal=proposal)
    assert invited.value.code == ProposalErrorCode.NOT_A_REPRESENTATIVE
    assert _state(proposal) == before


def test_after_the_deadline_only_a_suggestion(cast, draft, collection):
    proposal = draft()
    services.proposal_send_for_co_signing(actor=cast.actor("branch_a_member"), proposal=proposal)
    services.proposal_collection_update(
        actor=cast.actor("secretary"),
        collection=collection,
        opens_at=collection.opens_at,
        closes_at=timezone.now() - dt.timedelta(minutes=1),
        min_co_signers=2,
        reply_days=30,
    )
    before = _state(proposal)
    with pytest.raises(DomainError) as late:
        services.proposal_co_sign(actor=cast.actor("branch_b_member"), proposal=proposal)
    assert late.value.code == ProposalErrorCode.COLLECTION_CLOSED
    with pytest.raises(DomainError) as drafting:
        services.proposal_draft(
            actor=cast.actor("branch_b_member"),
            collection=collection,
            title="Late",
            reasons="R",
            measures="M",
            category="other",
        )
    assert drafting.value.code == ProposalErrorCode.COLLECTION_CLOSED
    assert _state(proposal) == before
    services.proposal_send_as_suggestion(actor=cast.actor("branch_a_member"), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == S.LATE
    item = proposal.voice_item
    assert (item.person_id, item.status, item.kind) == (
        cast.people["branch_a_member"].pk,
        ItemStatus.SUBMITTED,
        "suggestion",
    )


def test_suggestion_refused_while_open(cast, draft):
    proposal = draft()
    before = _state(proposal)
    with pytest.raises(DomainError) as refused:
        services.proposal_send_as_suggestion(actor=cast.actor("branch_a_member"), proposal=proposal)
    assert refused.value.code == ProposalErrorCode.COLLECTION_STILL_OPEN
    assert _state(proposal) == before


def test_merge_makes_proposers_co_proposers(cast, submitted):
    target = submitted()
    other = submitted("branch_b_member", "Library on Sundays")
    services.proposal_merge(actor=cast.actor("committee"), proposal=other, into=target)
    other.refresh_from_db()
    assert (other.status, other.merged_into_id) == (S.MERGED, target.pk)
    assert list(ProposalCoProposer.objects.values_list("proposal_id", "person_id")) == [
        (target.pk, cast.people["branch_b_member"].pk)
    ]


def test_merge_into_itself_refused(cast, submitted):
    proposal = submitted()
    before = _state(proposal)
    with pytest.raises(DomainError) as refused:
        services.proposal_merge(actor=cast.actor("committee"), proposal=proposal, into=proposal)
    assert refused.value.code == ProposalErrorCode.MERGE_TARGET
    assert _state(proposal) == before


def test_convert_routes_a_voice_suggestion(cast, submitted, department):
    proposal = submitted()
    services.proposal_convert(
        actor=cast.actor("committee"), proposal=proposal, department=department, note="Small"
    )
    proposal.refresh_from_db()
    item = proposal.voice_item
    assert proposal.status == S.CONVERTED
    assert (item.status, item.department_id, item.person_id) == (
        ItemStatus.ROUTED,
        department.pk,
        proposal.proposer_id,
    )


def test_reject_dispute_and_presidium(cast, submitted):
    proposal = submitted()
    with pytest.raises(DomainError) as no_reason:
        services.proposal_reject(actor=cast.actor("committee"), proposal=proposal, reason=" ")
    assert no_reason.value.field == "reason"
    services.proposal_reject(
        actor=cast.actor("committee"), proposal=proposal, reason="Not the school's matter."
    )
    assert Notification.objects.filter(
        kind="proposals.reviewed", body="Not the school's matter."
    ).exists()
    with pytest.raises(Forbidden):
        services.proposal_dispute(
            actor=cast.actor("branch_b_member"), proposal=proposal, reason="I disagree"
        )
    services.proposal_dispute(
        actor=cast.actor("branch_a_member"), proposal=proposal, reason="It is: the canteen."
    )
    with pytest.raises(Forbidden):
        services.proposal_dispute_decide(
            actor=cast.actor("committee"),
            proposal=proposal,
            decision=DisputeDecision.OVERTURNED,
            note="x",
        )
    services.proposal_dispute_decide(
        actor=cast.actor("secretary"),
        proposal=proposal,
        decision=DisputeDecision.UPHELD,
        note="The presidium agrees with the committee.",
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.dispute_decision) == (S.REJECTED, DisputeDecision.UPHELD)
    before = _state(proposal)
    with pytest.raises(DomainError):
        services.proposal_dispute(
            actor=cast.actor("branch_a_member"), proposal=proposal, reason="Again"
        )
    assert _state(proposal) == before


def test_overturned_dispute_is_accepted(cast, submitted):
    proposal = submitted()
    services.proposal_reject(actor=cast.actor("committee"), proposal=proposal, reason="No.")
    services.proposal_dispute(actor=cast.actor("branch_a_member"), proposal=proposal, reason="Yes")
    services.proposal_dispute_decide(
        actor=cast.actor("secretary"),
        proposal=proposal,
        decision=DisputeDecision.OVERTURNED,
        note="Within the school's powers.",
    )
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED


def test_assignment_defaults_the_deadline_and_tells_handlers(cast, assigned, department):
    assert assigned.status == S.ASSIGNED
    assert assigned.due_on == timezone.localdate() + dt.timedelta(days=30)
    assert Notification.objects.filter(
        kind="proposals.assigned", user=cast.users["department_handler"]
    ).exists()


def test_reply_for_another_department_refused(cast, submitted, department, other_department):
    proposal = submitted()
    services.proposal_accept(
        actor=cast.actor("committee"),
        proposal=proposal,
        lead_department=department,
        co_departments=[other_department],
    )
    before = _state(proposal)
    with pytest.raises(Forbidden) as refused:
        services.proposal_reply(actor=cast.actor("other_handler"), proposal=proposal, text="We did")
    assert refused.value.code == ProposalErrorCode.NOT_LEAD_DEPARTMENT
    assert department.name in refused.value.message
    assert _state(proposal) == before


def test_reply_with_attachments_and_bad_upload(cast, assigned):
    before = _state(assigned)
    with pytest.raises(DomainError) as bad:
        services.proposal_reply(
            actor=cast.actor("department_handler"),
            proposal=assigned,
            text="See the file",
            attachments=[services.Upload(filename="plan.pdf", data=b"MZ\x90\x00evil")],
        )
    assert bad.value.code == ProposalErrorCode.BAD_ATTACHMENT
    assert _state(assigned) == before
    reply = services.proposal_reply(
        actor=cast.actor("department_handler"),
        proposal=assigned,
        text="See the plan.",
        attachments=[services.Upload(filename="plan.pdf", data=b"%PDF-1.4 plan")],
    )
    assert [a.filename for a in reply.attachments.all()] == ["plan.pdf"]
    assigned.refresh_from_db()
    assert assigned.status == S.REPLIED
    raters = set(
        Notification.objects.filter(kind="proposals.replied").values_list("person_id", flat=True)
    )
    assert raters == {
        cast.people["branch_a_member"].pk,
        cast.people["branch_b_member"].pk,
        cast.people["branch_a_chair"].pk,
    }


def test_rating_by_a_non_proposer_refused(cast, replied):
    before = _state(replied)
    with pytest.raises(Forbidden) as refused:
        services.proposal_rate(
            actor=cast.actor("rep_b2"), proposal=replied, rating=Rating.SATISFIED
        )
    assert refused.value.code == ProposalErrorCode.NOT_A_RATER
    assert _state(replied) == before


def test_unsatisfied_reopens_then_satisfied_closes(cast, replied):
    services.proposal_rate(
        actor=cast.actor("branch_b_member"), proposal=replied, rating=Rating.SATISFIED
    )
    replied.refresh_from_db()
    assert replied.status == S.REPLIED
    with pytest.raises(DomainError) as no_comment:
        services.proposal_rate(
            actor=cast.actor("branch_a_member"), proposal=replied, rating=Rating.UNSATISFIED
        )
    assert no_comment.value.field == "comment"
    services.proposal_rate(
        actor=cast.actor("branch_a_member"),
        proposal=replied,
        rating=Rating.UNSATISFIED,
        comment="No date was given.",
    )
    replied.refresh_from_db()
    assert (replied.status, replied.round) == (S.ASSIGNED, 2)
    with pytest.raises(InvalidTransition):
        services.proposal_rate(
            actor=cast.actor("branch_b_member"), proposal=replied, rating=Rating.SATISFIED
        )
    services.proposal_reply(
        actor=cast.actor("department_handler"), proposal=replied, text="From 1 March."
    )
    services.proposal_rate(
        actor=cast.actor("branch_a_member"), proposal=replied, rating=Rating.BASICALLY_SATISFIED
    )
    replied.refresh_from_db()
    assert (replied.status, replied.rating) == (S.CLOSED, Rating.BASICALLY_SATISFIED)
    with pytest.raises(InvalidTransition):
        services.proposal_rate(
            actor=cast.actor("branch_a_member"), proposal=replied, rating=Rating.SATISFIED
        )


def test_rating_twice_refused(cast, replied):
    services.proposal_rate(
        actor=cast.actor("branch_b_member"), proposal=replied, rating=Rating.SATISFIED
    )
    before = _state(replied)
    with pytest.raises(Conflict) as refused:
        services.proposal_rate(
            actor=cast.actor("branch_b_member"),
            proposal=replied,
            rating=Rating.UNSATISFIED,
            comment="x",
        )
    assert refused.value.code == ProposalErrorCode.ALREADY_RATED
    assert _state(replied) == before


def test_overdue_reminders_once_a_day(cast, assigned):
    later = assigned.due_on + dt.timedelta(days=1)
    system = cast.actor("system")
    assert services.proposal_overdue_remind(actor=system, today=later) == 1
    recipients = set(
        Notification.objects.filter(kind="proposals.overdue").values_list("user_id", flat=True)
    )
    assert recipients == {cast.users["department_handler"].pk, cast.users["secretary"].pk}
    before = _state(assigned)
    assert services.proposal_overdue_remind(actor=system, today=later) == 0
    assert _state(assigned) == before
    assert services.proposal_overdue_remind(actor=system, today=later + dt.timedelta(days=1)) == 1


def test_outstanding_only_for_accepted(cast, submitted, assigned):
    services.proposal_mark_outstanding(
        actor=cast.actor("committee"), proposal=assigned, is_outstanding=True, note="Clear"
    )
    assigned.refresh_from_db()
    assert assigned.is_outstanding
    other = submitted("branch_b_member", "Other")
    before = _state(other)
    with pytest.raises(InvalidTransition):
        services.proposal_mark_outstanding(
            actor=cast.actor("committee"), proposal=other, is_outstanding=True
        )
    assert _state(other) == before
