"""Types every app's API schemas share: bounded ids and text, strict input, the error shape.

Bounds keep any value a client can send inside what the database stores (64-bit integers,
column lengths), so bad input is a 400 with the field named and never a database error.
"""

import datetime as dt
import re
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Strict
from pydantic_core import PydanticCustomError

from .money import MAX_FEN
from .years import MAX_YEAR, MIN_YEAR

MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
EARLIEST_DATE = dt.date(MIN_YEAR, 1, 1)
LATEST_DATE = dt.date(MAX_YEAR, 12, 31)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# An id in a path or query string (text that must read as a positive 64-bit integer).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body numbers must be JSON numbers: "5" or 5.0 for an id is refused.
IdIn = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
# An amount in fen, 0 to 100 million yuan (``core.money.MAX_FEN``): every ``*_fen`` input.
Fen = Annotated[int, Strict(), Field(ge=0, le=MAX_FEN)]
# An amount in fen whose sign the service judges (with its own error code): only its size is
# bounded here.
SignedFen = Annotated[int, Strict(), Field(ge=-MAX_FEN, le=MAX_FEN)]
# A year as a filter in the query string or path, and as a number in a JSON body.
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
YearIn = Annotated[int, Strict(), Field(ge=MIN_YEAR, le=MAX_YEAR)]
Position = Annotated[int, Strict(), Field(ge=1, le=1000)]


def _require_iso_text(value: Any) -> Any:
    # pydantic would also read 20210301 as seconds since 1970: only YYYY-MM-DD is a date here.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_type", "Enter a date as YYYY-MM-DD.")


def _check_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError("date_out_of_range", "The date is not between 1900 and 2199.")
    return value


# A calendar date written YYYY-MM-DD between 1900 and 2199 (pydantic refuses 2021-02-30).
Date = Annotated[dt.date, BeforeValidator(_require_iso_text), AfterValidator(_check_date)]


class InputSchema(Schema):
    """A request body: unknown fields are refused, choices arrive as plain strings."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class ErrorOut(Schema):
    """Every 4xx answer: a stable machine ``code``, a translated ``message`` and the
    ``field`` to blame (``null`` when the request as a whole is refused)."""

    code: str
    message: str
    field: str | None = None
    extra: dict[str, Any] | None = None


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=`` paging answering ``{items, count}``; both bounded."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
