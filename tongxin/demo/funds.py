"""Demo step "funds": a year of the union's money, built through the funds services.

Opens the books, approves the 2020 and 2021 budgets of the school union (and, after the
allocation, of every branch) through the review flow, receives the dues of every month (computed
from the roster), the quarterly allocated funds (2% of the payroll, 60% kept), the school's
administrative subsidy and a parent-union subsidy, posts the 59,000 yuan of branch allocations
(the seed's figure: a fixed pool shared by member count), lets the branches spend part of it,
pays some school business costs, reverses a duplicate entry, adjusts the 2021 budget mid-year
and records the audit committee's opinion on 2020.

Later steps (care, benefits, staff services, donations, activities) post against these
accounts and budgets: see ``ctx.extra["funds"]``.
"""

import datetime as dt

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.funds import queries as funds_queries
from tongxin.funds import services as funds
from tongxin.funds.models import BudgetVersion
from tongxin.members import services as members
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .data import funds as data
from .seed import DemoContext

YEARS = (2020, 2021)
FIRST_MONTH = dt.date(2020, 9, 1)
LAST_MONTH = dt.date(2021, 7, 1)


def _fen(yuan: int) -> int:
    return yuan * 100


def _actor(username: str, fallback: Actor) -> Actor:
    user = User.objects.filter(username=username).first()
    return actor_for(user) if user else fallback


def _approve(
    ctx: DemoContext,
    actors: dict[str, Actor],
    node: OrgNode,
    year: int,
    lines: dict[str, int],
    note: str,
) -> BudgetVersion:
    """Draft (finance), review (audit committee) and approve (office) one budget version."""
    version = funds.budget_version_create(
        actor=actors["finance"], node=node, fiscal_year=year, note=note
    )
    for key, fen in lines.items():
        funds.budget_line_set(
            actor=actors["finance"], version=version, category_key=key, amount_fen=fen
        )
    funds.budget_version_submit(actor=actors["finance"], version=version)
    funds.budget_version_decide(actor=actors["audit"], version=version, outcome="approve")
    return funds.budget_version_decide(actor=actors["office"], version=version, outcome="approve")


def _months() -> list[dt.date]:
    months, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _income(ctx: DemoContext, actors: dict[str, Actor]) -> None:
    school, finance = ctx.school, actors["finance"]
    for month in _months():
        members.dues_compute_month(actor=finance, node=school, month=month)
        funds.dues_receipt_record(actor=finance, school=school, month=month)
    # Allocated funds: the school pays 2% of the payroll; the union keeps 60% (domain-rules 1.1).
    payroll_month = sum(p.wage_base_fen for p in ctx.people if p.employment_status == "active")
    quarter_fen = payroll_month * 3 * 2 // 100 * 60 // 100
    for year, quarter, received in (
        (2020, 3, "2020-10-15"),
        (2020, 4, "2021-01-12"),
        (2021, 1, "2021-04-14"),
        (2021, 2, "2021-07-13"),
    ):
        funds.income_record(
            actor=finance,
            node=school,
            category_key="income.allocated_funds",
            amount_fen=quarter_fen,
            received_on=dt.date.fromisoformat(received),
            memo=data.ALLOCATED_FUNDS_MEMO.format(year=year, quarter=quarter),
        )
    for received, yuan in (("2020-12-10", 100000), ("2021-06-10", 100000)):
        funds.income_record(
            actor=finance,
            node=school,
            category_key="income.admin_subsidy",
            amount_fen=_fen(yuan),
            received_on=dt.date.fromisoformat(received),
            memo=data.ADMIN_SUBSIDY_MEMO,
        )
    funds.income_record(
        actor=finance,
        node=school,
        category_key="income.parent_subsidy",
        amount_fen=_fen(30000),
        received_on=dt.date(2021, 4, 20),
        memo=data.PARENT_SUBSIDY_MEMO,
    )


