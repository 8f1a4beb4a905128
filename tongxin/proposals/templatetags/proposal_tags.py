"""Small template helpers of the proposal pages."""

from django import template

register = template.Library()

_BADGES = {
    "co_signing": "warn",
    "submitted": "warn",
    "accepted": "ok",
    "assigned": "warn",
    "replied": "ok",
    "closed": "ok",
    "rejected": "err",
    "disputed": "err",
    "satisfied": "ok",
    "basically_satisfied": "ok",
    "unsatisfied": "err",
}


@register.filter
def badge(status: str) -> str:
    """The badge colour class for a proposal status or a rating."""
    return _BADGES.get(status, "")
