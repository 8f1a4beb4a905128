"""Invariants of the ledger under any sequence of operations (hypothesis).

Each example runs inside a savepoint that is rolled back, so examples do not see each other;
each operation runs in its own savepoint, so a refused one leaves no trace (as a refused
request would). A model of the expected balances is kept beside the database.
"""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tongxin.core.errors import DomainError
from tongxin.funds import services
from tongxin.funds.models import FundAccount, JournalEntry, JournalLine
from tongxin.funds.queries import holiday_benefit_total_fen
from tongxin.funds.services import LineSpec, SourceRef
from tongxin.orgs.models import OrgNode
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record
from tongxin.testing.funds import fund_books

YEAR = 2021
SCHOOL_LINES = {
    "expense.staff_activities": 5_000,
    "expense.rights.hardship_aid": 3_000,
    "transfer": 8_000,
}
BRANCH_LINES = {"expense.staff_activities": 2_000}
KEYS = [
    "expense.staff_activities.culture_sports",
    "expense.staff_activities.member_activities",
    "expense.rights.hardship_aid",
    "expense.business.meetings",  # never budgeted: always refused
]
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

amounts = st.integers(min_value=1, max_value=4_000)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("income"), st.integers(0, 2), amounts),
        st.tuples(
            st.just("expense"), st.sampled_from([0, 0, 0, 1, 2]), st.sampled_from(KEYS), amounts
        ),
        st.tuples(
            st.just("expense"), st.sampled_from([0, 0, 0, 1, 2]), st.sampled_from(KEYS), amounts
        ),
        st.tuples(st.just("transfer"), st.integers(1, 2), amounts),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=25,
)


class RollbackError(Exception):
    pass


@pytest.fixture
def tight_books(cast):
    return fund_books(
        cast, year=YEAR, opening_fen=20_000, school_budget=SCHOOL_LINES, branch_budget=BRANCH_LINES
    )


def _run(cast, op, posted):
    system = cast.actor("system")
    nodes = [cast.school, cast.branch_a, cast.branch_b]
    day = dt.date(YEAR, 6, 1)
    kind = op[0]
    if kind == "income":
        return services.ledger_post_income(
            actor=system,
            node=nodes[op[1]],
            category_key="income.other",
            amount_fen=op[2],
            entry_on=day,
            memo="Income",
            source=SourceRef("t"),
        )
    if kind == "expense":
        return services.ledger_post_expense(
            actor=system,
            node=nodes[op[1]],
            category_key=op[2],
            amount_fen=op[3],
            entry_on=day,
            memo="Expense",
            source=SourceRef("t"),
        )
    if kind == "transfer":
        return services.ledger_post_transfer(
            actor=system,
            from_node=cast.school,
            to_node=nodes[op[1]],
            amount_fen=op[2],
            entry_on=day,
            memo="Allocation",
            source=SourceRef("t"),
        )
    if not posted:
        return None
    return services.ledger_reverse(
        actor=system, entry=posted[op[1] % len(posted)], reason="Correction"
    )


def _expected_effect(entry):
    effect = defaultdict(int)
    for line in entry.lines.select_related("account"):
        effect[line.account_id] += line.account.delta(line.debit_fen, line.credit_fen)
    return effect


def _check_invariants(tight_books, model):
    # every entry balances
    unbalanced = (
        JournalLine.objects.values("entry_id")
        .annotate(d=Sum("debit_fen"), c=Sum("credit_fen"))
        .exclude(d=F("c"))
    )
    assert not unbalanced.exists()
    # stored balances equal the model and the lines, and are never negative
    accounts = list(FundAccount.objects.all())
    for account in accounts:
        sums = account.lines.aggregate(d=Sum("debit_fen"), c=Sum("credit_fen"))
        assert (
            account.balance_fen
            == model[account.pk]
            == account.delta(sums["d"] or 0, sums["c"] or 0)
        )
        assert account.balance_fen >= 0
    # the books balance: assets equal funds plus liabilities
    assets = sum(a.balance_fen for a in accounts if a.kind == "bank")
    assert assets == sum(a.balance_fen for a in accounts if a.kind != "bank")
    # no approved budget line is exceeded (no override was ever given)
    for node_id, lines in (
        (tight_books.cast.school.pk, SCHOOL_LINES),
        (tight_books.cast.branch_a.pk, BRANCH_LINES),
        (tight_books.cast.branch_b.pk, BRANCH_LINES),
    ):
        for key, budget in lines.items():
            spent = JournalLine.objects.filter(
                node_id=node_id, fiscal_year=YEAR, category_key__startswith=key
            ).aggregate(d=Sum("debit_fen"), c=Sum("credit_fen"))
            assert (spent["d"] or 0) - (spent["c"] or 0) <= budget


