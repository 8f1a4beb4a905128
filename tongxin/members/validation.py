"""Field rules for a person's data, shared by forms, the API, services and the roster import.

``clean_person_data`` returns the cleaned values and *every* problem found (the import lists
all reasons for a row), each a ``ValidationFailed`` naming its field.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.core.validators import id_number_birth_date, normalize_id_number, normalize_mobile

from .choices import EmploymentStatus, Gender, StaffCategory
from .errors import MembersErrorCode

PERSON_FIELDS = (
    "staff_number",
    "name",
    "gender",
    "birth_on",
    "phone",
    "email",
    "id_number",
    "department",
    "employment_status",
    "hire_on",
    "wage_base_fen",
    "staff_category",
    "is_leader",
)
_STAFF_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{0,31}$")
_EARLIEST = dt.date(1900, 1, 1)


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValidationFailed(_("Not a date."), code=MembersErrorCode.INVALID_DATE, field=field)
    if value < _EARLIEST or value > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationFailed(
            _("The date %(date)s is not plausible.") % {"date": value.isoformat()},
            code=MembersErrorCode.INVALID_DATE,
            field=field,
        )
    return value


def _clean_one(name: str, value: Any) -> Any:
    if name == "staff_number":
        text = _text(value)
        if not _STAFF_NUMBER.match(text):
            raise ValidationFailed(
                _("A staff number has 1 to 32 letters, digits or dashes."), field=name
            )
        return text
    if name == "name":
        text = _text(value)
        if not text or len(text) > 50:
            raise ValidationFailed(_("Enter a name of at most 50 characters."), field=name)
        return text
    if name == "gender":
        if value not in Gender.values:
            raise ValidationFailed(_("Choose male or female."), field=name)
        return value
    if name in {"birth_on", "hire_on"}:
        return _date(value, name)
    if name == "phone":
        text = _text(value)
        return normalize_mobile(text, field=name) if text else ""
    if name == "email":
        text = _text(value)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise ValidationFailed(_("Enter a valid e-mail address."), field=name) from None
        return text.lower()
    if name == "id_number":
        text = _text(value)
        return normalize_id_number(text, field=name) if text else ""
    if name == "department":
        text = _text(value)
        if len(text) > 100:
            raise ValidationFailed(_("A department name has at most 100 characters."), field=name)
        return text
    if name == "employment_status":
        if value not in EmploymentStatus.values:
            raise ValidationFailed(_("Unknown employment status."), field=name)
        return value
    if name == "wage_base_fen":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationFailed(_("The wage base must be zero or more."), field=name)
        return value
    if name == "staff_category":
        if (value or "") not in StaffCategory.values:
            raise ValidationFailed(_("Unknown staff category."), field=name)
        return value or ""
    if name == "is_leader":
        if value in (None, ""):
            return False
        if not isinstance(value, bool):
            raise ValidationFailed(_("Answer yes or no."), field=name)
        return value
    raise KeyError(name)


def clean_person_data(
    data: Mapping[str, Any], *, required: bool = True
) -> tuple[dict[str, Any], list[ValidationFailed]]:
    """Clean the person fields present in ``data``; with ``required`` the key ones must be there.

    Cross-field rule: a birth date or gender given alongside an ID number must agree with it
    (GB 11643 encodes both), which catches most swapped or mistyped rows in a roster.
    """
    cleaned: dict[str, Any] = {}
    problems: list[ValidationFailed] = []
    if required:
        problems.extend(
            ValidationFailed(_("This field is required."), field=key)
            for key in ("staff_number", "name", "gender")
            if _text(data.get(key)) == ""
        )
    for name in PERSON_FIELDS:
        if name not in data or any(p.field == name for p in problems):
            continue
        try:
            cleaned[name] = _clean_one(name, data[name])
        except ValidationFailed as exc:
            problems.append(exc)
    id_number = cleaned.get("id_number")
    if id_number:
        if cleaned.get("birth_on") and cleaned["birth_on"] != id_number_birth_date(id_number):
            problems.append(
                ValidationFailed(
                    _("The birth date does not match the ID number."),
                    code=MembersErrorCode.INVALID_ID_NUMBER,
                    field="birth_on",
                )
            )
        implied = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
        if cleaned.get("gender") and cleaned["gender"] != implied:
            problems.append(
                ValidationFailed(
                    _("The gender does not match the ID number."),
                    code=MembersErrorCode.INVALID_ID_NUMBER,
                    field="gender",
                )
            )
    return cleaned, problems


def require_clean(data: Mapping[str, Any], *, required: bool = True) -> dict[str, Any]:
    """Like ``clean_person_data`` but raise the first problem."""
    cleaned, problems = clean_person_data(data, required=required)
    if problems:
        raise problems[0]
    return cleaned
