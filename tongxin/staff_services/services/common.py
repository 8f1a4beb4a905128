"""Small checks every staff-services service shares: text, amounts, step dates, transitions."""

import datetime as dt
from collections.abc import Mapping

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.core.schemas import MAX_FEN
from tongxin.members.choices import EmploymentStatus
from tongxin.members.models import Person

from ..errors import StaffServicesErrorCode as E


def clean_text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Trim ``value``; refuse it empty (when required) or longer than ``max_length``."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed(_("This field cannot be empty."), field=field)
    if len(cleaned) > max_length:
        raise ValidationFailed(
            _("At most %(count)d characters, please.") % {"count": max_length}, field=field
        )
    return cleaned


def check_fen(value: object, *, field: str, positive: bool = False) -> int:
    """An amount in fen: a whole number, not negative (above zero when ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(_("Enter an amount in yuan."), code="invalid_amount", field=field)
    if value < 0 or (positive and value == 0) or value > MAX_FEN:
        message = (
            _("The amount must be more than zero.")
            if positive
            else _("The amount cannot be negative.")
        )
        raise ValidationFailed(message, code="invalid_amount", field=field)
    return value


def check_date(value: object, *, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationFailed(_("Enter a date as YYYY-MM-DD."), field=field)
    return value


def step_day(
    on: dt.date | None, *, field: str = "on", not_before: dt.date | None = None
) -> dt.date:
    """The date a step happened: today by default, never in the future, never before the
    previous step (paper records are entered late, but not dated before what they follow)."""
    today = timezone.localdate()
    day = today if on is None else check_date(on, field=field)
    if day > today:
        raise ValidationFailed(
            _("The date cannot be in the future."), code=E.DATE_IN_FUTURE, field=field
        )
    if not_before is not None and day < not_before:
        raise ValidationFailed(
            _("The date cannot be before the previous step (%(date)s).")
            % {"date": not_before.isoformat()},
            code=E.DATE_BEFORE_PREVIOUS_STEP,
            field=field,
        )
    return day


def check_on_staff(person: Person) -> None:
    """Services are for the school's staff: not for people who left or died."""
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        raise DomainError(
            _("%(name)s is no longer on the school's staff.") % {"name": person.name},
            code=E.NOT_A_MEMBER,
        )


def check_transition(
    current: str, target: str, table: Mapping[str, frozenset[str]], labels: type[TextChoices]
) -> None:
    """Raise ``InvalidTransition`` unless ``current → target`` is in the transition table."""
    if target not in table.get(current, frozenset()):
        raise InvalidTransition(
            _("This cannot be done while the status is “%(status)s”.")
            % {"status": labels(current).label}
        )
