"""Small template helpers of the voice pages."""

from typing import Any

from django import template

from tongxin.voice import queries

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


@register.simple_tag(takes_context=True)
def voice_awaiting_rating(context: dict[str, Any]) -> int:
    """How many replies wait for the signed-in member's rating (one query)."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return queries.awaiting_rating_count(actor=actor) if actor is not None else 0
