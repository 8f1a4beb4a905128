"""Small template helpers of the staff-services pages."""

from django import template

register = template.Library()

_BADGES = {
    "paid": "ok",
    "placed": "ok",
    "submitted": "warn",
    "forwarded": "warn",
    "reported": "",
    "refused": "err",
    "not_placed": "err",
}


@register.filter
def badge(status: str) -> str:
    """The badge colour class for a claim or application status."""
    return _BADGES.get(status, "")
