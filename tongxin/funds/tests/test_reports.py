import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.funds import queries, services

from .conftest import YEAR, counts

ACTIVITIES = "expense.staff_activities.culture_sports"


@pytest.fixture
def year_books(books):
    """A small year: dues and subsidy received, allocations posted, some spending."""
    cast = books.cast
    finance = cast.actor("finance_officer")
    services.income_record(
        actor=finance,
        node=cast.school,
        category_key="income.admin_subsidy",
        amount_fen=5_000_000,
        received_on=dt.date(YEAR, 2, 1),
        memo="Subsidy",
    )
    services.income_record(
        actor=finance,
        node=cast.school,
        category_key="income.dues",
        amount_fen=300_000,
        received_on=dt.date(YEAR, 2, 28),
        memo="Dues",
    )
    rule = services.allocation_rule_set(
        actor=finance,
        school=cast.school,
        fiscal_year=YEAR,
        method="per_member",
        per_member_fen=5_000,
        base_fen=10_000,
        counted_on=dt.date(YEAR, 1, 1),
    )
    services.allocation_post(
        actor=cast.actor("office_admin"), rule=rule, entry_on=dt.date(YEAR, 3, 1)
    )
    services.expense_record(
        actor=finance,
        node=cast.school,
        category_key="expense.rights.warmth_campaign",
        amount_fen=800_000,
        paid_on=dt.date(YEAR, 1, 20),
        memo="Warmth campaign",
    )
    services.expense_record(
        actor=finance,
        node=cast.school,
        category_key="expense.staff_activities.member_activities",
        amount_fen=1_500_000,
        paid_on=dt.date(YEAR, 9, 15),
        memo="Mooncakes",
    )
    services.expense_record(
        actor=cast.actor("branch_a_chair"),
        node=cast.branch_a,
        category_key=ACTIVITIES,
        amount_fen=12_000,
        paid_on=dt.date(YEAR, 5, 1),
        memo="Badminton",
    )
    return books


def _amounts(rows):
    return {row.key: row.amount_fen for row in rows}


def test_statement_for_the_school_subtree(year_books):
    cast = year_books.cast
    statement = queries.income_expense_statement(
        actor=cast.actor("auditor"), node=cast.school, fiscal_year=YEAR
    )
    income = _amounts(statement.income)
    expense = _amounts(statement.expense)
    assert income["income"] == 5_300_000
    assert income["income.admin_subsidy"] == 5_000_000
    assert income["income.dues"] == 300_000
    assert expense["expense"] == 2_312_000
    assert expense["expense.staff_activities"] == 1_512_000
    assert expense["expense.rights.warmth_campaign"] == 800_000
    assert "expense.forbidden" not in expense
    assert "expense.business.meetings" not in expense  # empty items are left out
    assert statement.income_total_fen == 5_300_000
    assert statement.expense_total_fen == 2_312_000
    # allocations move money inside the subtree: in and out cancel
    assert statement.transfer_in_fen == statement.transfer_out_fen == 40_000
    assert statement.surplus_fen == 5_300_000 - 2_312_000


def test_statement_of_a_branch_shows_allocations_received(year_books):
    cast = year_books.cast
    statement = queries.income_expense_statement(
        actor=cast.actor("branch_a_chair"), node=cast.branch_a, fiscal_year=YEAR
    )
    assert statement.income_total_fen == 0
    assert statement.expense_total_fen == 12_000
    assert statement.transfer_in_fen == 25_000
    assert statement.surplus_fen == 13_000


def test_branch_chair_sees_only_their_branch_even_from_the_school(year_books):
    cast = year_books.cast
    statement = queries.income_expense_statement(
        actor=cast.actor("branch_a_chair"), node=cast.school, fiscal_year=YEAR
    )
    assert statement.expense_total_fen == 12_000
    lines = queries.ledger_line_list(actor=cast.actor("branch_a_chair"))
    assert {line.node_id for line in lines} == {cast.branch_a.pk}
    assert not queries.ledger_line_list(actor=cast.actor("branch_b_member")).exists()


def test_budget_vs_actual(year_books):
    cast = year_books.cast
    result = {
        nb.node.name: nb
        for nb in queries.budget_vs_actual(
            actor=cast.actor("auditor"), node=cast.school, fiscal_year=YEAR
        )
    }
    school = {row.key: row for row in result["Test school union"].rows}
    # the school's own line: branch A's spending counts against branch A's budget
    assert (school["expense"].budget_fen, school["expense"].actual_fen) == (10_000_000, 2_300_000)
    assert school["expense"].remaining_fen == 7_700_000
    assert school["expense"].used_percent == 23
    assert (school["transfer"].budget_fen, school["transfer"].actual_fen) == (5_000_000, 40_000)
    branch_a = {row.key: row for row in result["Branch A"].rows}
    assert branch_a["expense"].actual_fen == 12_000
    assert result["Branch A"].version_number == 1


