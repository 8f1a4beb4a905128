"""Writing rosters: the people list as .xlsx, and the blank import template.

Both use the import's own headers and value words, so an exported file can be edited and
imported again. The workbook is written in openpyxl's write-only mode (rows streamed, not held
as cell objects). Staff, phone and ID numbers are text cells so Excel keeps their digits.
"""

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tongxin.core.money import format_fen
from tongxin.orgs.choices import OrgNodeKind

from ..data.roster_headers import (
    EMPLOYMENT_WRITTEN,
    EXAMPLE_ROW,
    EXPORT_SHEET_TITLE,
    GENDER_WRITTEN,
    HEADERS,
    MEMBERSHIP_HEADER,
    MEMBERSHIP_WRITTEN,
    NOTES,
    NOTES_FOOTER,
    NOTES_HEADER,
    NOTES_SHEET_TITLE,
)
from ..models import Person

COLUMNS = (
    "staff_number",
    "name",
    "gender",
    "birth_on",
    "phone",
    "email",
    "id_number",
    "department",
    "branch",
    "group",
    "employment_status",
    "hire_on",
    "joined_on",
    "wage_base",
)
TEXT_COLUMNS = {"staff_number", "phone", "id_number"}
WIDTHS = {"id_number": 22, "email": 26, "department": 20, "branch": 24, "group": 16}
DATE_FORMAT = "yyyy-mm-dd"


def _header_row(sheet: WriteOnlyWorksheet, headers: Iterable[str]) -> list[WriteOnlyCell]:
    row = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        row.append(cell)
    return row


def _cell(sheet: WriteOnlyWorksheet, name: str, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif name in TEXT_COLUMNS:
        cell.number_format = "@"
    return cell


def _sheet(workbook: Workbook, title: str, columns: tuple[str, ...]) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title)
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
    sheet.freeze_panes = "C2"
    return sheet


def _branch_and_group(person: Person) -> tuple[str, str]:
    node = person.node
    if node.kind == OrgNodeKind.GROUP and node.parent is not None:
        return node.parent.name, node.name
    return node.name, ""


def person_row(person: Person, *, id_number: str, wage_visible: bool) -> dict[str, Any]:
    branch, group = _branch_and_group(person)
    return {
        "staff_number": person.staff_number,
        "name": person.name,
        "gender": GENDER_WRITTEN.get(person.gender, ""),
        "birth_on": person.birth_on,
        "phone": person.phone,
        "email": person.email,
        "id_number": id_number,
        "department": person.department,
        "branch": branch,
        "group": group,
        "employment_status": EMPLOYMENT_WRITTEN.get(person.employment_status, ""),
        "hire_on": person.hire_on,
        "joined_on": person.joined_on,
        "wage_base": format_fen(person.wage_base_fen, grouping=False) if wage_visible else "",
        "membership": MEMBERSHIP_WRITTEN.get(person.membership_status, ""),
    }


def people_workbook(
    people: Iterable[Person],
    *,
    id_number_for: Callable[[Person], str],
    wage_visible: Callable[[Person], bool],
) -> tuple[bytes, int]:
    """The people as one sheet with the import headers; returns the bytes and the row count."""
    workbook = Workbook(write_only=True)
    columns = (*COLUMNS, "membership")
    sheet = _sheet(workbook, EXPORT_SHEET_TITLE, columns)
    headers = [HEADERS[name][0] for name in COLUMNS] + [MEMBERSHIP_HEADER]
    sheet.append(_header_row(sheet, headers))
    count = 0
    for person in people:
        values = person_row(
            person, id_number=id_number_for(person), wage_visible=wage_visible(person)
        )
        sheet.append([_cell(sheet, name, values[name]) for name in columns])
        count += 1
    return _save(workbook), count


def template_workbook(branch_name: str | None) -> bytes:
    """The import template: the headers, one example row, and a sheet of notes."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, EXPORT_SHEET_TITLE, COLUMNS)
    sheet.append(_header_row(sheet, [HEADERS[name][0] for name in COLUMNS]))
    example = {**EXAMPLE_ROW, **({"branch": branch_name} if branch_name else {})}
    sheet.append([_cell(sheet, name, example[name]) for name in COLUMNS])
    notes = workbook.create_sheet(NOTES_SHEET_TITLE)
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 70
    notes.append(_header_row(notes, NOTES_HEADER))
    for note in NOTES:
        notes.append(list(note))
    notes.append([])
    for line in NOTES_FOOTER:
        notes.append([line])
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
