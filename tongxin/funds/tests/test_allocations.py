import datetime as dt

import pytest

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.funds import queries, services
from tongxin.funds.models import BranchAllocation
from tongxin.members import services as members
from tongxin.testing.funds import fund_books

from .conftest import YEAR, counts

COUNTED = dt.date(YEAR, 1, 1)
POSTED_ON = dt.date(YEAR, 3, 1)


def _rule(books, actor="finance_officer", **values):
    values = {
        "method": "per_member",
        "per_member_fen": 5_000,
        "base_fen": 10_000,
        "counted_on": COUNTED,
        **values,
    }
    return services.allocation_rule_set(
        actor=books.cast.actor(actor), school=books.cast.school, fiscal_year=YEAR, **values
    )


def _amounts(rule):
    return {
        row.branch.name: (row.member_count, row.amount_fen)
        for row in queries.allocation_compute(rule=rule)
    }


def test_per_member_rule_counts_members_on_the_counting_date(books):
    # given branch A with three members (two in the branch, one in its group) and B with one
    rule = _rule(books)
    # then each branch gets the base plus 50 yuan per member
    assert _amounts(rule) == {"Branch A": (3, 25_000), "Branch B": (1, 15_000)}


def test_a_later_transfer_does_not_change_the_count(books):
    cast = books.cast
    members.membership_transfer(
        actor=cast.actor("system"),
        person=cast.people["branch_a_member"],
        to_node=cast.branch_b,
        on=dt.date(YEAR, 2, 1),
    )
    assert _amounts(_rule(books)) == {"Branch A": (3, 25_000), "Branch B": (1, 15_000)}
    assert _amounts(_rule(books, counted_on=dt.date(YEAR, 3, 1))) == {
        "Branch A": (2, 20_000),
        "Branch B": (2, 20_000),
    }


def test_pool_rule_shares_the_total_exactly(books):
    rule = _rule(books, method="pool", per_member_fen=0, base_fen=0, pool_fen=100_001)
    amounts = _amounts(rule)
    assert amounts == {"Branch A": (3, 75_001), "Branch B": (1, 25_000)}
    assert sum(fen for _count, fen in amounts.values()) == 100_001
    with pytest.raises(ValidationFailed) as info:
        _rule(books, method="pool", base_fen=60_000, pool_fen=100_000)
    assert info.value.code == "invalid_rule"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"method": "lottery"}, "method"),
        ({"method": "pool", "pool_fen": 0}, "pool"),
        ({"per_member_fen": 0, "base_fen": 0}, "per_member"),
        ({"per_member_fen": -5}, "per_member"),
        ({"base_fen": "100"}, "base"),
        ({"counted_on": "2021-01-01"}, "counted_on"),
    ],
)
def test_bad_rules_are_refused(books, values, field):
    before = counts()
    with pytest.raises(ValidationFailed) as info:
        _rule(books, **values)
    assert info.value.field == field
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("finance_officer", None),
        ("office_admin", None),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_a_member", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_rule_set_matrix(books, persona, expected):
    before = counts()
    if expected:
        with pytest.raises(DomainError) as info:
            _rule(books, actor=persona)
        assert type(info.value).__name__ == expected
        assert counts() == before
    else:
        assert _rule(books, actor=persona).per_member_fen == 5_000


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("finance_officer", "Forbidden"),
        ("auditor", "Forbidden"),
        ("branch_a_chair", "NotFound"),
        ("branch_b_member", "NotFound"),
        ("outsider", "NotFound"),
    ],
)
def test_post_matrix(books, persona, expected):
    rule = _rule(books)
    before = counts()
    if expected:
        with pytest.raises(DomainError) as info:
            services.allocation_post(actor=books.cast.actor(persona), rule=rule, entry_on=POSTED_ON)
        assert type(info.value).__name__ == expected
        assert counts() == before
        return
    posted = services.allocation_post(
        actor=books.cast.actor(persona), rule=rule, entry_on=POSTED_ON
    )
    assert [(a.branch.name, a.amount_fen) for a in posted] == [
        ("Branch A", 25_000),
        ("Branch B", 15_000),
    ]
    assert books.account(books.cast.branch_a).balance_fen == 25_000
    assert books.account(books.cast.branch_b).balance_fen == 15_000


