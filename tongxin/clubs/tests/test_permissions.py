"""Permission matrices: every permissioned clubs service run as every persona. Denied rows
get the error (NotFound outside the persona's scope, Forbidden inside it) and change nothing.

A branch A chair manages branch A clubs only; a leader manages their own club's members and
sessions; a member joins and leaves only themselves."""

import datetime as dt

import pytest

from tongxin.clubs import services
from tongxin.core.errors import Forbidden, NotFound
from tongxin.testing.funds import fund_books

from .factories import SYSTEM, make_club, series_data, state

OK = "ok"
PERSONAS = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
)
MANAGE_A = {
    "office_admin": OK,
    "finance_officer": Forbidden,
    "auditor": Forbidden,
    "branch_a_chair": OK,
    "branch_a_liaison": Forbidden,
    "branch_a_member": NotFound,
    "branch_b_member": NotFound,
    "outsider": NotFound,
    "anonymous": NotFound,
}


def rows(table, **overrides):
    table = {**table, **overrides}
    return [(name, table[name]) for name in PERSONAS]


def run(expected, call):
    if expected is OK:
        return call()
    before = state()
    with pytest.raises(expected):
        call()
    assert state() == before
    return None


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_create_on_branch_a(cast, persona, expected):
    run(
        expected,
        lambda: services.club_create(
            actor=cast.actor(persona), node=cast.branch_a, name="Chess", kind="other"
        ),
    )


@pytest.mark.parametrize(
    ("persona", "expected"), rows(MANAGE_A, branch_a_chair=NotFound, branch_a_liaison=NotFound)
)
def test_create_on_branch_b(cast, persona, expected):
    run(
        expected,
        lambda: services.club_create(
            actor=cast.actor(persona), node=cast.branch_b, name="Chess", kind="other"
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_update(cast, club_a, persona, expected):
    run(
        expected,
        lambda: services.club_update(
            actor=cast.actor(persona), club=club_a, changes={"description": "New"}
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_archive(cast, club_a, persona, expected):
    run(expected, lambda: services.club_archive(actor=cast.actor(persona), club=club_a))


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_leader_add(cast, club_a, persona, expected):
    run(
        expected,
        lambda: services.club_leader_add(
            actor=cast.actor(persona), club=club_a, person=cast.people["branch_a_member"]
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_leader_end(cast, club_a, persona, expected):
    leader = services.club_leader_add(
        actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"]
    )
    run(expected, lambda: services.club_leader_end(actor=cast.actor(persona), leader=leader))


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_budget_set(cast, club_a, persona, expected):
    run(
        expected,
        lambda: services.club_budget_set(
            actor=cast.actor(persona), club=club_a, year=2021, amount_fen=100
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_series_create(cast, club_a, persona, expected):
    run(
        expected,
        lambda: services.club_series_create(
            actor=cast.actor(persona), club=club_a, **series_data(last_on=dt.date(2021, 3, 5))
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A, branch_a_member=OK))
def test_join_person_a(cast, club_a, persona, expected):
    """Joining Member A: themselves, or a manager of branch A."""
    run(
        expected,
        lambda: services.club_join(
            actor=cast.actor(persona), club=club_a, person=cast.people["branch_a_member"]
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A, branch_a_member=OK))
def test_leave_person_a(cast, club_a, persona, expected):
    services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    run(
        expected,
        lambda: services.club_leave(
            actor=cast.actor(persona), club=club_a, person=cast.people["branch_a_member"]
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_expense_post(cast, club_a, persona, expected):
    fund_books(cast, branch_funds_fen=100_000)
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=100_000)
    run(
        expected,
        lambda: services.club_expense_post(
            actor=cast.actor(persona),
            club=club_a,
            description="Balls",
            amount_fen=1000,
            incurred_on=dt.date(2021, 5, 1),
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A))
def test_expense_reverse(cast, club_a, persona, expected):
    fund_books(cast, branch_funds_fen=100_000)
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=100_000)
    expense = services.club_expense_post(
        actor=SYSTEM,
        club=club_a,
        description="Balls",
        amount_fen=1000,
        incurred_on=dt.date(2021, 5, 1),
    )
    run(
        expected,
        lambda: services.club_expense_reverse(
            actor=cast.actor(persona), expense=expense, reason="Wrong"
        ),
    )


@pytest.mark.parametrize(("persona", "expected"), rows(MANAGE_A, auditor=OK, branch_a_liaison=OK))
def test_export(cast, club_a, persona, expected):
    run(expected, lambda: services.club_export(actor=cast.actor(persona), club=club_a))


# Leaders -------------------------------------------------------------------------------


@pytest.fixture
def led(cast, club_a):
    """Liaison A leads the branch A club (a leader is a person, not a role)."""
    services.club_leader_add(actor=SYSTEM, club=club_a, person=cast.people["branch_a_liaison"])
    return club_a


def test_leader_manages_own_club_members_and_sessions(cast, led):
    leader = cast.actor("branch_a_liaison")
    services.club_join(actor=leader, club=led, person=cast.people["branch_a_member"])
    services.club_leave(actor=leader, club=led, person=cast.people["branch_a_member"])
    services.club_series_create(actor=leader, club=led, **series_data(last_on=dt.date(2021, 3, 5)))
    assert services.club_export(actor=leader, club=led)[:2] == b"PK"


def test_leader_does_not_manage_another_club_nor_spend(cast, led):
    other = make_club(cast.branch_a, name="Branch A running", kind="running")
    leader = cast.actor("branch_a_liaison")
    before = state()
    with pytest.raises(Forbidden):
        services.club_join(actor=leader, club=other, person=cast.people["branch_a_member"])
    with pytest.raises(Forbidden):
        services.club_series_create(actor=leader, club=other, **series_data())
    with pytest.raises(Forbidden):
        services.club_budget_set(actor=leader, club=led, year=2021, amount_fen=1)
    with pytest.raises(Forbidden):
        services.club_leader_add(actor=leader, club=led, person=cast.people["branch_a_member"])
    assert state() == before


def test_member_leader_of_school_club_cannot_spend(cast, school_club):
    services.club_leader_add(actor=SYSTEM, club=school_club, person=cast.people["branch_b_member"])
    before = state()
    with pytest.raises(NotFound):
        services.club_expense_post(
            actor=cast.actor("branch_b_member"),
            club=school_club,
            description="Mats",
            amount_fen=100,
            incurred_on=dt.date(2021, 5, 1),
        )
    assert state() == before


def test_member_joins_and_leaves_only_themselves(cast, school_club):
    member_b = cast.actor("branch_b_member")
    services.club_join(actor=member_b, club=school_club, person=cast.people["branch_b_member"])
    before = state()
    with pytest.raises(NotFound):
        services.club_join(actor=member_b, club=school_club, person=cast.people["branch_a_member"])
    with pytest.raises(NotFound):
        services.club_leave(actor=member_b, club=school_club, person=cast.people["branch_a_member"])
    assert state() == before
    services.club_leave(actor=member_b, club=school_club, person=cast.people["branch_b_member"])
