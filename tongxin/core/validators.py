"""Validators for Chinese identity data: resident ID numbers (GB 11643) and mobile numbers."""

import datetime as dt
import re

from django.utils.translation import gettext as _

from .errors import ValidationFailed

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def id_number_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw: str, *, field: str = "id_number") -> str:
    """Return the upper-cased 18-character ID number, or raise with the reason in words.

    Checks the shape, the embedded birth date and the GB 11643 check digit.
    """
    value = raw.strip().upper().replace(" ", "")
    if not _ID_PATTERN.match(value):
        raise ValidationFailed(
            _("An ID number has 18 characters: 17 digits and a digit or X."),
            code="invalid_id_number",
            field=field,
        )
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationFailed(
            _("The birth date inside the ID number is not a real date."),
            code="invalid_id_number",
            field=field,
        ) from None
    if id_number_check_digit(value[:17]) != value[17]:
        raise ValidationFailed(
            _("The ID number's check digit is wrong; please check it for a typo."),
            code="invalid_id_number",
            field=field,
        )
    return value


def id_number_birth_date(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def mask_id_number(value: str) -> str:
    """Show the region prefix and the last four characters only: 440***********1234."""
    if not value:
        return ""
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def normalize_mobile(raw: str, *, field: str = "phone") -> str:
    """Return an 11-digit mainland mobile number, accepting +86, spaces and dashes."""
    value = re.sub(r"[\s\-()]", "", raw.strip())
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    if not _MOBILE_PATTERN.match(value):
        raise ValidationFailed(
            _("A mobile number has 11 digits and starts with 13 to 19."),
            code="invalid_phone",
            field=field,
        )
    return value


def mask_mobile(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) == 11 else value
