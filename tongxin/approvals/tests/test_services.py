"""The approval engine on its own: a two-step flow about an arbitrary record (an org node)."""

import pytest
from django.db import transaction

from tongxin.approvals import queries, services
from tongxin.approvals.models import ApprovalDecision, ApprovalRequest
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent

FLOW = "test.two_steps"


@pytest.fixture
def flow(cast):
    return services.flow_ensure(
        code=FLOW,
        name="Two steps",
        steps=[
            ("Branch", "approvals.decide_branch_step"),
            ("School", "approvals.decide_school_step"),
        ],
    )


def _open(cast, *, subject=None, person=None):
    with transaction.atomic():
        return services.approval_open(
            actor=cast.actor("system"),
            flow_code=FLOW,
            subject=subject or cast.group_a1,
            node=cast.branch_a,
            title="A request",
            person_id=person.pk if person else None,
        )


def _decide(cast, persona, request, outcome="approve", **kwargs):
    with transaction.atomic():
        return services.approval_decide(
            actor=cast.actor(persona), request=request, outcome=outcome, **kwargs
        )


def _state():
    return (
        ApprovalDecision.objects.count(),
        AuditEvent.objects.count(),
        list(ApprovalRequest.objects.values_list("status", "current_position")),
    )


def test_two_steps_approve(cast, flow):
    # given an open request at branch A
    request = _open(cast)
    assert (request.status, request.current_position, request.step_count) == ("pending", 1, 2)
    # when the branch chair and then the office approve
    request = _decide(cast, "branch_a_chair", request)
    assert (request.status, request.current_position) == ("pending", 2)
    request = _decide(cast, "office_admin", request, comment="Fine")
    # then the request is approved, with one immutable decision per step
    assert request.status == "approved"
    assert request.closed_at is not None
    decisions = list(request.decisions.order_by("position"))
    assert [(d.position, d.step_name, d.outcome, d.decider_role) for d in decisions] == [
        (1, "Branch", "approve", "branch_chair"),
        (2, "School", "approve", "union_office"),
    ]
    assert decisions[1].decider_node_id == cast.school.pk


def test_rejection_closes_the_request_and_needs_a_reason(cast, flow):
    request = _open(cast)
    before = _state()
    with pytest.raises(DomainError) as info:
        _decide(cast, "branch_a_chair", request, "reject", comment="  ")
    assert info.value.code == "comment_required"
    assert _state() == before
    request = _decide(cast, "branch_a_chair", request, "reject", comment="Incomplete")
    assert (request.status, request.current_position) == ("rejected", 1)
    with pytest.raises(DomainError) as info:
        _decide(cast, "office_admin", request)
    assert info.value.code == "approval_not_pending"


def test_withdrawal(cast, flow):
    request = _open(cast)
    with transaction.atomic():
        request = services.approval_withdraw(actor=cast.actor("system"), request=request)
    assert request.status == "withdrawn"
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.approval_withdraw(actor=cast.actor("system"), request=request)
    assert info.value.code == "approval_not_pending"
    # a withdrawn request no longer blocks a new one for the same record
    assert _open(cast).status == "pending"


def test_one_pending_request_per_record(cast, flow):
    _open(cast)
    with pytest.raises(DomainError) as info:
        _open(cast)
    assert info.value.code == "approval_already_open"
    assert ApprovalRequest.objects.count() == 1


def test_unknown_flow(cast):
    with pytest.raises(DomainError) as info, transaction.atomic():
        services.approval_open(
            actor=cast.actor("system"),
            flow_code="nope",
            subject=cast.school,
            node=cast.school,
            title="x",
        )
    assert info.value.code == "unknown_flow"


def test_stale_position_is_refused(cast, flow):
    # given a request whose branch step someone else has just decided
    request = _open(cast)
    _decide(cast, "branch_a_chair", request)
    before = _state()
    # when the office decides with the page it loaded at step 1
    with pytest.raises(DomainError) as info:
        _decide(cast, "office_admin", request, expected_position=1)
    # then the decision is refused instead of landing on step 2
    assert info.value.code == "approval_step_changed"
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", None),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_branch_step_matrix(cast, flow, persona, error):
    request = _open(cast)
    before = _state()
    if error is None:
        assert _decide(cast, persona, request).current_position == 2
    else:
        with pytest.raises(error):
            _decide(cast, persona, request)
        assert _state() == before


def test_requester_sees_own_request_but_cannot_decide(cast, flow):
    # given a request made for member A
    request = _open(cast, person=cast.people["branch_a_member"])
    # then member A sees it but may not decide (Forbidden rather than NotFound)
    assert (
        queries.approval_for_subject(
            actor=cast.actor("branch_a_member"),
            subject_type="orgs.orgnode",
            subject_id=cast.group_a1.pk,
        )
        == request
    )
    with pytest.raises(Forbidden):
        _decide(cast, "branch_a_member", request)


def test_inbox_lists_what_waits_for_each_decider(cast, flow):
    # given two requests, one at each step
    first = _open(cast)
    second = _open(cast, subject=cast.branch_a)
    _decide(cast, "branch_a_chair", second)
    # then the chair sees the first (branch step), the office sees both, finance none
    assert list(queries.approval_inbox(actor=cast.actor("branch_a_chair"))) == [first]
    assert set(queries.approval_inbox(actor=cast.actor("office_admin"))) == {first, second}
    assert list(queries.approval_inbox(actor=cast.actor("finance_officer"))) == []
    assert list(queries.approval_inbox(actor=cast.actor("branch_b_member"))) == []
