"""The approvals API: the decider's inbox and one request with its steps and decisions."""

import pytest

from tongxin.approvals.models import ApprovalRequest
from tongxin.members import services as members
from tongxin.members.models import MembershipApplication
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import OrgNodeKind
from tongxin.testing.api import api_as, assert_error, query_count
from tongxin.testing.personas import SYSTEM


def _application_of(approval):
    return MembershipApplication.objects.get(pk=approval.subject_id)


def _apply(person):
    application = members.membership_apply(actor=SYSTEM, person=person, statement="Join")
    return ApprovalRequest.objects.get(subject_id=str(application.pk)), application


@pytest.fixture
def request_a(cast):
    approval, _application = _apply(cast.people["branch_a_non_member"])
    return approval


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("branch_a_chair", 1),
        ("office_admin", 1),
        ("finance_officer", 0),
        ("branch_a_liaison", 0),
        ("branch_b_member", 0),
        ("outsider", 0),
    ],
)
def test_inbox_lists_what_the_caller_may_decide_now(cast, request_a, persona, count):
    # when
    response = api_as(cast, persona).get("/approvals/inbox")
    # then
    assert response.json()["count"] == count


def test_inbox_moves_on_with_the_steps(cast, request_a):
    # given
    decided = members.membership_application_decide(
        actor=cast.actor("branch_a_chair"),
        application=_application_of(request_a),
        outcome="approve",
    )
    # when
    chairs = api_as(cast, "branch_a_chair").get("/approvals/inbox").json()
    offices = api_as(cast, "office_admin").get("/approvals/inbox").json()
    # then
    assert decided.current_position == 2
    assert chairs["count"] == 0
    assert [item["id"] for item in offices["items"]] == [request_a.pk]


def test_approval_get_shows_steps_and_decisions(cast, request_a):
    # given
    members.membership_application_decide(
        actor=cast.actor("branch_a_chair"),
        application=_application_of(request_a),
        outcome="approve",
        comment="Fine by the branch",
    )
    # when
    as_office = api_as(cast, "office_admin").get(f"/approvals/requests/{request_a.pk}").json()
    as_chair = api_as(cast, "branch_a_chair").get(f"/approvals/requests/{request_a.pk}").json()
    # then
    assert [(s["position"], s["is_current"], s["can_decide"]) for s in as_office["steps"]] == [
        (1, False, False),
        (2, True, True),
    ]
    assert [s["can_decide"] for s in as_chair["steps"]] == [False, False]
    decision = as_office["decisions"][0]
    assert (
        decision["position"],
        decision["outcome"],
        decision["comment"],
        decision["decider_role"],
    ) == (
        1,
        "approve",
        "Fine by the branch",
        "branch_chair",
    )
    assert (as_office["status"], as_office["current_position"]) == ("pending", 2)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("branch_a_chair", 200),
        ("branch_a_liaison", 200),
        ("auditor", 200),
        ("branch_b_member", 404),
        ("branch_a_member", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_approval_get_matrix(cast, request_a, persona, status):
    # when
    response = api_as(cast, persona).get(f"/approvals/requests/{request_a.pk}")
    # then
    assert response.status_code == status
    if status != 200:
        assert response.json()["code"] in ("not_found", "unauthenticated")


def test_a_request_of_another_branch_is_not_found_like_a_missing_one(cast):
    # given
    newcomer_b = members.person_create(
        actor=SYSTEM, node=cast.branch_b, staff_number="B2001", name="Newcomer B", gender="male"
    )
    approval, _application = _apply(newcomer_b)
    chair = api_as(cast, "branch_a_chair")
    # when
    other = chair.get(f"/approvals/requests/{approval.pk}")
    missing = chair.get("/approvals/requests/987654")
    # then
    assert_error(other, 404, "not_found")
    assert other.json() == missing.json()


def test_inbox_runs_the_same_number_of_queries_whatever_the_size(cast, request_a):
    # given
    office = api_as(cast, "office_admin")
    small = query_count(office, "/approvals/inbox")
    # when
    for number in range(6):
        group = orgs.node_create(
            actor=SYSTEM, parent=cast.branch_b, kind=OrgNodeKind.GROUP, name=f"G{number}"
        )
        person = members.person_create(
            actor=SYSTEM,
            node=group,
            staff_number=f"N{number:03d}",
            name=f"N {number}",
            gender="male",
        )
        _apply(person)
    large = query_count(office, "/approvals/inbox")
    # then
    assert office.get("/approvals/inbox").json()["count"] == 7
    assert large == small


def test_a_party_is_told_why_and_not_offered_the_step(cast):
    # given the branch chair's spouse, on the staff, applies to join; the link is on record
    applicant = cast.people["branch_a_non_member"]
    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_chair"],
        relation="spouse",
        name=applicant.name,
        linked_person=applicant,
    )
    approval, application = _apply(applicant)
    chair = api_as(cast, "branch_a_chair")
    # then the chair's inbox does not offer it and the request says why
    assert chair.get("/approvals/inbox").json()["items"] == []
    body = chair.get(f"/approvals/requests/{approval.pk}").json()
    assert body["steps"][0]["can_decide"] is False
    assert body["steps"][0]["blocked_reason"]
    # and a decision through the domain endpoint is refused, nothing changed
    refused = chair.post(f"/members/applications/{application.pk}/decide", {"outcome": "approve"})
    assert_error(refused, 400, "conflict_of_interest")
    approval.refresh_from_db()
    assert (approval.status, approval.current_position, approval.decisions.count()) == (
        "pending",
        1,
        0,
    )
    # the office decides it
    office = api_as(cast, "office_admin")
    assert [item["id"] for item in office.get("/approvals/inbox").json()["items"]] == [approval.pk]
