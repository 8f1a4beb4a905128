"""Reading a question sheet (.xlsx) into checked questions, row by row.

The workbook reader and cell cleaning are the roster import's (``members.roster``): the sheet
may have a title row above the headers, full-width letters, numbers in text cells. Each row is
turned into ``QuestionData`` and checked with ``services.check_question``; every problem of a
row is kept with its row number, so the dry run lists what to fix before anything is saved.
"""

import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.members.roster import cells, xlsx
from tongxin.members.roster.parse import header_key

from .choices import OPTION_LETTERS
from .data.import_headers import FALSE_WORDS, HEADERS, KIND_WORDS, REQUIRED_FIELDS, TRUE_WORDS
from .errors import QuizzesErrorCode
from .services.bank import QuestionData, check_question

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10
_FIELD_BY_HEADER = {header_key(h): name for name, headers in HEADERS.items() for h in headers}
_KINDS = {header_key(word): kind for word, kind in KIND_WORDS.items()}
_TRUE = {header_key(w) for w in TRUE_WORDS}
_FALSE = {header_key(w) for w in FALSE_WORDS}


@dataclass
class SheetRow:
    number: int
    category: str = ""
    data: QuestionData | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.data is not None


def _file_error(message: str) -> ValidationFailed:
    return ValidationFailed(message, code=QuizzesErrorCode.IMPORT_INVALID_FILE, field="file")


def read_sheet(content: bytes) -> list[SheetRow]:
    """Every data row of the first worksheet with a header row, checked."""
    if len(content) > MAX_BYTES:
        raise _file_error(_("The file is larger than 5 MB."))
    if not content.startswith(b"PK\x03\x04"):
        raise _file_error(_("Upload an Excel workbook (.xlsx)."))
    try:
        for table in xlsx.worksheets(content):
            rows = _read_table(table)
            if rows is not None:
                return rows
    except (xlsx.UnreadableWorkbook, zipfile.BadZipFile, zlib.error, EOFError):
        raise _file_error(
            _("The file could not be read as an Excel workbook; it may be damaged.")
        ) from None
    raise _file_error(
        _("No header row found: the first row should name the columns, such as %(names)s.")
        % {"names": ", ".join(HEADERS[name][0] for name in REQUIRED_FIELDS)}
    )


def _read_table(table: Any) -> list[SheetRow] | None:
    columns: dict[int, str] | None = None
    rows: list[SheetRow] = []
    for number, raw in enumerate(table, start=1):
        values = list(raw)
        if columns is None:
            matched = {i: _FIELD_BY_HEADER.get(header_key(v)) for i, v in enumerate(values)}
            found = {i: name for i, name in matched.items() if name}
            if len(set(found.values())) >= 2:
                missing = [HEADERS[n][0] for n in REQUIRED_FIELDS if n not in found.values()]
                if missing:
                    raise _file_error(
                        _("Required columns are missing: %(names)s.")
                        % {"names": ", ".join(missing)}
                    )
                columns = found
            elif number >= HEADER_SEARCH_ROWS:
                return None
            continue
        cells_by_field = {
            name: cells.text(values[i]) if i < len(values) else "" for i, name in columns.items()
        }
        if not any(cells_by_field.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        rows.append(_read_row(number, cells_by_field))
    if columns is None:
        return None
    if not rows:
        raise _file_error(_("The file has a header row but no data rows."))
    return rows


def parse_answer(kind: str, text: str) -> list[int]:
    """“B”, “ACD”, “A,C” → option indices; true/false words (T, F and the Chinese ones in ``data``) → [0] or [1]."""
    if kind == "true_false":
        key = header_key(text)
        if key in _TRUE:
            return [0]
        if key in _FALSE:
            return [1]
        raise ValidationFailed(
            _("The answer of a true/false question is true or false."),
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answer",
        )
    letters = [ch for ch in cells.text(text).upper() if not ch.isspace() and ch not in ",;/"]
    if not letters or any(ch not in OPTION_LETTERS for ch in letters):
        raise ValidationFailed(
            _("“%(value)s” is not an answer; write the option letters, like B or ACD.")
            % {"value": text},
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answer",
        )
    return sorted({OPTION_LETTERS.index(ch) for ch in letters})


def _answer(kind: str, text: str, row: SheetRow) -> list[int]:
    try:
        return parse_answer(kind, text)
    except ValidationFailed as problem:
        row.problems.append(problem.message)
        return []


def _read_row(number: int, values: dict[str, str]) -> SheetRow:
    row = SheetRow(number=number, category=values.get("category", ""))
    if not row.category:
        row.problems.append(_("The category is missing."))
    kind = _KINDS.get(header_key(values.get("kind", "")))
    if kind is None:
        row.problems.append(
            _("“%(value)s” is not a question type; write single, multiple or true/false.")
            % {"value": values.get("kind", "")}
        )
        return row
    points_text = values.get("points", "") or "1"
    try:
        points = int(float(points_text))
    except ValueError:
        row.problems.append(_("“%(value)s” is not a number of points.") % {"value": points_text})
        points = 1
    answer = _answer(kind, values.get("answer", ""), row)
    options = [values.get(f"option_{i}", "") for i in range(len(OPTION_LETTERS))]
    data = QuestionData(
        kind=kind,
        stem=values.get("stem", ""),
        options=options,
        answer=answer,
        explanation=values.get("explanation", ""),
        points=points,
    )
    if row.problems:
        return row
    try:
        row.data = check_question(data)
    except ValidationFailed as problem:
        row.problems.append(problem.message)
    return row
