"""Building roster files for the import tests (Chinese sample data is allowed in tests)."""

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from tongxin.core.validators import id_number_check_digit

HEADER = ["工号", "姓名", "性别", "出生日期", "手机", "身份证号", "分会", "入会日期"]


def id_number(birth: dt.date, *, male: bool, serial: int = 1, region: str = "440106") -> str:
    """A valid GB 11643 number for a birth date and gender."""
    sequence = serial % 500 * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def xlsx_bytes(
    rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER, title: str = ""
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode(encoding)


def person_row(
    number: str,
    name: str,
    *,
    male: bool = True,
    birth: dt.date = dt.date(1985, 3, 4),
    phone: str = "13912345678",
    branch: str = "Branch A",
    joined: str | dt.date | None = None,
    serial: int = 1,
) -> list[Any]:
    return [
        number,
        name,
        "男" if male else "女",
        birth,
        phone,
        id_number(birth, male=male, serial=serial),
        branch,
        joined,
    ]


def upload(cast, rows, *, header=HEADER, actor="office_admin", effective_on=None, xlsx=False):
    """Preview a roster built from ``rows`` for the cast's school; returns the import job."""
    from tongxin.members.services import roster as roster_services

    content = xlsx_bytes(rows, header=header) if xlsx else csv_bytes(rows, header=header)
    return roster_services.roster_import_plan(
        actor=cast.actor(actor),
        school_node=cast.school,
        filename="roster.xlsx" if xlsx else "roster.csv",
        content=content,
        effective_on=effective_on,
    )


def by_row(job) -> dict[int, dict]:
    return {row["row"]: row for row in job.rows}


def cast_row(cast, persona: str, /, **changes: Any) -> list[Any]:
    """The roster row that describes a cast person exactly as recorded (imports unchanged)."""
    person = cast.people[persona]
    person.refresh_from_db()
    row = [
        person.staff_number,
        person.name,
        "男" if person.gender == "male" else "女",
        person.birth_on,
        person.phone,
        person.id_number,
        person.node.parent.name if person.node.kind == "group" else person.node.name,
        person.joined_on,
    ]
    for index, key in enumerate(
        ("staff_number", "name", "gender", "birth_on", "phone", "id_number", "branch", "joined_on")
    ):
        if key in changes:
            row[index] = changes[key]
    return row
