"""The membership API: history, the branch on a date, the office's actions and applications."""

import datetime as dt

import pytest
from django.test import Client

from tongxin.accounts import services as accounts
from tongxin.accounts.actors import actor_for
from tongxin.approvals.models import ApprovalRequest
from tongxin.members import services
from tongxin.members.models import MembershipEvent, Person
from tongxin.testing.api import ApiClient, api_as, assert_error, query_count, table_counts
from tongxin.testing.personas import SYSTEM


def _person(cast, name):
    return Person.objects.get(pk=cast.people[name].pk)


# History and the branch on a date -------------------------------------------------------------


@pytest.fixture
def transferred(cast):
    """Member A moved from group A1 to branch B on 1 March 2021."""
    return services.membership_transfer(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        to_node=cast.branch_b,
        on=dt.date(2021, 3, 1),
    )


def test_membership_history_lists_the_events_oldest_first(cast, transferred):
    # when
    response = api_as(cast, "office_admin").get(
        f"/members/people/{transferred.pk}/membership-events"
    )
    # then
    events = response.json()["items"]
    assert [(e["kind"], e["occurred_on"], e["from_node_id"], e["to_node_id"]) for e in events] == [
        ("joined", "2015-09-01", None, cast.group_a1.pk),
        ("transferred", "2021-03-01", cast.group_a1.pk, cast.branch_b.pk),
    ]


def test_membership_periods_end_exclusively(cast, transferred):
    # when
    response = api_as(cast, "branch_a_member").get(
        f"/members/people/{transferred.pk}/membership-periods"
    )
    # then
    periods = response.json()["items"]
    assert [(p["node_id"], p["started_on"], p["ended_on"]) for p in periods] == [
        (cast.group_a1.pk, "2015-09-01", "2021-03-01"),
        (cast.branch_b.pk, "2021-03-01", None),
    ]


@pytest.mark.parametrize(
    ("on", "node"),
    [
        ("2015-08-31", None),
        ("2015-09-01", "group_a1"),
        ("2021-02-28", "group_a1"),
        ("2021-03-01", "branch_b"),
    ],
)
def test_membership_node_on_a_date(cast, transferred, on, node):
    # when
    response = api_as(cast, "office_admin").get(
        f"/members/people/{transferred.pk}/membership-node", {"on": on}
    )
    # then
    body = response.json()
    assert (body["person_id"], body["on"]) == (transferred.pk, on)
    assert (body["node"] or {}).get("id") == (getattr(cast, node).pk if node else None)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("branch_a_member", 200),
        ("branch_a_chair", 200),
        ("auditor", 200),
        ("branch_b_member", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_membership_reads_matrix(cast, persona, status):
    # given
    person = cast.people["branch_a_member"]
    client = api_as(cast, persona)
    # when
    answers = [
        client.get(f"/members/people/{person.pk}/membership-events"),
        client.get(f"/members/people/{person.pk}/membership-periods"),
        client.get(f"/members/people/{person.pk}/membership-node", {"on": "2020-01-01"}),
    ]
    # then
    assert [answer.status_code for answer in answers] == [status] * 3


# The office's actions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "target", "destination", "status", "code"),
    [
        ("office_admin", "branch_a_member", "branch_b", 200, None),
        ("branch_a_chair", "branch_a_member", "branch_a", 403, "forbidden"),
        ("branch_a_chair", "branch_a_member", "branch_b", 404, "not_found"),
        ("branch_a_chair", "branch_b_member", "branch_a", 404, "not_found"),
        ("branch_a_member", "branch_a_member", "branch_a", 404, "not_found"),
        ("outsider", "branch_a_member", "branch_b", 404, "not_found"),
        ("anonymous", "branch_a_member", "branch_b", 401, "unauthenticated"),
    ],
)
def test_membership_transfer_matrix(cast, persona, target, destination, status, code):
    # given
    person = cast.people[target]
    destination = getattr(cast, destination)
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(
        f"/members/people/{person.pk}/transfer", {"to_node_id": destination.pk, "on": "2021-03-01"}
    )
    # then
    if code is None:
        assert response.status_code == status
        assert response.json()["node_id"] == destination.pk
        assert _person(cast, target).node_id == destination.pk
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert _person(cast, target).node_id == person.node_id


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"to_node_id": "group_a1", "on": "2021-03-01"}, "same_node", "to_node_id"),
        ({"to_node_id": "branch_b", "on": "2010-01-01"}, "date_before_last_event", "on"),
        ({"to_node_id": "school", "on": "2021-02-30"}, "invalid", "on"),
        ({"to_node_id": "branch_b"}, "invalid", "on"),
    ],
)
def test_membership_transfer_refuses_bad_moves(cast, payload, code, field):
    # given
    office = api_as(cast, "office_admin")
    person = cast.people["branch_a_member"]
    body = {**payload, "to_node_id": getattr(cast, payload["to_node_id"]).pk}
    before = table_counts()
    # when
    response = office.post(f"/members/people/{person.pk}/transfer", body)
    # then
    assert_error(response, 400, code, field)
    assert table_counts() == before


