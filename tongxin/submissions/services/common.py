"""Small checks the submission services share: text, transitions, locking the call."""

from collections.abc import Iterable, Mapping

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from tongxin.core.errors import InvalidTransition, ValidationFailed

from ..models import SubmissionCall


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
    require_status(
        current, [status for status, targets in table.items() if target in targets], labels
    )


def lock_call(call: SubmissionCall) -> SubmissionCall:
    """Lock the call's row: every write that counts works, judges or prizes of a call takes it
    first, so two writers cannot both pass a count."""
    return (
        SubmissionCall.objects.select_for_update(of=("self",))
        .select_related("node", "school")
        .get(pk=call.pk)
    )


def age_on(birth_on, day) -> int:  # type: ignore[no-untyped-def]
    """Whole years of age on ``day``."""
    return day.year - birth_on.year - ((day.month, day.day) < (birth_on.month, birth_on.day))
