"""The one writer of every exported spreadsheet (.xlsx, and .csv where one is offered).

An export gives headers and rows; this module decides how each value becomes a cell:

- **Text is inert.** A cell a spreadsheet program would run as a formula or a command (text
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a single
  quote and written as a string, never as a formula: a member can type ``=HYPERLINK(...)`` as a
  title, and the office opening the export must see those characters, not a live link.
- **Money is exact.** Columns named in ``money`` hold integer fen and are written as ``Decimal``
  yuan with two decimals (``#,##0.00``): never a float.
- **Dates are dates,** times in the local zone without tzinfo (Excel has no time zones).
- Headers are bold, the header row frozen, the columns sized to their headers (or ``widths``).

Workbooks are written in openpyxl's write-only mode, so memory stays flat for big exports.
"""

import csv
import datetime as dt
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
# What makes Excel, LibreOffice or Google Sheets treat a typed cell as a formula or command.
_ACTIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BOLD = Font(bold=True)
_MAX_TITLE = 31  # Excel's limit for a sheet name
_CENT = Decimal("0.01")


def neutralise(text: str) -> str:
    """``text`` as inert text: a leading quote before anything a spreadsheet would run."""
    return f"'{text}" if text.startswith(_ACTIVE_STARTS) else text


def yuan(fen: int | None) -> Decimal | None:
    """Fen as exact yuan for a spreadsheet cell (``None`` stays empty)."""
    return None if fen is None else (Decimal(int(fen)) / 100).quantize(_CENT)  # exact: Decimal


@dataclass
class Sheet:
    """One sheet: its title, header row and data rows, and which columns are special.

    ``money`` and ``text`` hold column indexes (from 0): money columns carry integer fen, text
    columns keep digits as typed (staff and phone numbers). ``preamble`` rows come above the
    header (a title line on a pick-up sheet)."""

    title: str
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    money: Collection[int] = ()
    text: Collection[int] = ()
    widths: Mapping[int, float] = field(default_factory=dict)
    preamble: Sequence[Sequence[Any]] = ()
    freeze: str | None = None  # the top-left cell that scrolls; below the header by default


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet holds it: text neutralised, times local and naive."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, money: bool, text: bool) -> WriteOnlyCell:
    if money and value is not None and not isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=yuan(value))
        cell.number_format = MONEY_FORMAT
        return cell
    value = cell_value(value)
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
        if text:
            cell.number_format = TEXT_FORMAT
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _width(header: Any) -> float:
    return max(10, min(40, len(str(header)) * 2 + 4))


def _write_sheet(book: Workbook, spec: Sheet) -> None:
    sheet = book.create_sheet(str(spec.title)[:_MAX_TITLE])
    for index, header in enumerate(spec.headers):
        width = spec.widths.get(index, _width(header))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = spec.freeze or f"A{len(spec.preamble) + 2}"
    for line in spec.preamble:
        sheet.append([_cell(sheet, v, money=False, text=False) for v in line])
    header_cells = []
    for header in spec.headers:
        cell = _cell(sheet, header, money=False, text=False)
        cell.font = _BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    money, text = set(spec.money), set(spec.text)
    for row in spec.rows:
        sheet.append(
            [
                _cell(sheet, value, money=index in money, text=index in text)
                for index, value in enumerate(row)
            ]
        )


def xlsx(*sheets: Sheet) -> bytes:
    """A workbook of ``sheets`` as the bytes of an .xlsx file."""
    book = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(book, spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(
    title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], **options: Any
) -> bytes:
    """A workbook of one sheet (``options`` as for ``Sheet``)."""
    return xlsx(Sheet(title, headers, rows, **options))


def csv_bytes(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, money: Collection[int] = ()
) -> bytes:
    """The same rows as UTF-8 CSV with a byte-order mark (so Excel reads the Chinese),
    text neutralised and money as yuan with two decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell_value(h) for h in headers])
    money_columns = set(money)
    for row in rows:
        writer.writerow(
            [
                yuan(v) if i in money_columns and v is not None else cell_value(v)
                for i, v in enumerate(row)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
