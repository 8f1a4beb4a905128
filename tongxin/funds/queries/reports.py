"""Reports, aggregated in SQL: the income and expense statement, budget against actual,
branch balances and the year-end settlement, and the members' disclosure.

Each report runs a fixed number of queries whatever the number of lines: the lines are summed
per category (and node) by the database, and the small chart is rolled up in Python.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, Max, Min, Q, Sum, When
from django.db.models.functions import Coalesce

from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode, subtree_q

from ..choices import ALLOCATION_IN_KEY, AccountKind, CategoryKind, is_spending_key
from ..models import BudgetLine, FundAccount, FundCategory, JournalEntry, JournalLine
from ..permissions import FundsPermission
from ..services.accounts import chart_in_force
from ..services.budget_control import in_force_versions
from .common import FUND_NODE_KINDS

P = FundsPermission
Sums = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class StatementRow:
    key: str
    code: str
    label: str
    depth: int
    amount_fen: int
    is_heading: bool


@dataclass
class Statement:
    node: OrgNode
    fiscal_year: int
    income: list[StatementRow] = field(default_factory=list)
    expense: list[StatementRow] = field(default_factory=list)
    transfers: list[StatementRow] = field(default_factory=list)
    income_total_fen: int = 0
    expense_total_fen: int = 0
    transfer_in_fen: int = 0
    transfer_out_fen: int = 0

    @property
    def surplus_fen(self) -> int:
        return (
            self.income_total_fen
            + self.transfer_in_fen
            - self.expense_total_fen
            - self.transfer_out_fen
        )


def scoped_nodes(*, actor: Actor, permission: str, node: OrgNode) -> list[OrgNode]:
    """Nodes of ``node``'s subtree inside the actor's scope for ``permission`` (one query)."""
    qs = access.scope(OrgNode.objects.filter(subtree_q(node.path)), actor, permission)
    return list(qs.order_by("path"))


def _sums(node_ids: list[int], fiscal_year: int) -> Sums:
    rows = (
        JournalLine.objects.filter(node_id__in=node_ids, fiscal_year=fiscal_year)
        .order_by()
        .values("category_key")
        .annotate(debit=Sum("debit_fen"), credit=Sum("credit_fen"))
        .values_list("category_key", "debit", "credit")
    )
    return {key: (debit or 0, credit or 0) for key, debit, credit in rows}


def _rolled(category: FundCategory, sums: Sums, *, credit_normal: bool) -> int:
    debit = credit = 0
    for key, (d, c) in sums.items():
        if category.covers(key):
            debit += d
            credit += c
    return credit - debit if credit_normal else debit - credit


def _rows(
    categories: list[FundCategory], sums: Sums, kind: str, max_depth: int
) -> list[StatementRow]:
    rows = []
    for category in categories:
        if category.kind != kind or category.depth > max_depth:
            continue
        if kind == CategoryKind.TRANSFER and category.depth == 0:
            continue  # money in and money passed on do not add up to anything
        incoming = kind == CategoryKind.TRANSFER and not is_spending_key(category.key)
        amount = _rolled(category, sums, credit_normal=kind == CategoryKind.INCOME or incoming)
        if amount == 0 and category.depth > 1:
            continue
        if category.is_forbidden or (amount == 0 and category.key.endswith(".forbidden")):
            continue
        rows.append(
            StatementRow(
                key=category.key,
                code=category.code,
                label=category.label,
                depth=category.depth,
                amount_fen=amount,
                is_heading=not category.is_selectable,
            )
        )
    return rows


def _statement(
    node: OrgNode, node_ids: list[int], fiscal_year: int, max_depth: int = 9
) -> Statement:
    sums = _sums(node_ids, fiscal_year)
    categories = list(
        chart_in_force(dt.date(fiscal_year, 12, 31)).categories.order_by("sort_order")
    )
    statement = Statement(node=node, fiscal_year=fiscal_year)
    statement.income = _rows(categories, sums, CategoryKind.INCOME, max_depth)
    statement.expense = _rows(categories, sums, CategoryKind.EXPENSE, max_depth)
    statement.transfers = _rows(categories, sums, CategoryKind.TRANSFER, max_depth)
    for key, (debit, credit) in sums.items():
        kind = key.split(".", 1)[0]
        if kind == CategoryKind.INCOME:
            statement.income_total_fen += credit - debit
        elif kind == CategoryKind.EXPENSE:
            statement.expense_total_fen += debit - credit
        elif kind == CategoryKind.TRANSFER and is_spending_key(key):
            statement.transfer_out_fen += debit - credit
        elif kind == CategoryKind.TRANSFER:
            statement.transfer_in_fen += credit - debit
    return statement


def income_expense_statement(*, actor: Actor, node: OrgNode, fiscal_year: int) -> Statement:
    """Income and expense by category for ``node``'s subtree in a fiscal year (three queries).

    Headings carry the sum of everything below them. Allocations between nodes show as
    transfers in and out; for a subtree holding both ends they cancel in the surplus.
    """
    nodes = scoped_nodes(actor=actor, permission=P.VIEW_LEDGER, node=node)
    return _statement(node, [n.pk for n in nodes], fiscal_year)


def disclosure_statement(*, actor: Actor, fiscal_year: int) -> Statement | None:
    """The school's income and expense by main category, for every member (fund disclosure).

    Aggregates only: no entry, person or amount of a single payment is shown.
    """
    if actor.person_id is None or not access.can_somewhere(actor, P.VIEW_DISCLOSURE):
        return None
    person = Person.objects.filter(pk=actor.person_id).select_related("school").first()
    if person is None:
        return None
    node_ids = list(
        OrgNode.objects.filter(subtree_q(person.school.path)).values_list("pk", flat=True)
    )
    return _statement(person.school, node_ids, fiscal_year, max_depth=2)


def disclosure_years(*, actor: Actor) -> list[int]:
    """The years with entries in the member's school, newest first (for the year picker)."""
    if actor.person_id is None:
        return []
    school_id = (
        Person.objects.filter(pk=actor.person_id).values_list("school_id", flat=True).first()
    )
    span = JournalEntry.objects.filter(school_id=school_id).aggregate(
        first=Min("fiscal_year"), last=Max("fiscal_year")
    )
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))


