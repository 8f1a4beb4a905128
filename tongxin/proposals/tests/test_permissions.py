"""Persona matrices for the proposal services: allowed rows assert what changed, denied rows
assert the error and that nothing changed (no row, no audit event, no notification)."""

import datetime as dt

import pytest
from django.utils import timezone

from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification
from tongxin.proposals import services
from tongxin.proposals.choices import DisputeDecision, ProposalStatus, Rating
from tongxin.proposals.models import (
    Proposal,
    ProposalCollection,
    ProposalCoSignature,
    ProposalRating,
    ProposalReply,
)

S = ProposalStatus


def _snapshot(proposal=None):
    state = (
        ProposalCollection.objects.count(),
        Proposal.objects.count(),
        ProposalCoSignature.objects.count(),
        ProposalReply.objects.count(),
        ProposalRating.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    if proposal is not None:
        proposal.refresh_from_db()
        return (*state, proposal.status, proposal.round)
    return state


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("secretary", None),
        ("system", None),
        ("committee", Forbidden),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", NotFound),
        ("branch_a_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_collection_create_matrix(cast, congress, persona, expected):
    before = _snapshot()
    now = timezone.now()

    def call():
        return services.proposal_collection_create(
            actor=cast.actor(persona),
            term=congress,
            session_number=2,
            title="Second session",
            opens_at=now,
            closes_at=now + dt.timedelta(days=20),
        )

    if expected is None:
        collection = call()
        assert (collection.min_co_signers, collection.reply_days) == (2, 30)
        assert _snapshot()[0] == before[0] + 1
        assert _snapshot()[5] == before[5] + 1
    else:
        with pytest.raises(expected):
            call()
        assert _snapshot() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),
        ("branch_b_member", None),
        ("branch_a_chair", None),
        ("branch_a_liaison", Forbidden),  # invited representative
        ("office_admin", Forbidden),
        ("committee", Forbidden),
        ("department_handler", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_draft_matrix(cast, collection, department, persona, expected):
    before = _snapshot()

    def call():
        return services.proposal_draft(
            actor=cast.actor(persona),
            collection=collection,
            title="Water fountains",
            reasons="Too few.",
            measures="One per floor.",
            category="logistics",
        )

    if expected is None:
        proposal = call()
        assert (proposal.status, proposal.proposer_id) == (S.DRAFT, cast.people[persona].pk)
        assert proposal.node_id == cast.people[persona].node_id
    else:
        with pytest.raises(expected):
            call()
        assert _snapshot() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_b_member", None),
        ("branch_a_chair", None),
        ("rep_b2", None),
        ("branch_a_member", DomainError),  # own proposal
        ("branch_a_liaison", Forbidden),
        ("office_admin", Forbidden),
        ("committee", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_co_sign_matrix(cast, draft, persona, expected):
    proposal = draft()
    services.proposal_send_for_co_signing(actor=cast.actor("branch_a_member"), proposal=proposal)
    before = _snapshot(proposal)
    if expected is None:
        signature = services.proposal_co_sign(actor=cast.actor(persona), proposal=proposal)
        assert signature.person_id == cast.people[persona].pk
        assert _snapshot(proposal)[2] == before[2] + 1
    else:
        with pytest.raises(expected):
            services.proposal_co_sign(actor=cast.actor(persona), proposal=proposal)
        assert _snapshot(proposal) == before


REVIEWERS = [
    ("committee", None),
    ("system", None),
    ("office_admin", Forbidden),
    ("secretary", Forbidden),
    ("auditor", Forbidden),
    ("branch_a_chair", Forbidden),
    ("branch_a_member", Forbidden),
    ("department_handler", Forbidden),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_accept_matrix(cast, submitted, department, persona, expected):
    proposal = submitted()
    before = _snapshot(proposal)
    if expected is None:
        services.proposal_accept(
            actor=cast.actor(persona), proposal=proposal, lead_department=department
        )
        proposal.refresh_from_db()
        assert proposal.status == S.ASSIGNED
        assert list(proposal.departments.values_list("department_id", "role")) == [
            (department.pk, "lead")
        ]
    else:
        with pytest.raises(expected):
            services.proposal_accept(
                actor=cast.actor(persona), proposal=proposal, lead_department=department
            )
        assert _snapshot(proposal) == before


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_reject_matrix(cast, submitted, department, persona, expected):
    proposal = submitted()
    before = _snapshot(proposal)
    if expected is None:
        services.proposal_reject(
            actor=cast.actor(persona), proposal=proposal, reason="Out of scope"
        )
        proposal.refresh_from_db()
        assert (proposal.status, proposal.review_note) == (S.REJECTED, "Out of scope")
    else:
        with pytest.raises(expected):
            services.proposal_reject(actor=cast.actor(persona), proposal=proposal, reason="x")
        assert _snapshot(proposal) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", None),
        ("system", None),
        ("committee", Forbidden),
        ("office_admin", Forbidden),
        ("branch_a_member", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_dispute_decide_matrix(cast, submitted, persona, expected):
    proposal = submitted()
    services.proposal_reject(actor=cast.actor("committee"), proposal=proposal, reason="No")
    services.proposal_dispute(actor=cast.actor("branch_a_member"), proposal=proposal, reason="Yes")
    before = _snapshot(proposal)

    def call():
        return services.proposal_dispute_decide(
            actor=cast.actor(persona),
            proposal=proposal,
            decision=DisputeDecision.OVERTURNED,
            note="Within the school's powers",
        )

    if expected is None:
        call()
        proposal.refresh_from_db()
        assert (proposal.status, proposal.dispute_decision) == (S.ACCEPTED, "overturned")
    else:
        with pytest.raises(expected):
            call()
        assert _snapshot(proposal) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("department_handler", None),
        ("system", None),
        ("other_handler", Forbidden),
        ("committee", Forbidden),
        ("office_admin", Forbidden),
        ("branch_a_member", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_reply_matrix(cast, assigned, other_department, persona, expected):
    before = _snapshot(assigned)
    if expected is None:
        reply = services.proposal_reply(actor=cast.actor(persona), proposal=assigned, text="Done")
        assigned.refresh_from_db()
        assert (assigned.status, reply.round, reply.text) == (S.REPLIED, 1, "Done")
    else:
        with pytest.raises(expected):
            services.proposal_reply(actor=cast.actor(persona), proposal=assigned, text="Done")
        assert _snapshot(assigned) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("branch_a_member", None),  # proposer
        ("branch_b_member", None),  # co-signer
        ("branch_a_chair", None),  # co-signer
        ("rep_b2", Forbidden),
        ("committee", Forbidden),
        ("department_handler", Forbidden),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_rate_matrix(cast, replied, persona, expected):
    before = _snapshot(replied)
    if expected is None:
        rating = services.proposal_rate(
            actor=cast.actor(persona), proposal=replied, rating=Rating.SATISFIED
        )
        assert (rating.person_id, rating.rating) == (cast.people[persona].pk, Rating.SATISFIED)
        replied.refresh_from_db()
        expected_status = S.CLOSED if persona == "branch_a_member" else S.REPLIED
        assert replied.status == expected_status
    else:
        with pytest.raises(expected):
            services.proposal_rate(
                actor=cast.actor(persona), proposal=replied, rating=Rating.SATISFIED
            )
        assert _snapshot(replied) == before
