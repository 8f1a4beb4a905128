"""The funds reports as .xlsx workbooks (openpyxl, write-only: memory stays flat for big ledgers)."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .queries.reports import NodeBudget, SettlementRow, Statement

MONEY_FORMAT = "#,##0.00"


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def _row(sheet: WriteOnlyWorksheet, values: Sequence[Any], money: Iterable[int] = ()) -> list[Any]:
    money_columns = set(money)
    cells: list[Any] = []
    for index, value in enumerate(values):
        if index in money_columns:
            cell = WriteOnlyCell(sheet, value=_yuan(value))
            cell.number_format = MONEY_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _book(title: str, header: Sequence[str]) -> tuple[Workbook, WriteOnlyWorksheet]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    return book, sheet


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def statement_xlsx(statement: Statement) -> bytes:
    book, sheet = _book(
        _("Income and expense"),
        [
            _("Section"),
            pgettext("fund category", "Code"),
            pgettext("fund category", "Category"),
            _("Amount (yuan)"),
        ],
    )
    for section, rows in (
        (_("Income"), statement.income),
        (_("Expense"), statement.expense),
        (_("Transfers"), statement.transfers),
    ):
        for row in rows:
            sheet.append(
                _row(
                    sheet,
                    [section, row.code, "  " * row.depth + row.label, row.amount_fen],
                    money=[3],
                )
            )
    sheet.append([])
    for label, fen in (
        (_("Total income"), statement.income_total_fen),
        (_("Total expense"), statement.expense_total_fen),
        (_("Allocations received"), statement.transfer_in_fen),
        (_("Allocations passed on"), statement.transfer_out_fen),
        (_("Surplus"), statement.surplus_fen),
    ):
        sheet.append(_row(sheet, [label, "", "", fen], money=[3]))
    return _bytes(book)


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
    book, sheet = _book(_("Budget and actual"), header)
    for node_budget in budgets:
        for row in node_budget.rows:
            sheet.append(
                _row(
                    sheet,
                    [
                        node_budget.node.name,
                        node_budget.version_number,
                        row.label,
                        row.budget_fen,
                        row.actual_fen,
                        row.remaining_fen,
                        row.used_percent,
                    ],
                    money=[3, 4, 5],
                )
            )
    return _bytes(book)


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
    book, sheet = _book(_("Settlement"), header)
    for row in rows:
        sheet.append(
            _row(
                sheet,
                [
                    row.account.node.name,
                    row.opening_fen,
                    row.income_fen,
                    row.allocated_fen,
                    row.spent_fen,
                    row.transferred_out_fen,
                    row.closing_fen,
                ],
                money=[1, 2, 3, 4, 5, 6],
            )
        )
    return _bytes(book)


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
    book, sheet = _book(_("Ledger"), header)
    for line in lines:
        entry = line.entry
        sheet.append(
            _row(
                sheet,
                [
                    entry.entry_on,
                    entry.pk,
                    line.node.name,
                    line.category.code,
                    line.category.label,
                    line.debit_fen or None,
                    line.credit_fen or None,
                    line.memo or entry.memo,
                    entry.source_label or entry.source_type,
                ],
                money=[5, 6],
            )
        )
    return _bytes(book)