@dataclass(frozen=True)
class BudgetRow:
    key: str
    label: str
    kind: str
    budget_fen: int | None
    actual_fen: int

    @property
    def remaining_fen(self) -> int | None:
        return None if self.budget_fen is None else self.budget_fen - self.actual_fen

    @property
    def used_percent(self) -> int | None:
        if not self.budget_fen:
            return None
        return self.actual_fen * 100 // self.budget_fen

    @property
    def is_over(self) -> bool:
        return (
            self.budget_fen is not None
            and self.kind != CategoryKind.INCOME
            and self.actual_fen > self.budget_fen
        )


@dataclass
class NodeBudget:
    node: OrgNode
    version_number: int | None
    rows: list[BudgetRow] = field(default_factory=list)

    @property
    def spending_budget_fen(self) -> int:
        return sum(r.budget_fen or 0 for r in self.rows if r.kind != CategoryKind.INCOME)

    @property
    def spending_actual_fen(self) -> int:
        return sum(r.actual_fen for r in self.rows if r.kind != CategoryKind.INCOME)


def _actual(key: str, kind: str, sums: Sums) -> int:
    debit = credit = 0
    for other, (d, c) in sums.items():
        if kind != CategoryKind.INCOME and not is_spending_key(other):
            continue
        if other == key or other.startswith(key + "."):
            debit += d
            credit += c
    return credit - debit if kind == CategoryKind.INCOME else debit - credit


