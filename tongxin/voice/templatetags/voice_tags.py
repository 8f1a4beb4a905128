"""Small template helpers of the voice pages."""

from django import template

register = template.Library()

_BADGES = {
    "fulfilled": "ok",
    "adopted": "ok",
    "closed": "ok",
    "replied": "ok",
    "routed": "warn",
    "accepted": "warn",
    "submitted": "",
    "declined": "err",
    "withdrawn": "",
    "satisfied": "ok",
    "basically_satisfied": "ok",
    "unsatisfied": "err",
}


@register.filter
def badge(status: str) -> str:
    """The badge colour class for a wish or item status, or a rating."""
    return _BADGES.get(status, "")
