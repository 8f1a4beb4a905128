"""Test set-up for anything that moves money: open the cast's books through the services.

``fund_books(cast)`` opens the school's books (chart, flow, accounts, default policy), posts an
opening balance and approves budgets for the school and both branches, all as the system
actor through the real services, so tests of care, benefits, donations and activities start
from a state the rules allow. Budget lines are ``{category key: fen}``.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from tongxin.funds import services as funds
from tongxin.funds.models import BudgetVersion, FundAccount
from tongxin.orgs.models import OrgNode

from .personas import SYSTEM, Cast

DEFAULT_SCHOOL_BUDGET = {"expense": 10_000_000, "transfer": 5_000_000}
DEFAULT_BRANCH_BUDGET = {"expense": 1_000_000}


def budget_approve(
    *, node: OrgNode, year: int, lines: Mapping[str, int], note: str = ""
) -> BudgetVersion:
    """Draft, review and approve a budget version for ``node`` (as the system actor)."""
    version = funds.budget_version_create(actor=SYSTEM, node=node, fiscal_year=year, note=note)
    for key, amount in lines.items():
        funds.budget_line_set(actor=SYSTEM, version=version, category_key=key, amount_fen=amount)
    funds.budget_version_submit(actor=SYSTEM, version=version)
    funds.budget_version_decide(actor=SYSTEM, version=version, outcome="approve")
    return funds.budget_version_decide(actor=SYSTEM, version=version, outcome="approve")


@dataclass
class FundBooks:
    cast: Cast
    year: int
    budgets: dict[int, BudgetVersion] = field(default_factory=dict)

    def account(self, node: OrgNode, kind: str = "fund") -> FundAccount:
        return FundAccount.objects.get(node=node, kind=kind)


def fund_books(
    cast: Cast,
    *,
    year: int = 2021,
    opening_fen: int = 20_000_000,
    school_budget: Mapping[str, int] | None = DEFAULT_SCHOOL_BUDGET,
    branch_budget: Mapping[str, int] | None = DEFAULT_BRANCH_BUDGET,
    branch_funds_fen: int = 0,
) -> FundBooks:
    """Open the cast's books for ``year`` with an opening balance and approved budgets.

    With ``branch_funds_fen``, each branch also receives that much from the school's fund on
    1 January (an allocation), so branch-level spending has money to draw on.
    """
    funds.fund_books_open(actor=SYSTEM, school=cast.school, policy_from=dt.date(year - 1, 1, 1))
    if opening_fen:
        funds.income_record(
            actor=SYSTEM,
            node=cast.school,
            category_key="net_assets.carried_forward",
            amount_fen=opening_fen,
            received_on=dt.date(year, 1, 1),
            memo="Opening balance",
        )
    books = FundBooks(cast=cast, year=year)
    if school_budget:
        books.budgets[cast.school.pk] = budget_approve(
            node=cast.school, year=year, lines=school_budget
        )
    if branch_budget:
        for branch in (cast.branch_a, cast.branch_b):
            books.budgets[branch.pk] = budget_approve(node=branch, year=year, lines=branch_budget)
    if branch_funds_fen:
        for branch in (cast.branch_a, cast.branch_b):
            funds.ledger_post_transfer(
                actor=SYSTEM,
                from_node=cast.school,
                to_node=branch,
                amount_fen=branch_funds_fen,
                entry_on=dt.date(year, 1, 1),
                memo="Branch allocation",
                source=funds.SourceRef("testing.funds", "allocation"),
            )
    return books