def test_posting_twice_never_pays_twice(books):
    # given the year's allocations posted
    cast = books.cast
    office = cast.actor("office_admin")
    rule = _rule(books)
    first = services.allocation_post(actor=office, rule=rule, entry_on=POSTED_ON)
    # when the office posts again, nothing is posted
    before = counts()
    with pytest.raises(DomainError) as info:
        services.allocation_post(actor=office, rule=rule, entry_on=POSTED_ON)
    assert info.value.code == "nothing_to_record"
    assert counts() == before
    # and the rule cannot change while allocations are posted
    with pytest.raises(DomainError) as info:
        _rule(books, per_member_fen=6_000)
    assert info.value.code == "allocation_posted"
    # when branch B's allocation is reversed, only B's is posted again
    b = next(a for a in first if a.branch == cast.branch_b)
    services.entry_reverse(actor=cast.actor("finance_officer"), entry=b.entry, reason="Wrong count")
    again = services.allocation_post(actor=office, rule=rule, entry_on=POSTED_ON)
    assert [a.branch for a in again] == [cast.branch_b]
    assert books.account(cast.branch_b).balance_fen == 15_000
    assert BranchAllocation.objects.filter(rule=rule).count() == 3


def test_allocations_need_a_school_budget_line_for_all_branches(cast):
    # given a school budget that allows only 300 yuan of allocations
    books = fund_books(
        cast, school_budget={"expense": 1_000_000, "transfer.allocation_out": 30_000}
    )
    rule = _rule(books)
    before = counts()
    # when 400 yuan would be allocated, nothing is posted at all
    with pytest.raises(DomainError) as info:
        services.allocation_post(actor=cast.actor("office_admin"), rule=rule, entry_on=POSTED_ON)
    assert info.value.code == "budget_exceeded"
    assert counts() == before


def test_post_date_must_be_in_the_rule_year(books):
    with pytest.raises(ValidationFailed) as info:
        services.allocation_post(
            actor=books.cast.actor("office_admin"),
            rule=_rule(books),
            entry_on=dt.date(YEAR + 1, 1, 2),
        )
    assert info.value.code == "invalid_date"


def test_settlement_per_branch(books):
    # given allocations posted and branch A spending 120 yuan
    cast = books.cast
    services.allocation_post(
        actor=cast.actor("office_admin"), rule=_rule(books), entry_on=POSTED_ON
    )
    services.expense_record(
        actor=cast.actor("branch_a_chair"),
        node=cast.branch_a,
        category_key="expense.staff_activities.culture_sports",
        amount_fen=12_000,
        paid_on=dt.date(YEAR, 5, 1),
        memo="Badminton",
    )
    # then the settlement shows each fund's year
    rows = {
        r.account.node.name: r
        for r in queries.fund_settlement(
            actor=cast.actor("auditor"), node=cast.school, fiscal_year=YEAR
        )
    }
    a = rows["Branch A"]
    assert (a.opening_fen, a.allocated_fen, a.spent_fen, a.closing_fen) == (
        0,
        25_000,
        12_000,
        13_000,
    )
    school = rows["Test school union"]
    assert (school.income_fen, school.transferred_out_fen) == (20_000_000, 40_000)
    assert school.closing_fen == books.account(cast.school).balance_fen
    # and a branch chair sees only their branch
    chair_rows = queries.fund_settlement(
        actor=cast.actor("branch_a_chair"), node=cast.branch_a, fiscal_year=YEAR
    )
    assert [r.account.node for r in chair_rows] == [cast.branch_a]
    # the next year opens with the closing balance
    next_year = queries.fund_settlement(
        actor=cast.actor("auditor"), node=cast.branch_a, fiscal_year=YEAR + 1
    )
    assert next_year[0].opening_fen == 13_000
