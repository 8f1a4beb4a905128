"""The funds reports as .xlsx workbooks (openpyxl, write-only: memory stays flat for big ledgers)."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tongxin.core.spreadsheets import workbook

from .queries.reports import NodeBudget, SettlementRow, Statement


def statement_xlsx(statement: Statement) -> bytes:
    cells: list[list[Any]] = []
    for section, lines in (
        (_("Income"), statement.income),
        (_("Expense"), statement.expense),
        (_("Transfers"), statement.transfers),
    ):
        for row in lines:
            cells.append([section, row.code, "  " * row.depth + row.label, row.amount_fen])
    cells.append([])
    for label, fen in (
        (_("Total income"), statement.income_total_fen),
        (_("Total expense"), statement.expense_total_fen),
        (_("Allocations received"), statement.transfer_in_fen),
        (_("Allocations passed on"), statement.transfer_out_fen),
        (_("Surplus"), statement.surplus_fen),
    ):
        cells.append([label, "", "", fen])
    header = [
        _("Section"),
        pgettext("fund category", "Code"),
        pgettext("fund category", "Category"),
        _("Amount (yuan)"),
    ]
    return workbook(_("Income and expense"), header, cells, money=[3])


def budget_xlsx(budgets: list[NodeBudget]) -> bytes:
    header = [
        _("Node"),
        _("Version"),
        pgettext("fund category", "Category"),
        _("Budget (yuan)"),
        _("Actual (yuan)"),
        _("Remaining (yuan)"),
        _("Used %"),
    ]
    rows = (
        [
            node_budget.node.name,
            node_budget.version_number,
            row.label,
            row.budget_fen,
            row.actual_fen,
            row.remaining_fen,
            row.used_percent,
        ]
        for node_budget in budgets
        for row in node_budget.rows
    )
    return workbook(_("Budget and actual"), header, rows, money=[3, 4, 5])


def settlement_xlsx(rows: list[SettlementRow]) -> bytes:
    header = [
        _("Fund"),
        _("Opening balance"),
        _("Income"),
        _("Allocations received"),
        _("Spent"),
        _("Allocations passed on"),
        _("Closing balance"),
    ]
    cells = (
        [
            row.account.node.name,
            row.opening_fen,
            row.income_fen,
            row.allocated_fen,
            row.spent_fen,
            row.transferred_out_fen,
            row.closing_fen,
        ]
        for row in rows
    )
    return workbook(_("Settlement"), header, cells, money=[1, 2, 3, 4, 5, 6])


def ledger_xlsx(lines: Iterable[Any]) -> bytes:
    header = [
        _("Date"),
        _("Entry"),
        _("Node"),
        pgettext("fund category", "Code"),
        pgettext("fund category", "Category"),
        _("Debit (yuan)"),
        _("Credit (yuan)"),
        _("Memo"),
        _("Source"),
    ]
    rows = (
        [
            line.entry.entry_on,
            line.entry.pk,
            line.node.name,
            line.category.code,
            line.category.label,
            line.debit_fen or None,
            line.credit_fen or None,
            line.memo or line.entry.memo,
            line.entry.source_label or line.entry.source_type,
        ]
        for line in lines
    )
    return workbook(_("Ledger"), header, rows, money=[5, 6])
