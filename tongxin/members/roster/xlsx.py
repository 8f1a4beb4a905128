"""Reading the cell values of an .xlsx workbook quickly, sheet by sheet.

openpyxl builds an object per cell and parses XML with the standard library; for a 10,000-row
roster that is most of the import's time. Here the sheet XML is streamed with lxml and each
cell becomes its plain value: text, a number, a date (told by the cell's number format, the
East Asian built-in date formats included), a boolean. Rows and columns keep their positions,
so row numbers match what Excel shows. Anything unreadable raises ``UnreadableWorkbook``.
"""

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Built-in formats Excel does not spell out: the East Asian date formats (e.g. 31 is
# year-month-day with the Chinese characters for year, month and day in a Chinese Excel).
EAST_ASIAN_DATE_FORMATS = {*range(27, 37), *range(50, 59)}
# A roster of a few MB never unpacks to more than this; more is a zip bomb.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}

Row = tuple[Any, ...]


class UnreadableWorkbook(Exception):
    """The bytes are not a workbook this reader understands."""


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return etree.fromstring(archive.read(name), etree.XMLParser(**_PARSER_OPTIONS))
    except (KeyError, etree.XMLSyntaxError) as error:
        raise UnreadableWorkbook(name) from error


def _part(base: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else f"{base}/{target}"


def worksheets(content: bytes) -> Iterator[Iterator[Row]]:
    """Each worksheet, in workbook order, as an iterator of row tuples."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UnreadableWorkbook("too large unpacked")
    except zipfile.BadZipFile as error:
        raise UnreadableWorkbook("not a zip") from error
    workbook = _xml(archive, "xl/workbook.xml")
    if workbook.tag != f"{MAIN}workbook":
        raise UnreadableWorkbook("not a transitional SpreadsheetML workbook")
    properties = workbook.find(f"{MAIN}workbookPr")
    epoch = CALENDAR_WINDOWS_1900
    if properties is not None and properties.get("date1904") in ("1", "true"):
        epoch = CALENDAR_MAC_1904
    relations = {
        rel.get("Id"): rel.get("Target")
        for rel in _xml(archive, "xl/_rels/workbook.xml.rels")
        if rel.get("Id")
    }
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = relations.get(sheet.get(f"{REL}id"))
        if target is None:
            raise UnreadableWorkbook("sheet without a part")
        try:
            stream = archive.open(_part("xl", target))
        except KeyError as error:
            raise UnreadableWorkbook(target) from error
        yield _rows(stream, strings, dates, epoch)


def _text(element: Any) -> str:
    """The text of a shared or inline string: plain or in rich-text runs, without the
    phonetic guide runs (rPh) that Chinese and Japanese Excel add."""
    parts = []
    for child in element:
        if child.tag == f"{MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{MAIN}t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    strings = []
    try:
        for _event, item in etree.iterparse(archive.open(name), tag=f"{MAIN}si", **_PARSER_OPTIONS):
            strings.append(_text(item))
            item.clear()
    except etree.XMLSyntaxError as error:
        raise UnreadableWorkbook(name) from error
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = _xml(archive, "xl/styles.xml")
    custom = {
        int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
        for fmt in styles.iter(f"{MAIN}numFmt")
    }
    cell_formats = styles.find(f"{MAIN}cellXfs")
    dates = set()
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        number = int(xf.get("numFmtId", "0"))
        code = custom.get(number, BUILTIN_FORMATS.get(number, ""))
        if number in EAST_ASIAN_DATE_FORMATS or (code and is_date_format(code)):
            dates.add(index)
    return frozenset(dates)


def _column(reference: str | None, default: int) -> int:
    if not reference:
        return default
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + ord(char.upper()) - 64
    return index - 1


def _value(cell: Any, strings: list[str], dates: frozenset[int], epoch: dt.datetime) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return _text(inline) if inline is not None else None
    raw = cell.findtext(f"{MAIN}v")
    if raw is None or raw == "":
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(raw)
    number = float(raw) if any(c in raw for c in ".eE") else int(raw)
    if int(cell.get("s", "0")) in dates:
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError):
            return number  # a date cell holding no real date: the row check reports it
    return number


def _rows(
    stream: IO[bytes], strings: list[str], dates: frozenset[int], epoch: dt.datetime
) -> Iterator[Row]:
    expected = 1
    try:
        for _event, row in etree.iterparse(stream, tag=f"{MAIN}row", **_PARSER_OPTIONS):
            number = int(row.get("r") or expected)
            while expected < number:  # rows Excel left out because they are empty
                yield ()
                expected += 1
            values: list[Any] = []
            for cell in row.iterchildren(f"{MAIN}c"):
                column = _column(cell.get("r"), len(values))
                values.extend([None] * (column - len(values)))
                values.append(_value(cell, strings, dates, epoch))
            yield tuple(values)
            expected = number + 1
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
    except (etree.XMLSyntaxError, ValueError, IndexError, OverflowError) as error:
        raise UnreadableWorkbook("sheet") from error
