"""The rules of clubs, each in its service; a refusal changes nothing."""

import datetime as dt

import pytest

from tongxin.activities import clock
from tongxin.activities import services as activities
from tongxin.activities.models import Activity
from tongxin.clubs import queries, services
from tongxin.clubs.models import ClubMembership, ClubSession
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds.models import FundAccount, JournalEntry
from tongxin.participation.models import Participation
from tongxin.testing.funds import fund_books

from .factories import SYSTEM, make_club, series_data, state

ON = dt.date(2021, 5, 10)


def test_create_rejects_a_duplicate_name_and_a_group(cast, club_a):
    before = state()
    with pytest.raises(DomainError) as caught:
        make_club(cast.branch_b, name="Branch A basketball")
    assert caught.value.code == "duplicate_name"
    with pytest.raises(ValidationFailed):
        make_club(cast.group_a1, name="Group club")
    assert state() == before


def test_join_and_leave_keep_history_and_members_on_a_day(cast, club_a):
    person = cast.people["branch_a_member"]
    services.club_join(actor=SYSTEM, club=club_a, person=person, on=dt.date(2021, 3, 1))
    services.club_leave(actor=SYSTEM, club=club_a, person=person, on=dt.date(2021, 4, 1))
    services.club_join(actor=SYSTEM, club=club_a, person=person, on=dt.date(2021, 5, 1))
    assert ClubMembership.objects.filter(club=club_a, person=person).count() == 2
    assert [m.person_id for m in queries.members_on(club_a, dt.date(2021, 3, 15))] == [person.pk]
    assert list(queries.members_on(club_a, dt.date(2021, 4, 1))) == []
    assert list(queries.members_on(club_a, dt.date(2021, 4, 15))) == []
    assert [m.person_id for m in queries.members_on(club_a, dt.date(2021, 5, 2))] == [person.pk]


def test_join_twice_is_refused(cast, club_a):
    person = cast.people["branch_a_member"]
    services.club_join(actor=SYSTEM, club=club_a, person=person, on=ON)
    before = state()
    with pytest.raises(DomainError) as caught:
        services.club_join(actor=SYSTEM, club=club_a, person=person, on=ON)
    assert caught.value.code == "already_member"
    assert state() == before


def test_leave_when_not_a_member_is_refused(cast, club_a):
    before = state()
    with pytest.raises(DomainError) as caught:
        services.club_leave(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    assert caught.value.code == "not_member"
    assert state() == before


def test_only_members_of_the_owning_part_of_the_union_join(cast, club_a):
    before = state()
    with pytest.raises(DomainError) as caught:
        services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_b_member"])
    assert caught.value.code == "not_eligible"
    with pytest.raises(DomainError):
        services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_a_non_member"])
    assert state() == before


def test_archived_club_takes_no_members(cast, club_a):
    services.club_archive(actor=SYSTEM, club=club_a)
    before = state()
    with pytest.raises(DomainError) as caught:
        services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    assert caught.value.code == "archived"
    assert state() == before


@pytest.mark.parametrize(
    ("on", "field"),
    [("2021-05-01", "on"), (dt.datetime(2021, 5, 1, 9, 0), "on"), (dt.date(1800, 1, 1), "on")],
)
def test_join_bad_date_changes_nothing(cast, club_a, on, field):
    before = state()
    with pytest.raises(ValidationFailed) as caught:
        services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"], on=on)
    assert caught.value.field == field
    assert state() == before


def test_leave_before_joining_is_refused(cast, club_a):
    person = cast.people["branch_a_member"]
    services.club_join(actor=SYSTEM, club=club_a, person=person, on=ON)
    before = state()
    with pytest.raises(ValidationFailed):
        services.club_leave(actor=SYSTEM, club=club_a, person=person, on=ON - dt.timedelta(days=1))
    assert state() == before


def test_series_creates_one_published_session_per_week(cast, club_a):
    series = services.club_series_create(actor=SYSTEM, club=club_a, **series_data())
    sessions = list(ClubSession.objects.filter(series=series).select_related("activity"))
    assert [s.on for s in sessions] == [dt.date(2021, 3, d) for d in (3, 10, 17, 24, 31)]
    for session in sessions:
        activity = session.activity
        assert activity.kind == "club_session"
        assert activity.status == "published"
        assert activity.organiser_id == cast.branch_a.pk
        assert activity.quota == 20
        local = activity.starts_at.astimezone(dt.UTC)
        assert activity.ends_at - activity.starts_at == dt.timedelta(minutes=90)
        assert local.date() in (session.on, session.on - dt.timedelta(days=1))


def test_series_dates_helper():
    assert services.series_dates(0, dt.date(2021, 3, 1), dt.date(2021, 3, 1)) == [
        dt.date(2021, 3, 1)
    ]
    assert services.series_dates(6, dt.date(2021, 3, 1), dt.date(2021, 3, 6)) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"weekday": 7}, "weekday"),
        ({"weekday": "2"}, "weekday"),
        ({"ends_at": dt.time(16, 0)}, "ends_at"),
        ({"last_on": dt.date(2021, 2, 1)}, "last_on"),
        ({"last_on": dt.date(2022, 6, 1)}, "last_on"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": "20"}, "capacity"),
        ({"place": " "}, "place"),
        ({"first_on": dt.date(2021, 3, 4), "last_on": dt.date(2021, 3, 9)}, "first_on"),
    ],
)
def test_series_bad_input_changes_nothing(cast, club_a, overrides, field):
    before = state()
    with pytest.raises(ValidationFailed) as caught:
        services.club_series_create(actor=SYSTEM, club=club_a, **series_data(**overrides))
    assert caught.value.field == field
    assert state() == before
    assert Activity.objects.count() == 0


