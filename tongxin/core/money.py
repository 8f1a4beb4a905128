"""Money as integer fen (1 yuan = 100 fen); floats never appear.

Forms and imports parse what people type ("12.34", "1,200", a full-width yen sign) with
``parse_yuan``; templates render with the ``|yuan`` filter, which calls ``format_fen``.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ValidationFailed

Fen = int

# The largest amount anyone may type or send: 100 million yuan. Far above any real figure of a
# union, and small enough that sums of millions of such amounts still fit a 64-bit fen column.
MAX_YUAN = 100_000_000
MAX_FEN: Fen = MAX_YUAN * 100

# Spaces, ASCII and full-width commas, the yuan signs and the character for yuan.
_CLEAN = re.compile(r"[\s,\uff0c\uffe5\u00a5\u5143]")


def parse_yuan(text: str | int | Decimal, *, field: str | None = None) -> Fen:
    """Parse a yuan amount with at most two decimals and at most ``MAX_YUAN`` into fen;
    refuse anything else. Every money form field and import cell goes through here."""
    raw = _CLEAN.sub("", str(text))
    if raw in {"", "-", "+"}:
        raise ValidationFailed(_("Enter an amount in yuan."), code="invalid_amount", field=field)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationFailed(
            _("“%(value)s” is not an amount in yuan.") % {"value": text},
            code="invalid_amount",
            field=field,
        ) from None
    if value.is_finite() and abs(value) > MAX_YUAN:
        raise ValidationFailed(
            _("An amount may be at most %(max)s yuan.") % {"max": f"{MAX_YUAN:,}"},
            code="invalid_amount",
            field=field,
        )
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValidationFailed(
            _("An amount may have at most two decimal places."), code="invalid_amount", field=field
        )
    return int(value * 100)


def format_fen(fen: Fen | None, *, grouping: bool = True) -> str:
    """Render fen as yuan with two decimals, e.g. 123456 → "1,234.56"."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    whole = f"{yuan:,}" if grouping else str(yuan)
    return f"{sign}{whole}.{cents:02d}"


def percent_of(fen: Fen, basis_points: int) -> Fen:
    """Return ``basis_points``/10000 of ``fen``, rounded half up to the fen."""
    return (fen * basis_points + 5000) // 10000
