"""Input checks shared by the funds services: amounts in whole fen, dates and texts."""

import datetime as dt

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed

from ..errors import FundsErrorCode

MAX_LINE_FEN = 10**13  # 100 billion yuan: anything larger is a typing error


def check_fen(value: object, field: str = "amount") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(
            _("An amount must be a whole number of fen."),
            code=FundsErrorCode.INVALID_AMOUNT,
            field=field,
        )
    if value < 0:
        raise ValidationFailed(
            _("An amount cannot be negative."), code=FundsErrorCode.INVALID_AMOUNT, field=field
        )
    if value > MAX_LINE_FEN:
        raise ValidationFailed(
            _("The amount is too large."), code=FundsErrorCode.INVALID_AMOUNT, field=field
        )
    return value


def check_amount(value: object, *, field: str = "amount") -> int:
    """A positive whole number of fen, or a clear error (for services taking one amount)."""
    amount = check_fen(value, field)
    if amount == 0:
        raise ValidationFailed(
            _("The amount must be more than zero."), code=FundsErrorCode.INVALID_AMOUNT, field=field
        )
    return amount


def check_date(value: object, *, field: str = "entry_on") -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationFailed(
            _("Enter a valid date."), code=FundsErrorCode.INVALID_DATE, field=field
        )
    if not 1990 <= value.year <= 2999:
        raise ValidationFailed(
            _("Enter a valid date."), code=FundsErrorCode.INVALID_DATE, field=field
        )
    return value


def check_text(
    value: str, *, field: str, message: str, limit: int = 200, single_line: bool = True
) -> str:
    """Non-blank text, whitespace collapsed (``single_line``) or trimmed, cut to ``limit``."""
    text = " ".join(str(value or "").split()) if single_line else str(value or "").strip()
    if not text:
        raise ValidationFailed(message, code=FundsErrorCode.EMPTY_TEXT, field=field)
    return text[:limit]
