"""Reading a roster file (.xlsx or .csv) into rows of typed values, one dict per row.

Real files are messy: a title row above the headers, headers with notes in brackets,
CSV in UTF-8 with or without BOM, in GB18030 (what Excel in China writes) or UTF-16 (Excel's
"Unicode text"), numbers where text was meant. Problems with the whole file raise
``ValidationFailed`` (code ``import_invalid_file``); problems with one cell are kept on the row,
so the preview can list every reason at once.
"""

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed

from ..data.roster_headers import HEADERS, IGNORED_HEADERS, LIST_SEPARATOR, REQUIRED_FIELDS
from ..errors import MembersErrorCode
from . import cells, xlsx

HEADER_SEARCH_ROWS = 10
_HEADER_NOISE = re.compile(r"[\s*]|\(.*?\)|\[.*?\]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

CellReader = Callable[[Any, str], Any]
READERS: dict[str, CellReader] = {
    "birth_on": cells.date,
    "hire_on": cells.date,
    "joined_on": cells.date,
    "wage_base": cells.money_fen,
    "id_number": cells.id_number,
    "gender": cells.gender,
    "employment_status": cells.employment,
}


@dataclass
class ParsedRow:
    number: int  # the row's number as the spreadsheet shows it
    values: dict[str, Any]  # field → typed value; blank cells are left out
    problems: list[ValidationFailed] = field(default_factory=list)


@dataclass
class ParsedFile:
    kind: str  # "xlsx" or "csv"
    columns: dict[str, str]  # field → the header as written in the file
    rows: list[ParsedRow]
    skipped_empty: int


def header_key(header: Any) -> str:
    """Headers compare without spaces, asterisks or notes in brackets, ignoring case."""
    text = unicodedata.normalize("NFKC", str(header or ""))
    return _HEADER_NOISE.sub("", text).lower()


_FIELD_BY_HEADER = {header_key(h): name for name, headers in HEADERS.items() for h in headers}
_IGNORED = {header_key(h) for h in IGNORED_HEADERS}


def file_error(message: str) -> ValidationFailed:
    return ValidationFailed(message, code=MembersErrorCode.IMPORT_INVALID_FILE, field="file")


def size_error(size: int) -> ValidationFailed:
    limit = settings.TONGXIN_IMPORT_MAX_BYTES
    return file_error(
        _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
        % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
    )


def parse_roster(filename: str, content: bytes) -> ParsedFile:
    """Read ``content`` (an .xlsx workbook or a CSV text) into typed rows.

    The file type is told from the bytes, not the name. Limits: ``TONGXIN_IMPORT_MAX_BYTES``
    and ``TONGXIN_IMPORT_MAX_ROWS``. Empty rows are skipped and counted.
    """
    if len(content) > settings.TONGXIN_IMPORT_MAX_BYTES:
        raise size_error(len(content))
    if not content.strip():
        raise file_error(_("The file is empty."))
    if content.startswith(_OLE_MAGIC):
        raise file_error(
            _("This is an old-style .xls file; save it as .xlsx (Excel workbook) or .csv first.")
        )
    if content.startswith(_ZIP_MAGIC):
        try:
            return _read_tables("xlsx", xlsx.worksheets(content))
        except (xlsx.UnreadableWorkbook, zipfile.BadZipFile, zlib.error, EOFError):
            raise _xlsx_error() from None
    return _read_tables("csv", [_csv_rows(content)])


def _xlsx_error() -> ValidationFailed:
    return file_error(_("The file could not be read as an Excel workbook; it may be damaged."))


def _decode(content: bytes) -> str:
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        if b"\x00" not in content:
            for encoding in ("utf-8", "gb18030"):
                try:
                    return content.decode(encoding)
                except UnicodeDecodeError:
                    continue
    raise file_error(_("This is not a spreadsheet: upload an .xlsx workbook or a .csv file."))


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    if any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"):
        raise file_error(_("This is not a spreadsheet: upload an .xlsx workbook or a .csv file."))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    except csv.Error as error:
        raise file_error(
            _("The CSV file is malformed: %(reason)s") % {"reason": str(error)}
        ) from None


def _is_blank(row: Iterable[Any]) -> bool:
    return all(cells.text(value) == "" for value in row)


def _read_tables(kind: str, tables: Iterable[Iterator[Iterable[Any]]]) -> ParsedFile:
    """Use the first table (worksheet) that has a header row."""
    for table in tables:
        found = _find_header(table)
        if found is not None:
            number, header = found
            columns = _map_columns(header)
            return _read_rows(kind, columns, table, first_number=number + 1)
    names = LIST_SEPARATOR.join(HEADERS[name][0] for name in REQUIRED_FIELDS)
    raise file_error(
        _("No header row found: the first row should name the columns, such as %(names)s.")
        % {"names": names}
    )


def _find_header(table: Iterator[Iterable[Any]]) -> tuple[int, list[Any]] | None:
    for number, row in enumerate(table, start=1):
        values = list(row)
        known = {_FIELD_BY_HEADER.get(header_key(v)) for v in values} - {None}
        # Two known headers, not one: a title row above the table may contain a header word.
        if len(known) >= 2:
            return number, values
        if number >= HEADER_SEARCH_ROWS:
            return None
    return None


def _map_columns(header: list[Any]) -> dict[int, tuple[str, str]]:
    """Column index → (field, header as written); unknown, duplicate or missing headers raise."""
    columns: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    duplicate: list[str] = []
    for index, raw in enumerate(header):
        written = cells.text(raw)
        key = header_key(raw)
        if not key or key in _IGNORED:
            continue
        name = _FIELD_BY_HEADER.get(key)
        if name is None:
            unknown.append(written)
        elif name in seen:
            duplicate.append(f"{seen[name]} / {written}")
        else:
            seen[name] = written
            columns[index] = (name, written)
    missing = [HEADERS[name][0] for name in REQUIRED_FIELDS if name not in seen]
    reasons = []
    if unknown:
        reasons.append(
            _("Unknown columns: %(names)s. Rename them as in the template or delete them.")
            % {"names": LIST_SEPARATOR.join(unknown)}
        )
    if duplicate:
        reasons.append(
            _("These columns give the same information twice: %(names)s.")
            % {"names": LIST_SEPARATOR.join(duplicate)}
        )
    if missing:
        reasons.append(
            _("Required columns are missing: %(names)s.") % {"names": LIST_SEPARATOR.join(missing)}
        )
    if reasons:
        raise file_error(" ".join(reasons))
    return columns


def _read_rows(
    kind: str,
    columns: dict[int, tuple[str, str]],
    table: Iterator[Iterable[Any]],
    *,
    first_number: int,
) -> ParsedFile:
    max_rows = settings.TONGXIN_IMPORT_MAX_ROWS
    rows: list[ParsedRow] = []
    skipped = 0
    for number, raw_row in enumerate(table, start=first_number):
        values = list(raw_row)
        if _is_blank(values):
            skipped += 1
            continue
        if len(rows) >= max_rows:
            raise file_error(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": max_rows}
            )
        rows.append(_read_row(number, columns, values))
    if not rows:
        raise file_error(_("The file has a header row but no data rows."))
    return ParsedFile(
        kind=kind,
        columns=dict(columns.values()),
        rows=rows,
        skipped_empty=skipped,
    )


def _read_row(number: int, columns: dict[int, tuple[str, str]], values: list[Any]) -> ParsedRow:
    row = ParsedRow(number=number, values={})
    for index, (name, _written) in columns.items():
        raw = values[index] if index < len(values) else None
        reader = READERS.get(name)
        try:
            value = reader(raw, name) if reader else cells.text(raw)
        except ValidationFailed as problem:
            row.problems.append(problem)
            continue
        if value not in ("", None):
            row.values[name] = value
    return row
