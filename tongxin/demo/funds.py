"""Demo step "funds": a year of the union's money, built through the funds services.

Opens the books, approves the budgets of the school union for the two calendar years of the
seed year ``y0``/``y1`` (and of the current year when it is a third; after the allocation, of
every branch) through the review flow, computes the dues of every month from September ``y0``
through the current month (from the roster) and receives them up to last month, the quarterly allocated funds (2% of the
payroll, 60% kept) up to the last quarter paid before today, the school's administrative subsidy
and a parent-union subsidy, posts the 59,000 yuan of branch allocations (the seed's figure: a
fixed pool shared by member count), lets the branches spend part of it, pays some school
business costs, reverses a duplicate entry, adjusts the ``y1`` budget mid-year, records the
audit committee's opinion on ``y0``, and leaves one budget version waiting for the office's
approval (next year's budget in the autumn, else a mid-year adjustment).

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


def years(ctx: DemoContext) -> tuple[int, ...]:
    """The fiscal years with an approved school budget: the seed year's two, and today's."""
    cal = ctx.cal
    return (cal.y0, cal.y1) if ctx.today.year == cal.y1 else (cal.y0, cal.y1, ctx.today.year)


def _months(ctx: DemoContext) -> list[dt.date]:
    """Every month from the seed year's September through the current month."""
    last = ctx.today.replace(day=1)
    months, month = [], ctx.cal.seed_start
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _quarters(ctx: DemoContext) -> list[tuple[int, int, dt.date]]:
    """(year, quarter, received on) of the allocated funds received by today, from the seed
    year's third quarter: each arrives in the month after its quarter."""
    days = {3: 15, 4: 12, 1: 14, 2: 13}  # the days of the seed year's four payments
    rows: list[tuple[int, int, dt.date]] = []
    year, quarter = ctx.cal.y0, 3
    while True:
        month = quarter * 3 + 1
        received = dt.date(year + month // 13, (month - 1) % 12 + 1, days[quarter])
        if received > ctx.today:
            return rows
        rows.append((year, quarter, received))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _income(ctx: DemoContext, actors: dict[str, Actor]) -> None:
    school, finance = ctx.school, actors["finance"]
    for month in _months(ctx):
        members.dues_compute_month(actor=finance, node=school, month=month)
        # A month's receipt is booked on its last day: the current month's is still to come.
        if month.month != ctx.today.month or month.year != ctx.today.year:
            funds.dues_receipt_record(actor=finance, school=school, month=month)
    # Allocated funds: the school pays 2% of the payroll; the union keeps 60% (domain-rules 1.1).
    payroll_month = sum(p.wage_base_fen for p in ctx.people if p.employment_status == "active")
    quarter_fen = payroll_month * 3 * 2 // 100 * 60 // 100
    for year, quarter, received in _quarters(ctx):
        funds.income_record(
            actor=finance,
            node=school,
            category_key="income.allocated_funds",
            amount_fen=quarter_fen,
            received_on=received,
            memo=data.ALLOCATED_FUNDS_MEMO.format(year=year, quarter=quarter),
        )
    for month_day, yuan in (("12-10", 100000), ("06-10", 100000)):
        funds.income_record(
            actor=finance,
            node=school,
            category_key="income.admin_subsidy",
            amount_fen=_fen(yuan),
            received_on=ctx.cal.on(month_day),
            memo=data.ADMIN_SUBSIDY_MEMO,
        )
    funds.income_record(
        actor=finance,
        node=school,
        category_key="income.parent_subsidy",
        amount_fen=_fen(30000),
        received_on=ctx.cal.day(4, 20),
        memo=data.PARENT_SUBSIDY_MEMO,
    )


def _allocations(ctx: DemoContext, actors: dict[str, Actor]) -> None:
    rule = funds.allocation_rule_set(
        actor=actors["finance"],
        school=ctx.school,
        fiscal_year=ctx.cal.y1,
        method="pool",
        pool_fen=_fen(data.ALLOCATION_POOL),
        base_fen=_fen(data.ALLOCATION_BASE),
        counted_on=ctx.cal.day(3, 1),
        note=data.ALLOCATION_NOTE.format(year=ctx.cal.y1),
    )
    for row in funds_queries.allocation_compute(rule=rule):
        _approve(
            ctx,
            actors,
            row.branch,
            ctx.cal.y1,
            {"expense.staff_activities": row.amount_fen},
            data.BRANCH_BUDGET_NOTE.format(year=ctx.cal.y1),
        )
    posted = funds.allocation_post(actor=actors["office"], rule=rule, entry_on=ctx.cal.day(3, 15))
    # Each branch spends three quarters of its allocation on its own activities.
    for allocation in posted:
        spender = actors["chair"] if allocation.branch == ctx.branches[0] else ctx.system
        for month_day, key, percent, memo in data.BRANCH_SPENDING:
            funds.expense_record(
                actor=spender,
                node=allocation.branch,
                category_key=key,
                amount_fen=allocation.amount_fen * percent // 100,
                paid_on=ctx.cal.on(month_day),
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
            paid_on=ctx.cal.on(day),
            memo=memo,
        )
    day, key, yuan, memo = data.DUPLICATE_EXPENSE
    for _twice in range(2):
        duplicate = funds.expense_record(
            actor=finance,
            node=ctx.school,
            category_key=key,
            amount_fen=_fen(yuan),
            paid_on=ctx.cal.on(day),
            memo=memo,
        )
    funds.entry_reverse(actor=finance, entry=duplicate, reason=data.DUPLICATE_REASON)


def _waiting_for_office(
    ctx: DemoContext, actors: dict[str, Actor], school_lines: dict[str, int]
) -> BudgetVersion:
    """A budget version drafted by finance and reviewed by the audit committee, waiting for the
    office's approval: next year's budget from September, else an adjustment of this year's."""
    autumn = ctx.today.month >= 9
    year = ctx.today.year + 1 if autumn else ctx.today.year
    version = funds.budget_version_create(
        actor=actors["finance"],
        node=ctx.school,
        fiscal_year=year,
        note=data.BUDGET_NOTE.format(year=year) if autumn else data.ADJUSTMENT_NOTE,
    )
    lines = (
        school_lines
        if autumn
        else {**school_lines, **{k: _fen(v) for k, v in data.ADJUSTMENT.items()}}
    )
    for key, fen in lines.items():
        funds.budget_line_set(
            actor=actors["finance"], version=version, category_key=key, amount_fen=fen
        )
    funds.budget_version_submit(actor=actors["finance"], version=version)
    return funds.budget_version_decide(actor=actors["audit"], version=version, outcome="approve")


def seed(ctx: DemoContext) -> None:
    if ctx.school is None:
        raise RuntimeError("the funds step runs after the people step")
    actors = {name: _actor(name, ctx.system) for name in ("finance", "office", "audit", "chair")}
    funds.fund_books_open(
        actor=actors["finance"], school=ctx.school, policy_from=dt.date(ctx.cal.y0, 1, 1)
    )
    funds.income_record(
        actor=actors["finance"],
        node=ctx.school,
        category_key="net_assets.carried_forward",
        amount_fen=_fen(data.OPENING_BALANCE),
        received_on=ctx.cal.seed_start,
        memo=data.OPENING_MEMO,
    )
    school_lines = {key: _fen(yuan) for key, yuan in data.SCHOOL_BUDGET.items()}
    budgets = {
        year: _approve(
            ctx, actors, ctx.school, year, school_lines, data.BUDGET_NOTE.format(year=year)
        )
        for year in years(ctx)
    }
    _income(ctx, actors)
    _allocations(ctx, actors)
    _school_costs(ctx, actors)
    adjustment = funds.budget_version_create(
        actor=actors["finance"], node=ctx.school, fiscal_year=ctx.cal.y1, note=data.ADJUSTMENT_NOTE
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
        fiscal_year=ctx.cal.y0,
        conclusion="unqualified",
        text=data.AUDIT_OPINION.format(year=ctx.cal.y0),
    )
    _waiting_for_office(ctx, actors, school_lines)
    ctx.extra["funds"] = {
        "school": ctx.school,
        "years": years(ctx),
        "actors": actors,
        "budgets": {year: budgets[year].pk for year in years(ctx)},
        "policy": funds_queries.policy_in_force(school=ctx.school, on=ctx.cal.day(1, 1)),
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
        actor=ctx.system, node=ctx.school, fiscal_year=ctx.cal.y1
    )
    ctx.say(
        f"  books open; {ctx.cal.y1} income {statement.income_total_fen // 100} yuan, "
        f"allocated to branches {statement.transfer_out_fen // 100} yuan"
    )
