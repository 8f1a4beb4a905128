"""Small checks and helpers the benefits services share."""

import secrets
from collections.abc import Iterable, Mapping

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from tongxin.core.errors import InvalidTransition, ValidationFailed
from tongxin.orgs.models import SEGMENT_WIDTH, OrgNode

from ..errors import BenefitsErrorCode

MEMBER_ACTIVITIES_KEY = "expense.staff_activities.member_activities"
MAX_UNIT_COST_FEN = 10_000_000  # 100,000 yuan per person: anything above is a typing error


def new_token() -> str:
    """An unguessable code for one receipt's QR code and link."""
    return secrets.token_urlsafe(18)


def clean_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    """Trim ``value``; refuse it empty (when required) or longer than ``max_length``."""
    cleaned = (value or "").strip() if isinstance(value, str) or value is None else None
    if cleaned is None:
        raise ValidationFailed(_("Enter text here."), field=field)
    if required and not cleaned:
        raise ValidationFailed(_("This field cannot be empty."), field=field)
    if len(cleaned) > max_length:
        raise ValidationFailed(
            _("At most %(count)d characters, please.") % {"count": max_length}, field=field
        )
    return cleaned


def check_unit_cost(value: object) -> int:
    """A whole, positive number of fen (a bool or a string is not a number of fen)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(
            _("The cost per person must be an amount in yuan."),
            code=BenefitsErrorCode.INVALID_UNIT_COST,
            field="unit_cost_fen",
        )
    if value <= 0 or value > MAX_UNIT_COST_FEN:
        raise ValidationFailed(
            _("The cost per person must be more than zero and at most 100,000 yuan."),
            code=BenefitsErrorCode.INVALID_UNIT_COST,
            field="unit_cost_fen",
        )
    return value


def require_status(current: str, allowed: Iterable[str], labels: type[TextChoices]) -> None:
    """Raise ``InvalidTransition`` unless the status is one of ``allowed``."""
    if current not in set(allowed):
        raise InvalidTransition(
            _("This cannot be done while the status is “%(status)s”.")
            % {"status": labels(current).label}
        )


def branch_paths(paths: Iterable[str]) -> dict[str, int]:
    """Path of a node → id of its branch (the node on the second level; the school itself for
    people directly under the school). One query."""
    paths = set(paths)
    wanted = {
        path[: 2 * SEGMENT_WIDTH] if len(path) >= 2 * SEGMENT_WIDTH else path for path in paths
    }
    by_path: Mapping[str, int] = dict(
        OrgNode.objects.filter(path__in=wanted).values_list("path", "pk")
    )
    result: dict[str, int] = {}
    for path in paths:
        key = path[: 2 * SEGMENT_WIDTH] if len(path) >= 2 * SEGMENT_WIDTH else path
        result[path] = by_path[key]
    return result
