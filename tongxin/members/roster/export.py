"""Writing rosters: the people list as .xlsx, and the blank import template.

Both use the import's own headers and value words, so an exported file can be edited and
imported again. The workbook is written in openpyxl's write-only mode (rows streamed, not held
as cell objects). Staff, phone and ID numbers are text cells so Excel keeps their digits.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tongxin.core.money import format_fen
from tongxin.core.spreadsheets import Sheet, xlsx
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


def _sheet(title: str, columns: tuple[str, ...], headers: list[str], rows: Any) -> Sheet:
    return Sheet(
        title,
        headers,
        rows,
        text=[i for i, name in enumerate(columns) if name in TEXT_COLUMNS],
        widths={i: WIDTHS.get(name, 14) for i, name in enumerate(columns)},
        freeze="C2",
    )


def people_workbook(
    people: Iterable[Person],
    *,
    id_number_for: Callable[[Person], str],
    wage_visible: Callable[[Person], bool],
) -> tuple[bytes, int]:
    """The people as one sheet with the import headers; returns the bytes and the row count."""
    columns = (*COLUMNS, "membership")
    headers = [HEADERS[name][0] for name in COLUMNS] + [MEMBERSHIP_HEADER]
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for person in people:
            values = person_row(
                person, id_number=id_number_for(person), wage_visible=wage_visible(person)
            )
            count += 1
            yield [values[name] for name in columns]

    content = xlsx(_sheet(EXPORT_SHEET_TITLE, columns, headers, rows()))
    return content, count


def template_workbook(branch_name: str | None) -> bytes:
    """The import template: the headers, one example row, and a sheet of notes."""
    example = {**EXAMPLE_ROW, **({"branch": branch_name} if branch_name else {})}
    return xlsx(
        _sheet(
            EXPORT_SHEET_TITLE,
            COLUMNS,
            [HEADERS[name][0] for name in COLUMNS],
            [[example[name] for name in COLUMNS]],
        ),
        Sheet(
            NOTES_SHEET_TITLE,
            list(NOTES_HEADER),
            [*(list(note) for note in NOTES), [], *([line] for line in NOTES_FOOTER)],
            widths={0: 14, 1: 10, 2: 70},
        ),
    )
