"""Reading a bulk donation upload (.xlsx or .csv) into rows, and writing the .xlsx export.

Reading reuses the roster import's cell readers (dates, yuan amounts, clean text) and its
worksheet reader; a problem with one cell stays on its row, so the dry run lists every reason
at once. Problems with the whole file raise ``ValidationFailed`` (``import_invalid_file``).
"""

import csv
import datetime as dt
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.core.spreadsheets import workbook
from tongxin.members.roster import cells, xlsx

from .choices import Channel
from .data.headers import (
    CHANNEL_WORDS,
    CHANNEL_WRITTEN,
    HEADERS,
    LIST_SEPARATOR,
    NO_WORDS,
    REQUIRED_FIELDS,
    TEMPLATE_HEADERS,
    YES_WORDS,
)
from .errors import DonationsErrorCode

E = DonationsErrorCode
HEADER_SEARCH_ROWS = 10


@dataclass
class BulkRow:
    """One row of an upload (or of the API's bulk body), cells read into typed values."""

    number: int
    staff_number: str = ""
    name: str = ""
    amount_fen: int | None = None
    donated_on: dt.date | None = None
    channel: str = ""
    is_anonymous: bool = False
    problems: list[ValidationFailed] = field(default_factory=list)


def _key(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header or ""))
    return "".join(text.split()).replace("*", "").lower()


_FIELD_BY_HEADER = {_key(h): name for name, headers in HEADERS.items() for h in headers}
_CHANNEL_BY_WORD = {
    **{_key(word): value for word, value in CHANNEL_WORDS.items()},
    **{_key(value): value for value in Channel.values},
    **{_key(str(label)): value for value, label in Channel.choices},
}


def file_error(message: str) -> ValidationFailed:
    return ValidationFailed(message, code=E.IMPORT_INVALID_FILE, field="file")


def read_channel(value: Any) -> str:
    """A channel from its code or a word staff write (cash, transfer, WeChat, payroll)."""
    word = _key(cells.text(value))
    if not word:
        return ""
    channel = _CHANNEL_BY_WORD.get(word)
    if channel is None:
        raise ValidationFailed(
            _("“%(value)s” is not a channel; write one of %(words)s.")
            % {"value": cells.text(value), "words": LIST_SEPARATOR.join(CHANNEL_WRITTEN.values())},
            code=E.INVALID_CHANNEL,
            field="channel",
        )
    return channel


def read_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = _key(cells.text(value))
    if not word or word in NO_WORDS:
        return False
    if word in YES_WORDS:
        return True
    raise ValidationFailed(
        _("Write yes or no in the anonymous column, not “%(value)s”.")
        % {"value": cells.text(value)},
        field="anonymous",
    )


def read_row(number: int, values: dict[str, Any]) -> BulkRow:
    """Turn raw cells (by field name) into a ``BulkRow``; unreadable cells become problems."""
    row = BulkRow(number=number)
    row.staff_number = cells.text(values.get("staff_number"))
    row.name = cells.text(values.get("name"))
    readers = {
        "amount_fen": lambda: cells.money_fen(values.get("amount"), "amount"),
        "donated_on": lambda: cells.date(values.get("donated_on"), "donated_on"),
        "channel": lambda: read_channel(values.get("channel")),
        "is_anonymous": lambda: read_yes_no(values.get("anonymous")),
    }
    for name, reader in readers.items():
        try:
            setattr(row, name, reader())
        except ValidationFailed as problem:
            row.problems.append(problem)
    return row


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_error(_("This is not a spreadsheet: upload an .xlsx workbook or a .csv file."))


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    if "\x00" in text:
        raise file_error(_("This is not a spreadsheet: upload an .xlsx workbook or a .csv file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
    except csv.Error as error:
        raise file_error(
            _("The CSV file is malformed: %(reason)s") % {"reason": str(error)}
        ) from None


def parse_upload(content: bytes) -> list[BulkRow]:
    """Read an upload into rows (numbered as the spreadsheet shows them); blank rows skipped."""
    if len(content) > settings.TONGXIN_IMPORT_MAX_BYTES:
        raise file_error(_("The file is too large."))
    if not content.strip():
        raise file_error(_("The file is empty."))
    try:
        if content.startswith(b"PK\x03\x04"):
            tables: Iterable[Iterator[Iterable[Any]]] = xlsx.worksheets(content)
        else:
            tables = [_csv_rows(content)]
        for table in tables:
            rows = _read_table(table)
            if rows is not None:
                return rows
    except (xlsx.UnreadableWorkbook, zipfile.BadZipFile, zlib.error, EOFError):
        raise file_error(
            _("The file could not be read as an Excel workbook; it may be damaged.")
        ) from None
    raise file_error(
        _("No header row found: the first row should name the columns %(names)s.")
        % {"names": LIST_SEPARATOR.join(TEMPLATE_HEADERS)}
    )


def _read_table(table: Iterator[Iterable[Any]]) -> list[BulkRow] | None:
    columns: dict[int, str] | None = None
    rows: list[BulkRow] = []
    for number, raw in enumerate(table, start=1):
        values = list(raw)
        if columns is None:
            named = {i: _FIELD_BY_HEADER.get(_key(v)) for i, v in enumerate(values)}
            found = {i: name for i, name in named.items() if name}
            if len(set(found.values())) >= 2:
                missing = [HEADERS[n][0] for n in REQUIRED_FIELDS if n not in found.values()]
                if missing:
                    raise file_error(
                        _("Required columns are missing: %(names)s.")
                        % {"names": LIST_SEPARATOR.join(missing)}
                    )
                columns = found
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        if all(cells.text(v) == "" for v in values):
            continue
        if len(rows) >= settings.TONGXIN_IMPORT_MAX_ROWS:
            raise file_error(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": settings.TONGXIN_IMPORT_MAX_ROWS}
            )
        cells_by_field = {
            name: values[i] if i < len(values) else None for i, name in columns.items()
        }
        rows.append(read_row(number, cells_by_field))
    if columns is None:
        return None
    if not rows:
        raise file_error(_("The file has a header row but no data rows."))
    return rows


def template_workbook() -> bytes:
    """An empty upload template with the expected headers."""
    return workbook(_("Donations"), list(TEMPLATE_HEADERS), [])


def donations_workbook(rows: Iterable[Any]) -> bytes:
    """The export: one line per donation (confirmed, pending and rejected), with receipt."""
    headers = [
        _("Campaign"),
        _("Receipt number"),
        _("Staff number"),
        _("Name"),
        _("Branch"),
        _("Amount (yuan)"),
        _("Date"),
        _("Channel"),
        _("Anonymous"),
        _("Status"),
    ]
    return workbook(
        _("Donations"),
        headers,
        (
            [
                donation.campaign.title,
                donation.receipt_number,
                donation.person.staff_number,
                donation.person.name,
                donation.node.name,
                donation.amount_fen,
                donation.donated_on,
                str(donation.get_channel_display()),
                str(_("Yes")) if donation.is_anonymous else str(_("No")),
                str(donation.get_status_display()),
            ]
            for donation in rows
        ),
        money=[5],
        text=[2],
    )
