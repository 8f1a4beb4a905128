"""The clubs API: the same rules and errors as the services, lists paginated with a constant
number of queries."""

import datetime as dt
import json

import pytest

from tongxin.clubs import services
from tongxin.testing.api import api_as, assert_error, query_count
from tongxin.testing.funds import fund_books

from .factories import SYSTEM, make_club, series_data, state
from .test_views import grow


def test_list_and_detail(cast, club_a, school_club):
    api = api_as(cast, "branch_a_chair")
    body = api.get("/clubs/").json()
    assert [item["id"] for item in body["items"]] == [club_a.pk]
    office = api_as(cast, "office_admin").get("/clubs/").json()
    assert office["count"] == 2
    assert api.get(f"/clubs/{club_a.pk}").json()["name"] == club_a.name
    assert api_as(cast, "branch_b_member").get(f"/clubs/{club_a.pk}").status_code == 404
    assert api_as(cast, "branch_b_member").get(f"/clubs/{school_club.pk}").status_code == 200


def test_list_queries_constant(cast, club_a):
    api = api_as(cast, "office_admin")
    one = query_count(api, "/clubs/")
    members = query_count(api, f"/clubs/{club_a.pk}/members")
    sessions = query_count(api, f"/clubs/{club_a.pk}/sessions")
    for index in range(3):
        club = make_club(cast.branch_a, name=f"More {index}")
        services.club_leader_add(actor=SYSTEM, club=club, person=cast.people["branch_a_member"])
    grow(cast, club_a, 5)
    services.club_series_create(actor=SYSTEM, club=club_a, **series_data())
    assert query_count(api, "/clubs/") == one
    assert query_count(api, f"/clubs/{club_a.pk}/members") == members
    assert query_count(api, f"/clubs/{club_a.pk}/sessions") == sessions
    member = api_as(cast, "branch_a_member")
    open_one = query_count(member, "/clubs/open")
    make_club(cast.school, name="Running", kind="running")
    assert query_count(member, "/clubs/open") == open_one


def test_create_join_leave(cast):
    chair = api_as(cast, "branch_a_chair")
    response = chair.post(
        "/clubs/", {"node_id": cast.branch_a.pk, "name": "Badminton", "kind": "badminton"}
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    before = state()
    assert_error(
        chair.post(
            "/clubs/", {"node_id": cast.branch_a.pk, "name": "Badminton", "kind": "badminton"}
        ),
        400,
        "duplicate_name",
        "name",
    )
    assert (
        chair.post(
            "/clubs/", {"node_id": cast.branch_b.pk, "name": "B club", "kind": "yoga"}
        ).status_code
        == 404
    )
    assert state() == before
    member = api_as(cast, "branch_a_member")
    assert member.post(f"/clubs/{pk}/join").status_code == 201
    assert_error(member.post(f"/clubs/{pk}/join"), 400, "already_member", None)
    assert member.post(f"/clubs/{pk}/leave").status_code == 200
    assert_error(member.post(f"/clubs/{pk}/leave"), 400, "not_member", None)
    assert api_as(cast, "branch_b_member").post(f"/clubs/{pk}/join").status_code == 404
    assert api_as(cast, "anonymous").post(f"/clubs/{pk}/join").status_code in (401, 404)


def test_members_on_a_day(cast, club_a):
    person = cast.people["branch_a_member"]
    services.club_join(actor=SYSTEM, club=club_a, person=person, on=dt.date(2021, 3, 1))
    services.club_leave(actor=SYSTEM, club=club_a, person=person, on=dt.date(2021, 4, 1))
    api = api_as(cast, "branch_a_chair")
    on = api.get(f"/clubs/{club_a.pk}/members", {"on": "2021-03-15"}).json()
    assert [m["person_id"] for m in on["items"]] == [person.pk]
    assert api.get(f"/clubs/{club_a.pk}/members", {"on": "2021-04-15"}).json()["count"] == 0


def test_leader_adds_member_and_series(cast, club_a):
    services.club_leader_add(actor=SYSTEM, club=club_a, person=cast.people["branch_a_liaison"])
    leader = api_as(cast, "branch_a_liaison")
    response = leader.post(
        f"/clubs/{club_a.pk}/members", {"person_id": cast.people["branch_a_member"].pk}
    )
    assert response.status_code == 201, response.content
    response = leader.post(
        f"/clubs/{club_a.pk}/series",
        {
            "weekday": 2,
            "starts_at": "17:00",
            "ends_at": "18:00",
            "place": "Gym",
            "first_on": "2021-03-01",
            "last_on": "2021-03-31",
            "capacity": 12,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["session_count"] == 5
    before = state()
    assert_error(
        leader.post(
            f"/clubs/{club_a.pk}/series",
            {
                "weekday": 9,
                "starts_at": "17:00",
                "ends_at": "18:00",
                "place": "Gym",
                "first_on": "2021-03-01",
                "last_on": "2021-03-31",
                "capacity": 12,
            },
        ),
        400,
        "invalid_series",
        "weekday",
    )
    assert_error(
        leader.post(
            f"/clubs/{club_a.pk}/members", {"person_id": cast.people["branch_b_member"].pk}
        ),
        400,
        "not_eligible",
        "person_id",
    )
    assert (
        leader.raw(
            "put", f"/clubs/{club_a.pk}/budgets/2021", json.dumps({"amount_fen": 5})
        ).status_code
        == 403
    )
    assert state() == before


@pytest.fixture
def books(cast):
    return fund_books(cast, branch_funds_fen=200_000)


def test_spending(cast, club_a, books):
    chair = api_as(cast, "branch_a_chair")
    assert (
        chair.raw(
            "put", f"/clubs/{club_a.pk}/budgets/2021", json.dumps({"amount_fen": 50_000})
        ).status_code
        == 200
    )
    expense = {"description": "Balls", "amount_fen": 40_000, "incurred_on": "2021-05-01"}
    response = chair.post(f"/clubs/{club_a.pk}/expenses", expense)
    assert response.status_code == 201, response.content
    expense_id = response.json()["id"]
    before = state()
    assert_error(
        chair.post(f"/clubs/{club_a.pk}/expenses", expense),
        400,
        "club_budget_exceeded",
        "amount_fen",
    )
    assert_error(
        chair.post(f"/clubs/{club_a.pk}/expenses", {**expense, "amount_fen": 0}),
        400,
        "invalid_amount",
        "amount_fen",
    )
    assert state() == before
    spending = chair.get(f"/clubs/{club_a.pk}/spending", {"year": 2021}).json()
    assert (spending["budget_fen"], spending["spent_fen"]) == (50_000, 40_000)
    assert chair.get(f"/clubs/{club_a.pk}/expenses").json()["count"] == 1
    response = chair.post(f"/clubs/expenses/{expense_id}/reverse", {"reason": "Returned"})
    assert response.status_code == 200
    assert chair.get(f"/clubs/{club_a.pk}/spending", {"year": 2021}).json()["spent_fen"] == 0
    finance = api_as(cast, "finance_officer")
    assert finance.get(f"/clubs/{club_a.pk}/spending").status_code == 200
    assert finance.post(f"/clubs/{club_a.pk}/expenses", expense).status_code == 403