def test_membership_join_retire_leave_and_death(cast):
    # given
    office = api_as(cast, "office_admin")
    newcomer = cast.people["branch_a_non_member"]
    member_b = cast.people["branch_b_member"]
    chair = cast.people["branch_a_chair"]
    # when
    joined = office.post(
        f"/members/people/{newcomer.pk}/join", {"on": "2021-09-01", "note": "paper"}
    )
    retired = office.post(f"/members/people/{member_b.pk}/retire", {"on": "2021-07-01"})
    left = office.post(f"/members/people/{newcomer.pk}/leave", {"on": "2022-01-01"})
    died = office.post(f"/members/people/{chair.pk}/death", {"on": "2021-12-24"})
    # then
    assert (joined.json()["membership_status"], joined.json()["joined_on"]) == (
        "member",
        "2021-09-01",
    )
    assert (retired.json()["membership_status"], retired.json()["employment_status"]) == (
        "retained",
        "retired",
    )
    assert left.json()["membership_status"] == "left"
    assert (died.json()["membership_status"], died.json()["employment_status"]) == (
        "deceased",
        "deceased",
    )


def test_membership_join_refuses_a_member_and_leave_a_non_member(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    again = office.post(
        f"/members/people/{cast.people['branch_a_member'].pk}/join", {"on": "2021-09-01"}
    )
    leaving = office.post(
        f"/members/people/{cast.people['branch_a_non_member'].pk}/leave", {"on": "2021-09-01"}
    )
    # then
    assert_error(again, 400, "already_member")
    assert_error(leaving, 400, "not_a_member")
    assert table_counts() == before


# Applications ---------------------------------------------------------------------------------


@pytest.fixture
def applicant(cast):
    """The branch-A newcomer, with an account whose password is already their own."""
    user, _password = accounts.account_create(
        actor=SYSTEM, person=cast.people["branch_a_non_member"], must_change=False
    )
    _token, key = accounts.api_token_create(actor=actor_for(user), name="phone")
    return ApiClient(Client(), key)


@pytest.fixture
def application(cast):
    return services.membership_apply(
        actor=SYSTEM, person=cast.people["branch_a_non_member"], statement="I want to join."
    )


def test_a_person_applies_for_themselves(cast, applicant):
    # given
    person = cast.people["branch_a_non_member"]
    # when
    response = applicant.post(f"/members/people/{person.pk}/apply", {"statement": "Please."})
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["person_id"], body["node_id"], body["statement"]) == (
        person.pk,
        cast.branch_a.pk,
        "Please.",
    )
    assert _person(cast, "branch_a_non_member").membership_status == "applicant"


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 403, "forbidden"),
        ("branch_a_member", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_nobody_applies_for_someone_else(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(f"/members/people/{cast.people['branch_a_non_member'].pk}/apply", {})
    # then
    assert_error(response, status, code)
    assert table_counts() == before


def test_a_member_cannot_apply_again(cast):
    # given
    member = api_as(cast, "branch_a_member")
    before = table_counts()
    # when
    response = member.post(f"/members/people/{cast.people['branch_a_member'].pk}/apply", {})
    # then
    assert_error(response, 400, "already_applied")
    assert table_counts() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("branch_a_chair", 200), ("office_admin", 200), ("branch_b_member", 404), ("anonymous", 401)],
)
def test_application_get_matrix(cast, application, persona, status):
    # when
    response = api_as(cast, persona).get(f"/members/applications/{application.pk}")
    # then
    assert response.status_code == status
    if status == 200:
        approval = response.json()["approval"]
        assert (approval["status"], approval["current_position"], approval["step_count"]) == (
            "pending",
            1,
            2,
        )


def test_the_applicant_follows_their_application(cast, application, applicant):
    # when
    response = applicant.get(f"/members/applications/{application.pk}")
    # then
    assert response.json()["statement"] == "I want to join."