def _allocations(ctx: DemoContext, actors: dict[str, Actor]) -> None:
    rule = funds.allocation_rule_set(
        actor=actors["finance"],
        school=ctx.school,
        fiscal_year=2021,
        method="pool",
        pool_fen=_fen(data.ALLOCATION_POOL),
        base_fen=_fen(data.ALLOCATION_BASE),
        counted_on=dt.date(2021, 3, 1),
        note=data.ALLOCATION_NOTE,
    )
    for row in funds_queries.allocation_compute(rule=rule):
        _approve(
            ctx,
            actors,
            row.branch,
            2021,
            {"expense.staff_activities": row.amount_fen},
            data.BRANCH_BUDGET_NOTE.format(year=2021),
        )
    posted = funds.allocation_post(actor=actors["office"], rule=rule, entry_on=dt.date(2021, 3, 15))
    # Each branch spends three quarters of its allocation on its own activities.
    for allocation in posted:
        spender = actors["chair"] if allocation.branch == ctx.branches[0] else ctx.system
        for month_day, key, percent, memo in data.BRANCH_SPENDING:
            funds.expense_record(
                actor=spender,
                node=allocation.branch,
                category_key=key,
                amount_fen=allocation.amount_fen * percent // 100,
                paid_on=dt.date.fromisoformat(f"2021-{month_day}"),
                memo=memo,
            )


def _school_costs(ctx: DemoContext, actors: dict[str, Actor]) -> None:
    finance = actors["finance"]
    for day, key, yuan, memo in data.SCHOOL_EXPENSES:
        funds.expense_record(
            actor=finance,
            node=ctx.school,
            category_key=key,
            amount_fen=_fen(yuan),
            paid_on=dt.date.fromisoformat(day),
            memo=memo,
        )
    day, key, yuan, memo = data.DUPLICATE_EXPENSE
    for _twice in range(2):
        duplicate = funds.expense_record(
            actor=finance,
            node=ctx.school,
            category_key=key,
            amount_fen=_fen(yuan),
            paid_on=dt.date.fromisoformat(day),
            memo=memo,
        )
    funds.entry_reverse(actor=finance, entry=duplicate, reason=data.DUPLICATE_REASON)


def seed(ctx: DemoContext) -> None:
    if ctx.school is None:
        raise RuntimeError("the funds step runs after the people step")
    actors = {name: _actor(name, ctx.system) for name in ("finance", "office", "audit", "chair")}
    funds.fund_books_open(
        actor=actors["finance"], school=ctx.school, policy_from=dt.date(2020, 1, 1)
    )
    funds.income_record(
        actor=actors["finance"],
        node=ctx.school,
        category_key="net_assets.carried_forward",
        amount_fen=_fen(data.OPENING_BALANCE),
        received_on=FIRST_MONTH,
        memo=data.OPENING_MEMO,
    )
    school_lines = {key: _fen(yuan) for key, yuan in data.SCHOOL_BUDGET.items()}
    budgets = {
        year: _approve(
            ctx, actors, ctx.school, year, school_lines, data.BUDGET_NOTE.format(year=year)
        )
        for year in YEARS
    }
    _income(ctx, actors)
    _allocations(ctx, actors)
    _school_costs(ctx, actors)
    adjustment = funds.budget_version_create(
        actor=actors["finance"], node=ctx.school, fiscal_year=2021, note=data.ADJUSTMENT_NOTE
    )
    for key, yuan in data.ADJUSTMENT.items():
        funds.budget_line_set(
            actor=actors["finance"], version=adjustment, category_key=key, amount_fen=_fen(yuan)
        )
    funds.budget_version_submit(actor=actors["finance"], version=adjustment)
    funds.budget_version_decide(actor=actors["audit"], version=adjustment, outcome="approve")
    funds.budget_version_decide(actor=actors["office"], version=adjustment, outcome="approve")
    funds.audit_opinion_add(
        actor=actors["audit"],
        node=ctx.school,
        fiscal_year=2020,
        conclusion="unqualified",
        text=data.AUDIT_OPINION_2020,
    )
    ctx.extra["funds"] = {
        "school": ctx.school,
        "years": YEARS,
        "actors": actors,
        "budgets": {year: budgets[year].pk for year in YEARS},
        "policy": funds_queries.policy_in_force(school=ctx.school, on=dt.date(2021, 1, 1)),
        "keys": {
            "holiday_benefits": "expense.staff_activities.member_activities",
            "condolences": "expense.staff_activities.member_activities",
            "hardship_aid": "expense.rights.hardship_aid",
            "warmth_campaign": "expense.rights.warmth_campaign",
            "staff_services": "expense.staff_services",
            "activities": "expense.staff_activities.culture_sports",
            "donations_held": funds.DONATIONS_CATEGORY_KEY,
        },
    }
    statement = funds_queries.income_expense_statement(
        actor=ctx.system, node=ctx.school, fiscal_year=2021
    )
    ctx.say(
        f"  books open; 2021 income {statement.income_total_fen // 100} yuan, "
        f"allocated to branches {statement.transfer_out_fen // 100} yuan"
    )