@given(ops=operations)
@HYPOTHESIS
def test_any_sequence_keeps_books_balanced_and_within_budget(tight_books, ops):
    cast = tight_books.cast
    try:
        with transaction.atomic():
            model = defaultdict(int, FundAccount.objects.values_list("pk", "balance_fen"))
            posted: list[JournalEntry] = []
            for op in ops:
                try:
                    with transaction.atomic():
                        entry = _run(cast, op, posted)
                except DomainError as error:
                    event(f"refused {op[0]}: {error.code}")
                    entry = None
                if entry is not None:
                    event(f"accepted {op[0]}")
                    for account_id, delta in _expected_effect(entry).items():
                        model[account_id] += delta
                    if not entry.is_reversal:
                        posted.append(entry)
                _check_invariants(tight_books, model)
            raise RollbackError
    except RollbackError:
        pass


entry_specs = st.lists(
    st.tuples(st.sampled_from(KEYS[:3]), st.integers(0, 2), st.integers(1, 1_000)),
    min_size=1,
    max_size=4,
)


@given(specs=entry_specs)
@HYPOTHESIS
def test_reversal_restores_every_balance_and_budget(tight_books, specs):
    # given a multi-line entry paying several nodes and categories from the bank
    cast = tight_books.cast
    nodes = [cast.school, cast.branch_a, cast.branch_b]
    system = cast.actor("system")
    try:
        with transaction.atomic():
            services.ledger_post_transfer(
                actor=system,
                from_node=cast.school,
                to_node=cast.branch_a,
                amount_fen=4_000,
                entry_on=dt.date(YEAR, 1, 2),
                memo="Allocation",
                source=SourceRef("t"),
            )
            services.ledger_post_transfer(
                actor=system,
                from_node=cast.school,
                to_node=cast.branch_b,
                amount_fen=4_000,
                entry_on=dt.date(YEAR, 1, 2),
                memo="Allocation",
                source=SourceRef("t"),
            )
            balances = dict(FundAccount.objects.values_list("pk", "balance_fen"))
            sums = _net_by_key()
            lines = [LineSpec(nodes[n], "fund", key, debit_fen=fen) for key, n, fen in specs]
            lines.append(
                LineSpec(
                    cast.school, "bank", "asset.bank", credit_fen=sum(fen for _k, _n, fen in specs)
                )
            )
            try:
                with transaction.atomic():
                    entry = services.ledger_post(
                        actor=system,
                        node=cast.school,
                        entry_on=dt.date(YEAR, 5, 1),
                        memo="Mixed",
                        source=SourceRef("t"),
                        lines=lines,
                    )
            except DomainError:
                raise RollbackError from None
            assert dict(FundAccount.objects.values_list("pk", "balance_fen")) != balances
            # when it is reversed
            services.ledger_reverse(actor=system, entry=entry, reason="Wrong")
            # then every balance and every category's net spending is as before
            assert dict(FundAccount.objects.values_list("pk", "balance_fen")) == balances
            assert _net_by_key() == sums
            raise RollbackError
    except RollbackError:
        pass


def _net_by_key():
    rows = (
        JournalLine.objects.values("node_id", "fiscal_year", "category_key")
        .annotate(d=Sum("debit_fen"), c=Sum("credit_fen"))
        .values_list("node_id", "fiscal_year", "category_key", "d", "c")
    )
    return {(n, y, k): d - c for n, y, k, d, c in rows if d != c}


grants = st.lists(
    st.tuples(
        st.sampled_from(["branch_a_member", "branch_b_member", "branch_a_chair"]),
        st.integers(1, 150_000),
    ),
    min_size=1,
    max_size=20,
)


@given(batch=grants)
@HYPOTHESIS
def test_holiday_cap_is_never_exceeded_in_any_order(tight_books, batch):
    # given the default cap (2,000 yuan per member per calendar year)
    cast = tight_books.cast
    ids = [
        cast.people[name].pk for name in ("branch_a_member", "branch_b_member", "branch_a_chair")
    ]
    try:
        with transaction.atomic():
            for index, (name, fen) in enumerate(batch):
                person = cast.people[name]
                occasion = OrgNode(pk=900_000 + index, name=f"Gift batch {index}")
                refused = None
                try:
                    with transaction.atomic():
                        before = services.holiday_cap_check(
                            school=cast.school,
                            amounts_fen={person.pk: fen},
                            on=dt.date(YEAR, 9, 20),
                        )
                        participation_record(
                            person=person,
                            kind=ParticipationKind.BENEFIT,
                            occasion=occasion,
                            occurred_on=dt.date(YEAR, 9, 20),
                            amount_fen=fen,
                        )
                except DomainError as error:
                    refused = error
                if refused is None:
                    assert before.get(person.pk, 0) + fen <= 200_000
                else:
                    assert refused.code == "cap_exceeded"
                    assert person.pk in refused.extra["person_ids"]
                totals = holiday_benefit_total_fen(person_ids=ids, year=YEAR)
                assert all(total <= 200_000 for total in totals.values())
            raise RollbackError
    except RollbackError:
        pass