def test_application_is_decided_by_the_branch_then_the_office(cast, application):
    # given
    chair = api_as(cast, "branch_a_chair")
    office = api_as(cast, "office_admin")
    # when
    first = chair.post(
        f"/members/applications/{application.pk}/decide",
        {"outcome": "approve", "expected_position": 1},
    )
    second = office.post(
        f"/members/applications/{application.pk}/decide",
        {"outcome": "approve", "comment": "Welcome"},
    )
    # then
    assert first.json()["approval"]["current_position"] == 2
    assert second.json()["approval"]["status"] == "approved"
    assert _person(cast, "branch_a_non_member").membership_status == "member"


@pytest.mark.parametrize(
    ("persona", "payload", "status", "code", "field"),
    [
        ("branch_a_chair", {"outcome": "reject"}, 400, "comment_required", "comment"),
        (
            "branch_a_chair",
            {"outcome": "approve", "expected_position": 2},
            400,
            "approval_step_changed",
            None,
        ),
        ("branch_a_chair", {"outcome": "maybe"}, 400, "invalid", "outcome"),
        ("finance_officer", {"outcome": "approve"}, 403, "forbidden", None),
        ("branch_b_member", {"outcome": "approve"}, 404, "not_found", None),
        ("anonymous", {"outcome": "approve"}, 401, "unauthenticated", None),
    ],
)
def test_application_decide_refusals_change_nothing(
    cast, application, persona, payload, status, code, field
):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(f"/members/applications/{application.pk}/decide", payload)
    # then
    assert_error(response, status, code, field)
    assert table_counts() == before
    request = ApprovalRequest.objects.get(subject_id=str(application.pk))
    assert (request.status, request.current_position) == ("pending", 1)


def test_membership_lists_run_the_same_number_of_queries_whatever_the_size(cast):
    # given
    office = api_as(cast, "office_admin")
    person = cast.people["branch_a_member"]
    paths = [
        f"/members/people/{person.pk}/membership-events",
        f"/members/people/{person.pk}/membership-periods",
    ]
    small = [query_count(office, path) for path in paths]
    # when
    for year in range(2016, 2022):
        destination = cast.branch_b if year % 2 == 0 else cast.group_a1
        services.membership_transfer(
            actor=SYSTEM,
            person=_person(cast, "branch_a_member"),
            to_node=destination,
            on=dt.date(year, 1, 1),
        )
    large = [query_count(office, path) for path in paths]
    # then
    assert office.get(paths[0]).json()["count"] == 7
    assert large == small


@pytest.mark.parametrize(
    ("action", "target"),
    [
        ("join", "branch_a_non_member"),
        ("retire", "branch_a_member"),
        ("leave", "branch_a_member"),
        ("death", "branch_a_member"),
    ],
)
@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 200, None),
        ("finance_officer", 403, "forbidden"),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_liaison", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_membership_action_matrix(cast, action, target, persona, status, code):
    # given
    person = cast.people[target]
    client = api_as(cast, persona)
    before = table_counts()
    state = Person.objects.values("membership_status", "employment_status").get(pk=person.pk)
    # when
    response = client.post(f"/members/people/{person.pk}/{action}", {"on": "2021-09-01"})
    # then
    after = Person.objects.values("membership_status", "employment_status").get(pk=person.pk)
    if code is None:
        assert response.status_code == status
        assert after != state
        assert response.json()["membership_status"] == after["membership_status"]
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert after == state


def test_a_member_cannot_record_their_own_membership_changes(cast):
    # given
    member = api_as(cast, "branch_a_member")
    person = cast.people["branch_a_member"]
    before = table_counts()
    # when
    response = member.post(f"/members/people/{person.pk}/leave", {"on": "2021-09-01"})
    # then
    assert_error(response, 403, "forbidden")
    assert table_counts() == before


def test_a_long_rejection_reason_is_kept_whole_on_the_decision(cast, application):
    # given
    reason = "Not yet eligible. " * 60
    # when
    response = api_as(cast, "branch_a_chair").post(
        f"/members/applications/{application.pk}/decide", {"outcome": "reject", "comment": reason}
    )
    # then
    assert response.json()["approval"]["status"] == "rejected"
    request = ApprovalRequest.objects.get(subject_id=str(application.pk))
    assert request.decisions.get().comment == reason.strip()
    event = MembershipEvent.objects.get(person=application.person, kind="rejected")
    assert event.note == reason[:200]
    assert _person(cast, "branch_a_non_member").membership_status == "none"
