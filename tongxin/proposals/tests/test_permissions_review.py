"""Persona matrices for the committee's other actions, the proposer's own actions and the
secretariat's collection changes: allowed rows assert the new state, denied rows assert the
error and that nothing changed."""

import datetime as dt

import pytest
from django.utils import timezone

from tongxin.core.errors import Forbidden, NotFound
from tongxin.proposals import services
from tongxin.proposals.choices import ProposalStatus
from tongxin.voice.models import VoiceItem

from .test_permissions import REVIEWERS, _snapshot

S = ProposalStatus


def _voice_items():
    return VoiceItem.objects.count()


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_merge_matrix(cast, submitted, department, persona, expected):
    target = submitted("branch_b_member", "Library on Sundays")
    proposal = submitted()
    before = _snapshot(proposal)
    if expected is None:
        services.proposal_merge(actor=cast.actor(persona), proposal=proposal, into=target)
        proposal.refresh_from_db()
        assert (proposal.status, proposal.merged_into_id) == (S.MERGED, target.pk)
        assert list(target.co_proposers.values_list("person_id", flat=True)) == [
            cast.people["branch_a_member"].pk
        ]
    else:
        with pytest.raises(expected):
            services.proposal_merge(actor=cast.actor(persona), proposal=proposal, into=target)
        assert _snapshot(proposal) == before
        assert target.co_proposers.count() == 0


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_convert_matrix(cast, submitted, department, persona, expected):
    proposal = submitted()
    before, items = _snapshot(proposal), _voice_items()
    if expected is None:
        services.proposal_convert(
            actor=cast.actor(persona), proposal=proposal, department=department
        )
        proposal.refresh_from_db()
        assert proposal.status == S.CONVERTED
        assert proposal.voice_item.department_id == department.pk
    else:
        with pytest.raises(expected):
            services.proposal_convert(
                actor=cast.actor(persona), proposal=proposal, department=department
            )
        assert _snapshot(proposal) == before
        assert _voice_items() == items


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_assign_matrix(cast, submitted, department, persona, expected):
    proposal = submitted()
    services.proposal_accept(actor=cast.actor("committee"), proposal=proposal)
    before = _snapshot(proposal)
    due = timezone.localdate() + dt.timedelta(days=10)
    if expected is None:
        services.proposal_assign(
            actor=cast.actor(persona), proposal=proposal, lead_department=department, due_on=due
        )
        proposal.refresh_from_db()
        assert (proposal.status, proposal.due_on) == (S.ASSIGNED, due)
    else:
        with pytest.raises(expected):
            services.proposal_assign(
                actor=cast.actor(persona), proposal=proposal, lead_department=department
            )
        assert _snapshot(proposal) == before
        assert proposal.departments.count() == 0


@pytest.mark.parametrize(("persona", "expected"), REVIEWERS)
def test_outstanding_matrix(cast, assigned, persona, expected):
    before = _snapshot(assigned)
    if expected is None:
        services.proposal_mark_outstanding(
            actor=cast.actor(persona), proposal=assigned, is_outstanding=True, note="Clear"
        )
        assigned.refresh_from_db()
        assert (assigned.is_outstanding, assigned.outstanding_note) == (True, "Clear")
    else:
        with pytest.raises(expected):
            services.proposal_mark_outstanding(
                actor=cast.actor(persona), proposal=assigned, is_outstanding=True
            )
        assert _snapshot(assigned) == before
        assigned.refresh_from_db()
        assert assigned.is_outstanding is False


PROPOSER_ONLY = [
    ("branch_a_member", None),
    ("branch_b_member", Forbidden),
    ("committee", Forbidden),
    ("office_admin", Forbidden),
    ("system", Forbidden),
    ("outsider", NotFound),
    ("anonymous", NotFound),
]


@pytest.mark.parametrize(("persona", "expected"), PROPOSER_ONLY)
def test_dispute_matrix(cast, submitted, persona, expected):
    proposal = submitted()
    services.proposal_reject(actor=cast.actor("committee"), proposal=proposal, reason="No")
    before = _snapshot(proposal)
    if expected is None:
        services.proposal_dispute(actor=cast.actor(persona), proposal=proposal, reason="Yes")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.dispute_reason) == (S.DISPUTED, "Yes")
    else:
        with pytest.raises(expected):
            services.proposal_dispute(actor=cast.actor(persona), proposal=proposal, reason="Yes")
        assert _snapshot(proposal) == before


@pytest.mark.parametrize(("persona", "expected"), PROPOSER_ONLY)
def test_send_and_withdraw_matrix(cast, draft, persona, expected):
    proposal = draft()
    before = _snapshot(proposal)
    if expected is None:
        services.proposal_send_for_co_signing(actor=cast.actor(persona), proposal=proposal)
        services.proposal_withdraw(actor=cast.actor(persona), proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == S.WITHDRAWN
    else:
        with pytest.raises(expected):
            services.proposal_send_for_co_signing(actor=cast.actor(persona), proposal=proposal)
        with pytest.raises(expected):
            services.proposal_withdraw(actor=cast.actor(persona), proposal=proposal)
        assert _snapshot(proposal) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary", None),
        ("office_admin", None),
        ("committee", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_collection_update_matrix(cast, collection, persona, expected):
    before = _snapshot()
    closes = collection.closes_at + dt.timedelta(days=3)

    def call():
        return services.proposal_collection_update(
            actor=cast.actor(persona),
            collection=collection,
            opens_at=collection.opens_at,
            closes_at=closes,
            min_co_signers=3,
            reply_days=45,
        )

    if expected is None:
        updated = call()
        assert (updated.closes_at, updated.min_co_signers, updated.reply_days) == (closes, 3, 45)
    else:
        with pytest.raises(expected):
            call()
        assert _snapshot() == before
        collection.refresh_from_db()
        assert collection.min_co_signers == 2


@pytest.mark.parametrize("persona", ["committee", "office_admin", "branch_a_member", "anonymous"])
def test_overdue_reminders_are_the_system_s(cast, assigned, persona):
    before = _snapshot(assigned)
    with pytest.raises(Forbidden):
        services.proposal_overdue_remind(
            actor=cast.actor(persona), today=assigned.due_on + dt.timedelta(days=1)
        )
    assert _snapshot(assigned) == before