def test_budget_vs_actual_lists_overridden_spending_without_a_line(year_books):
    cast = year_books.cast
    services.ledger_post_transfer(
        actor=cast.actor("system"),
        from_node=cast.school,
        to_node=cast.branch_b,
        amount_fen=5_000,
        entry_on=dt.date(YEAR, 6, 1),
        memo="Extra",
        source=services.SourceRef("t"),
    )
    # branch B's budget covers "expense"; a transfer out of B has no line: only with an override
    services.ledger_post_transfer(
        actor=cast.actor("office_admin"),
        from_node=cast.branch_b,
        to_node=cast.branch_a,
        amount_fen=1_000,
        entry_on=dt.date(YEAR, 6, 2),
        memo="Shared prize",
        source=services.SourceRef("t"),
        budget_override_reason="Joint event",
    )
    result = {
        nb.node.name: nb
        for nb in queries.budget_vs_actual(
            actor=cast.actor("auditor"), node=cast.school, fiscal_year=YEAR
        )
    }
    rows = {row.key: row for row in result["Branch B"].rows}
    assert rows["transfer.allocation_out"].budget_fen is None
    assert rows["transfer.allocation_out"].actual_fen == 1_000


def test_disclosure_shows_members_the_main_categories_only(year_books):
    cast = year_books.cast
    statement = queries.disclosure_statement(actor=cast.actor("branch_b_member"), fiscal_year=YEAR)
    assert statement.income_total_fen == 5_300_000
    assert max(row.depth for row in statement.expense) <= 2
    assert queries.disclosure_statement(actor=cast.actor("outsider"), fiscal_year=YEAR) is None


def test_report_queries_run_a_constant_number_of_queries(year_books, django_assert_num_queries):
    cast = year_books.cast
    auditor = cast.actor("auditor")
    for _round in range(2):
        with django_assert_num_queries(4):
            queries.income_expense_statement(actor=auditor, node=cast.school, fiscal_year=YEAR)
        with django_assert_num_queries(6):
            queries.budget_vs_actual(actor=auditor, node=cast.school, fiscal_year=YEAR)
        with django_assert_num_queries(2):
            queries.fund_settlement(actor=auditor, node=cast.school, fiscal_year=YEAR)
        # more lines on more categories and nodes: the same number of queries
        for key in ("income.other", "income.parent_subsidy", "income.investment"):
            for node in (cast.school, cast.branch_b):
                services.income_record(
                    actor=cast.actor("finance_officer"),
                    node=node,
                    category_key=key,
                    amount_fen=100,
                    received_on=dt.date(YEAR, 7, 1),
                    memo="More",
                )


@pytest.mark.parametrize("report", ["statement", "budget", "settlement", "ledger"])
def test_each_report_exports_as_xlsx(year_books, report):
    cast = year_books.cast
    name, content = services.funds_report_export(
        actor=cast.actor("auditor"), report=report, node=cast.school, fiscal_year=YEAR
    )
    assert name == f"funds-{report}-{YEAR}-{cast.school.pk}.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) > 2
    assert (
        AuditEvent.objects.filter(
            event="funds_report.exported", target_id=str(cast.school.pk)
        ).count()
        == 1
    )
    if report == "ledger":
        amounts = {row[5] for row in rows[1:] if row[5] is not None}
        assert 8000 in amounts  # the 8,000-yuan warmth campaign payment, in yuan


@pytest.mark.parametrize(
    ("persona", "node", "expected"),
    [
        ("finance_officer", "school", None),
        ("office_admin", "school", None),
        ("auditor", "school", None),
        ("branch_a_chair", "branch_a", None),
        ("branch_a_chair", "school", "NotFound"),
        ("branch_a_liaison", "branch_a", "Forbidden"),
        ("branch_a_member", "branch_a", "NotFound"),
        ("outsider", "school", "NotFound"),
    ],
)
def test_export_matrix(year_books, persona, node, expected):
    cast = year_books.cast
    before = counts()
    call = lambda: services.funds_report_export(  # noqa: E731
        actor=cast.actor(persona), report="statement", node=getattr(cast, node), fiscal_year=YEAR
    )
    if expected:
        with pytest.raises(DomainError) as info:
            call()
        assert type(info.value).__name__ == expected
        assert counts() == before
    else:
        assert call()[1][:2] == b"PK"