def test_attendance_is_counted_once(cast, club_a):
    """Check-in goes through activities, which writes the person-time (kind club_session);
    the club reads the sign-ups and writes no participation of its own."""
    person = cast.people["branch_a_member"]
    member = cast.actor("branch_a_member")
    services.club_join(actor=member, club=club_a, person=person, on=dt.date(2021, 3, 1))
    with clock.at(dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)):
        services.club_series_create(actor=SYSTEM, club=club_a, **series_data())
        session = ClubSession.objects.filter(club=club_a).order_by("on").first()
        sign_up = activities.activity_sign_up(
            actor=member, activity=session.activity, person=person
        )
    with clock.at(session.activity.starts_at):
        activities.signup_check_in(
            actor=cast.actor("branch_a_chair"),
            activity=session.activity,
            code=sign_up.check_in_code,
        )
        again = activities.signup_check_in(
            actor=cast.actor("branch_a_chair"),
            activity=session.activity,
            code=sign_up.check_in_code,
        )
    assert again.already
    assert Participation.objects.filter(person=person).count() == 1
    assert Participation.objects.get(person=person).kind == "club_session"
    with clock.at(dt.datetime(2021, 4, 1, 9, 0, tzinfo=dt.UTC)):
        figures = queries.attendance(club_a)
    assert (figures.attended, figures.places_taken) == (1, 1)
    assert figures.rate_percent == 100
    assert queries.attended_by_person(club_a) == {person.pk: 1}


# Spending ------------------------------------------------------------------------------


@pytest.fixture
def books(cast):
    return fund_books(cast, branch_funds_fen=500_000)


def spend(actor, club, **overrides):
    data = {"description": "Balls", "amount_fen": 30_000, "incurred_on": ON, "payee": "Shop"}
    data.update(overrides)
    return services.club_expense_post(actor=actor, club=club, **data)


def test_spending_within_the_club_budget_posts_an_entry(cast, club_a, books):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=50_000)
    fund = FundAccount.objects.get(node=cast.branch_a, kind="fund")
    expense = spend(cast.actor("branch_a_chair"), club_a)
    assert expense.journal_entry.source_type == "clubs.clubexpense"
    assert expense.journal_entry.source_id == str(expense.pk)
    fund.refresh_from_db()
    assert fund.balance_fen == 500_000 - 30_000
    figures = queries.spending(club_a, 2021)
    assert (figures.budget_fen, figures.spent_fen, figures.remaining_fen) == (
        50_000,
        30_000,
        20_000,
    )


def test_spending_over_the_club_budget_is_refused(cast, club_a, books):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=50_000)
    spend(SYSTEM, club_a)
    before = state()
    with pytest.raises(DomainError) as caught:
        spend(cast.actor("branch_a_chair"), club_a, amount_fen=20_001)
    assert caught.value.code == "club_budget_exceeded"
    assert state() == before


def test_no_club_budget_means_no_spending(cast, club_a, books):
    before = state()
    with pytest.raises(DomainError) as caught:
        spend(cast.actor("branch_a_chair"), club_a)
    assert caught.value.code == "club_budget_exceeded"
    assert state() == before


def test_override_with_reason_by_a_manager(cast, club_a, books):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=10_000)
    expense = spend(cast.actor("branch_a_chair"), club_a, override_reason="Tournament kit")
    assert expense.override_reason == "Tournament kit"
    assert queries.spending(club_a, 2021).is_over