def budget_vs_actual(*, actor: Actor, node: OrgNode, fiscal_year: int) -> list[NodeBudget]:
    """Each node of the subtree with its in-force budget lines and the year's actuals.

    Spending on categories no line covers (possible only with an override) is listed with
    no budget. Six queries whatever the data size.
    """
    nodes = [
        n
        for n in scoped_nodes(actor=actor, permission=P.VIEW_BUDGET, node=node)
        if n.kind in FUND_NODE_KINDS
    ]
    ids = [n.pk for n in nodes]
    versions = in_force_versions(ids, fiscal_year)
    lines_by_version: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in (
        BudgetLine.objects.filter(version__in=list(versions.values()))
        .select_related("category")
        .order_by("category__sort_order")
    ):
        lines_by_version[line.version_id].append(line)
    sums_by_node: dict[int, Sums] = defaultdict(dict)
    rows = (
        JournalLine.objects.filter(node_id__in=ids, fiscal_year=fiscal_year)
        .order_by()
        .values("node_id", "category_key")
        .annotate(debit=Sum("debit_fen"), credit=Sum("credit_fen"))
        .values_list("node_id", "category_key", "debit", "credit")
    )
    for node_id, key, debit, credit in rows:
        sums_by_node[node_id][key] = (debit or 0, credit or 0)
    labels = {c.key: c.label for c in chart_in_force(dt.date(fiscal_year, 12, 31)).categories.all()}
    result = []
    for n in nodes:
        version = versions.get(n.pk)
        lines = lines_by_version.get(version.pk, []) if version else []
        sums = sums_by_node.get(n.pk, {})
        if not lines and not sums:
            continue
        entry = NodeBudget(node=n, version_number=version.number if version else None)
        for line in lines:
            entry.rows.append(
                BudgetRow(
                    line.category_key,
                    line.category.label,
                    line.category.kind,
                    line.amount_fen,
                    _actual(line.category_key, line.category.kind, sums),
                )
            )
        for key, (debit, credit) in sorted(sums.items()):
            kind = key.split(".", 1)[0]
            covered = any(
                key == bl.category_key or key.startswith(bl.category_key + ".") for bl in lines
            )
            if is_spending_key(key) and not covered and debit - credit > 0:
                entry.rows.append(BudgetRow(key, labels.get(key, key), kind, None, debit - credit))
        result.append(entry)
    return result


@dataclass(frozen=True)
class SettlementRow:
    account: FundAccount
    opening_fen: int
    income_fen: int
    allocated_fen: int
    spent_fen: int
    transferred_out_fen: int

    @property
    def closing_fen(self) -> int:
        return (
            self.opening_fen
            + self.income_fen
            + self.allocated_fen
            - self.spent_fen
            - self.transferred_out_fen
        )


def _conditional(condition: Q, expression: object) -> Coalesce:
    return Coalesce(Sum(Case(When(condition, then=expression), default=0)), 0)


def fund_settlement(*, actor: Actor, node: OrgNode, fiscal_year: int) -> list[SettlementRow]:
    """Year-end settlement of each fund in the subtree: opening balance, income, allocations
    received, spending, allocations passed on, closing balance (two queries)."""
    accounts = list(
        access.scope(
            FundAccount.objects.filter(subtree_q(node.path, "node__path"), kind=AccountKind.FUND),
            actor,
            P.VIEW_LEDGER,
        )
        .select_related("node")
        .order_by("node__path")
    )
    year = Q(fiscal_year=fiscal_year)
    net_credit = F("credit_fen") - F("debit_fen")
    sums = {
        row["account_id"]: row
        for row in JournalLine.objects.filter(account__in=accounts, fiscal_year__lte=fiscal_year)
        .order_by()
        .values("account_id")
        .annotate(
            opening=_conditional(Q(fiscal_year__lt=fiscal_year), net_credit),
            income=_conditional(
                year
                & (
                    Q(category_key__startswith="income.")
                    | Q(category_key__startswith="net_assets.")
                ),
                net_credit,
            ),
            allocated=_conditional(
                year & Q(category_key__startswith=ALLOCATION_IN_KEY), net_credit
            ),
            out=_conditional(
                year
                & Q(category_key__startswith="transfer.")
                & ~Q(category_key__startswith=ALLOCATION_IN_KEY),
                F("debit_fen") - F("credit_fen"),
            ),
            spent=_conditional(
                year & Q(category_key__startswith="expense."), F("debit_fen") - F("credit_fen")
            ),
        )
    }
    empty = {"opening": 0, "income": 0, "allocated": 0, "out": 0, "spent": 0}
    return [
        SettlementRow(
            account=account,
            opening_fen=sums.get(account.pk, empty)["opening"],
            income_fen=sums.get(account.pk, empty)["income"],
            allocated_fen=sums.get(account.pk, empty)["allocated"],
            spent_fen=sums.get(account.pk, empty)["spent"],
            transferred_out_fen=sums.get(account.pk, empty)["out"],
        )
        for account in accounts
    ]
