"""Small checks the quiz services share."""

from django.utils.translation import gettext as _

from tongxin.core.errors import InvalidTransition, ValidationFailed

from ..choices import QUIZ_TRANSITIONS, QuizStatus


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


def require_quiz_status(current: str, *allowed: str) -> None:
    if current not in allowed:
        raise InvalidTransition(
            _("This cannot be done while the quiz is “%(status)s”.")
            % {"status": QuizStatus(current).label}
        )


def check_quiz_transition(current: str, target: str) -> None:
    if target not in QUIZ_TRANSITIONS.get(current, frozenset()):
        require_quiz_status(current)