def test_reversal_frees_the_budget_and_restores_the_fund(cast, club_a, books):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=30_000)
    expense = spend(cast.actor("branch_a_chair"), club_a)
    services.club_expense_reverse(
        actor=cast.actor("branch_a_chair"), expense=expense, reason="Returned"
    )
    fund = FundAccount.objects.get(node=cast.branch_a, kind="fund")
    assert fund.balance_fen == 500_000
    assert queries.spending(club_a, 2021).spent_fen == 0
    assert JournalEntry.objects.filter(reverses=expense.journal_entry).exists()
    before = state()
    with pytest.raises(DomainError):
        services.club_expense_reverse(actor=SYSTEM, expense=expense, reason="Again")
    assert state() == before
    spend(cast.actor("branch_a_chair"), club_a)


def test_session_costs_count_against_the_club(cast, club_a, books):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=30_000)
    services.club_series_create(actor=SYSTEM, club=club_a, **series_data())
    session = ClubSession.objects.filter(club=club_a).first()
    activities.activity_cost_post(
        actor=SYSTEM,
        activity=session.activity,
        description="Court hire",
        amount_fen=20_000,
        incurred_on=ON,
    )
    assert queries.spending(club_a, 2021).spent_fen == 20_000
    with pytest.raises(DomainError):
        spend(SYSTEM, club_a, amount_fen=10_001)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_fen": 0}, "amount_fen"),
        ({"amount_fen": -1}, "amount_fen"),
        ({"amount_fen": 1.5}, "amount_fen"),
        ({"amount_fen": True}, "amount_fen"),
        ({"description": ""}, "description"),
        ({"incurred_on": None}, "incurred_on"),
        ({"category_key": "expense.rights.hardship_aid"}, "category_key"),
    ],
)
def test_spending_bad_input_changes_nothing(cast, club_a, books, overrides, field):
    services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=50_000)
    before = state()
    with pytest.raises(ValidationFailed) as caught:
        spend(cast.actor("branch_a_chair"), club_a, **overrides)
    assert caught.value.field == field
    assert state() == before


@pytest.mark.parametrize("amount", [-1, 1.5, "100", None])
def test_budget_bad_amount_changes_nothing(cast, club_a, amount):
    before = state()
    with pytest.raises(ValidationFailed):
        services.club_budget_set(actor=SYSTEM, club=club_a, year=2021, amount_fen=amount)
    assert state() == before


def test_leaders_have_terms(cast, club_a):
    person = cast.people["branch_a_liaison"]
    leader = services.club_leader_add(actor=SYSTEM, club=club_a, person=person, starts_on=ON)
    before = state()
    with pytest.raises(DomainError):
        services.club_leader_add(actor=SYSTEM, club=club_a, person=person, starts_on=ON)
    with pytest.raises(ValidationFailed):
        services.club_leader_end(actor=SYSTEM, leader=leader, ends_on=ON - dt.timedelta(days=1))
    assert state() == before
    services.club_leader_end(actor=SYSTEM, leader=leader, ends_on=ON)
    services.club_leader_add(actor=SYSTEM, club=club_a, person=person, starts_on=ON)


def test_export_is_an_xlsx(cast, club_a):
    services.club_join(actor=SYSTEM, club=club_a, person=cast.people["branch_a_member"])
    data = services.club_export(actor=cast.actor("branch_a_chair"), club=club_a)
    assert data[:2] == b"PK"


def _future_series(club):
    today = dt.date.today()
    return services.club_series_create(
        actor=SYSTEM,
        club=club,
        **series_data(
            weekday=today.weekday(),
            first_on=today + dt.timedelta(days=1),
            last_on=today + dt.timedelta(days=21),
        ),
    )


def test_leaving_cancels_places_in_future_sessions(cast, club_a):
    person = cast.people["branch_a_member"]
    member = cast.actor("branch_a_member")
    services.club_join(actor=member, club=club_a, person=person)
    _future_series(club_a)
    session = ClubSession.objects.filter(club=club_a).order_by("on").first()
    sign_up = activities.activity_sign_up(actor=member, activity=session.activity, person=person)
    services.club_leave(actor=cast.actor("branch_a_chair"), club=club_a, person=person)
    sign_up.refresh_from_db()
    assert sign_up.status == "cancelled"


def test_archiving_cancels_future_sessions(cast, club_a):
    _future_series(club_a)
    services.club_archive(actor=cast.actor("branch_a_chair"), club=club_a)
    statuses = set(
        ClubSession.objects.filter(club=club_a).values_list("activity__status", flat=True)
    )
    assert statuses == {"cancelled"}
