"""Small checks every voice service shares: text, step dates, eligibility, transitions."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.members.choices import EmploymentStatus
from tongxin.members.models import Person

from ..errors import VoiceErrorCode


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


def step_day(
    on: dt.date | None, *, field: str = "on", not_before: dt.date | None = None
) -> dt.date:
    """The date a step happened: today by default, never in the future, never before the
    previous step (a paper reply may be entered later, but not dated before it was asked)."""
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise ValidationFailed(
            _("The date cannot be in the future."), code=VoiceErrorCode.DATE_IN_FUTURE, field=field
        )
    if not_before is not None and day < not_before:
        raise ValidationFailed(
            _("The date cannot be before the previous step (%(date)s).")
            % {"date": not_before.isoformat()},
            code=VoiceErrorCode.DATE_BEFORE_PREVIOUS_STEP,
            field=field,
        )
    return day


def check_eligible(person: Person) -> None:
    """Staff who have left the school or died cannot make wishes or file requests."""
    if person.employment_status in (EmploymentStatus.LEFT, EmploymentStatus.DECEASED):
        raise DomainError(
            _("%(name)s is no longer on the school's staff.") % {"name": person.name},
            code=VoiceErrorCode.NOT_ELIGIBLE,
        )


def require_status(current: str, allowed: Iterable[str], labels: type[TextChoices]) -> None:
    """Raise ``InvalidTransition`` unless the status is one of ``allowed``."""
    if current not in set(allowed):
        raise InvalidTransition(
            _("This cannot be done while the status is “%(status)s”.")
            % {"status": labels(current).label}
        )


def check_transition(
    current: str, target: str, table: Mapping[str, frozenset[str]], labels: type[TextChoices]
) -> None:
    """Raise ``InvalidTransition`` unless ``current → target`` is in the transition table."""
    require_status(
        current, [status for status, targets in table.items() if target in targets], labels
    )
