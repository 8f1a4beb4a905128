"""Reading one cell of a roster: text, dates, money and the words for gender and employment.

Spreadsheet cells arrive as text (CSV, text-formatted Excel cells) or as Excel values (dates,
numbers). Each reader returns the value the person rules expect or raises ``ValidationFailed``
with the reason in words and the raw value, so the preview can say what to fix.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from tongxin.core.errors import ValidationFailed
from tongxin.core.money import parse_yuan

from ..data.roster_headers import (
    CHINESE_DATE,
    EMPLOYMENT_WORDS,
    EMPLOYMENT_WRITTEN,
    GENDER_WORDS,
    GENDER_WRITTEN,
    LIST_SEPARATOR,
)
from ..errors import MembersErrorCode

_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.0+)?$")
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.IGNORECASE)
_FIRST_SERIAL, _LAST_SERIAL = 1, 73050  # Excel day numbers for 1900-01-01 … 2099-12-31


def text(value: Any) -> str:
    """The cell as clean text: full-width letters and digits folded (NFKC), spaces trimmed,
    whole numbers without ".0" (a staff number typed into a number cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    value = str(value)
    if value.isascii():
        return value.strip()
    return unicodedata.normalize("NFKC", value).strip()


def _invalid_date(raw: Any, field: str) -> ValidationFailed:
    return ValidationFailed(
        _("“%(value)s” is not a date; write it like 2020-01-02.") % {"value": text(raw)},
        code=MembersErrorCode.INVALID_DATE,
        field=field,
    )


def _make_date(year: str, month: str, day: str, raw: Any, field: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationFailed(
            _("“%(value)s” is not a real date.") % {"value": text(raw)},
            code=MembersErrorCode.INVALID_DATE,
            field=field,
        ) from None


def date(value: Any, field: str) -> dt.date | None:
    """A date from an Excel date cell, an Excel day number, or text: 2020-01-02, 2020/1/2,
    2020.1.2, 20200102 and the Chinese year-month-day form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for pattern in (_DATE, CHINESE_DATE, _COMPACT_DATE):
        match = pattern.match(raw)
        if match:
            year, month, day = match.groups()
            return _make_date(year, month, day, raw=value, field=field)
    if _SERIAL.match(raw) and _FIRST_SERIAL <= float(raw) <= _LAST_SERIAL:
        # A date cell formatted as "General" shows Excel's day number, e.g. 44198.
        return from_excel(float(raw)).date()
    raise _invalid_date(value, field)


def money_fen(value: Any, field: str) -> int | None:
    """A yuan amount in fen; number cells are taken to the cent (5678.9 → 567890)."""
    if isinstance(value, bool):
        raise ValidationFailed(_("Enter an amount in yuan."), code="invalid_amount", field=field)
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        rounded = round(value, 2)
        # Excel stores 5678.9 as a binary float; anything beyond float noise is a real third
        # decimal place, which money does not have.
        if abs(value - rounded) > 1e-6:
            raise ValidationFailed(
                _("An amount may have at most two decimal places."),
                code="invalid_amount",
                field=field,
            )
        return int(Decimal(str(rounded)) * 100)
    raw = text(value)
    return parse_yuan(raw, field=field) if raw else None


def id_number(value: Any, field: str) -> str:
    """An ID number as text; a number cell has lost its last digits to Excel's 15-digit limit.

    A masked number (from an export) is no number at all and counts as not given, so an
    exported roster can be edited and imported again without touching ID numbers.
    """
    raw = text(value)
    if "*" in raw:
        return ""
    if isinstance(value, int | float) or _SCIENTIFIC.match(raw):
        raise ValidationFailed(
            _(
                "Excel stored the ID number as a number and lost its last digits; format the "
                "column as text and type the number again."
            ),
            code=MembersErrorCode.INVALID_ID_NUMBER,
            field=field,
        )
    return raw


def _word(
    value: Any, words: dict[str, str], written: dict[str, str], message: str, field: str
) -> str:
    raw = text(value)
    key = raw.lower().replace(" ", "")
    if not key:
        return ""
    if key in words:
        return words[key]
    choices = LIST_SEPARATOR.join(written.values())
    raise ValidationFailed(message % {"value": raw, "choices": choices}, field=field)


def gender(value: Any, field: str) -> str:
    message = _("“%(value)s” is not a gender; write %(choices)s.")
    return _word(value, GENDER_WORDS, GENDER_WRITTEN, message, field)


def employment(value: Any, field: str) -> str:
    message = _("“%(value)s” is not an employment status; write one of %(choices)s.")
    return _word(value, EMPLOYMENT_WORDS, EMPLOYMENT_WRITTEN, message, field)
