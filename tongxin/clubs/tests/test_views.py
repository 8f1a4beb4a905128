"""Pages: status per persona, forms that go through the services, query counts constant."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.activities.tests.factories import make_people
from tongxin.clubs import services
from tongxin.clubs.models import ClubMembership
from tongxin.testing.funds import fund_books

from .factories import SYSTEM, make_club, series_data, state


def login(client, cast, name):
    client.force_login(cast.users[name])
    return client


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(context)


def grow(cast, club, count, start=0):
    people = make_people(cast.branch_a, count, prefix=f"C{club.pk}-{start}-")
    for person in people:
        services.club_join(actor=SYSTEM, club=club, person=person, on=dt.date(2021, 3, 1))
    return people


def test_office_list_queries_constant(client, cast, club_a):
    login(client, cast, "office_admin")
    url = reverse("clubs:office-list")
    one = queries_for(client, url)
    for index in range(4):
        club = make_club(cast.branch_a, name=f"Club {index}")
        services.club_leader_add(actor=SYSTEM, club=club, person=cast.people["branch_a_member"])
    grow(cast, club_a, 3)
    assert queries_for(client, url) == one


def test_manage_page_queries_constant(client, cast, club_a):
    fund_books(cast, branch_funds_fen=100_000)
    services.club_budget_set(actor=SYSTEM, club=club_a, year=dt.date.today().year, amount_fen=1)
    login(client, cast, "branch_a_chair")
    url = reverse("clubs:club-manage", args=[club_a.pk])
    grow(cast, club_a, 1)
    services.club_series_create(
        actor=SYSTEM, club=club_a, **series_data(last_on=dt.date(2021, 3, 5))
    )
    one = queries_for(client, url)
    grow(cast, club_a, 8, start=1)
    services.club_series_create(actor=SYSTEM, club=club_a, **series_data())
    services.club_leader_add(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    assert queries_for(client, url) == one
    body = client.get(url).content.decode()
    assert 'data-testid="member-table"' in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("branch_a_chair", 200),
        ("finance_officer", 200),
        ("branch_b_member", 404),
        ("outsider", 404),
    ],
)
def test_manage_page_access(client, cast, club_a, persona, status):
    login(client, cast, persona)
    assert client.get(reverse("clubs:club-manage", args=[club_a.pk])).status_code == status


def test_leader_reaches_own_club_page(client, cast, club_a):
    services.club_leader_add(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    login(client, cast, "branch_a_member")
    body = client.get(reverse("clubs:club-manage", args=[club_a.pk])).content.decode()
    assert 'data-testid="series-create"' in body
    assert "led-club" in client.get(reverse("clubs:my-clubs")).content.decode()


def test_member_browses_joins_and_leaves(client, cast, club_a, school_club):
    login(client, cast, "branch_a_member")
    url = reverse("clubs:club-browse")
    body = client.get(url).content.decode()
    assert club_a.name in body
    assert school_club.name in body
    response = client.post(reverse("clubs:club-join", args=[club_a.pk]))
    assert response.status_code == 302
    assert ClubMembership.objects.filter(club=club_a, left_on__isnull=True).count() == 1
    detail = client.get(reverse("clubs:club-detail", args=[club_a.pk])).content.decode()
    assert 'data-testid="club-leave"' in detail
    client.post(reverse("clubs:club-leave", args=[club_a.pk]))
    assert ClubMembership.objects.filter(club=club_a, left_on__isnull=True).count() == 0


def test_member_of_branch_b_does_not_see_branch_a_club(client, cast, club_a):
    login(client, cast, "branch_b_member")
    assert club_a.name not in client.get(reverse("clubs:club-browse")).content.decode()
    assert client.get(reverse("clubs:club-detail", args=[club_a.pk])).status_code == 404
    before = state()
    assert client.post(reverse("clubs:club-join", args=[club_a.pk])).status_code == 404
    assert state() == before


def test_member_pages_queries_constant(client, cast, club_a, school_club):
    login(client, cast, "branch_a_member")
    person = cast.people["branch_a_member"]
    services.club_join(actor=SYSTEM, club=club_a, person=person)
    browse, mine = reverse("clubs:club-browse"), reverse("clubs:my-clubs")
    first = queries_for(client, browse), queries_for(client, mine)
    for index in range(3):
        club = make_club(cast.branch_a, name=f"Extra {index}")
        services.club_join(actor=SYSTEM, club=club, person=person)
        services.club_leader_add(actor=SYSTEM, club=club, person=person)
        grow(cast, club, 2, start=index)
    today = dt.date.today()
    services.club_series_create(
        actor=SYSTEM,
        club=club_a,
        **series_data(
            weekday=today.weekday(),
            first_on=today + dt.timedelta(days=1),
            last_on=today + dt.timedelta(days=30),
        ),
    )
    assert (queries_for(client, browse), queries_for(client, mine)) == first


def test_create_form(client, cast):
    login(client, cast, "branch_a_chair")
    response = client.post(
        reverse("clubs:club-create"),
        {"node": cast.branch_a.pk, "name": "Tennis", "kind": "other", "description": ""},
    )
    assert response.status_code == 302, response.content[:800]
    before = state()
    response = client.post(
        reverse("clubs:club-create"),
        {"node": cast.branch_a.pk, "name": "Tennis", "kind": "other"},
    )
    assert response.status_code == 200
    assert state() == before


def test_chair_forms_on_the_club_page(client, cast, club_a):
    fund_books(cast, branch_funds_fen=100_000)
    login(client, cast, "branch_a_chair")
    client.post(reverse("clubs:budget-set", args=[club_a.pk]), {"year": 2021, "amount": "300"})
    client.post(
        reverse("clubs:member-add", args=[club_a.pk]),
        {"staff_number": cast.people["branch_a_member"].staff_number},
    )
    response = client.post(
        reverse("clubs:expense-add", args=[club_a.pk]),
        {"description": "Balls", "amount": "120.50", "incurred_on": "2021-05-01", "payee": ""},
    )
    assert response.status_code == 302
    assert club_a.expenses.get().amount_fen == 12050
    before = state()
    client.post(
        reverse("clubs:expense-add", args=[club_a.pk]),
        {"description": "Balls", "amount": "200", "incurred_on": "2021-05-01"},
    )
    assert state() == before  # over the club budget: refused, nothing written
    response = client.post(
        reverse("clubs:series-create", args=[club_a.pk]),
        {
            "weekday": 2,
            "starts_at": "17:00",
            "ends_at": "18:00",
            "place": "Gym",
            "first_on": "2021-03-01",
            "last_on": "2021-03-31",
            "capacity": 10,
        },
    )
    assert response.status_code == 302
    assert club_a.sessions.count() == 5
    export = client.get(reverse("clubs:club-export", args=[club_a.pk]))
    assert export.status_code == 200
    assert export.content[:2] == b"PK"
