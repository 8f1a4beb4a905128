"""Template filters and tags used across apps: money, masking, paging links."""

from typing import Any

from django import template
from django.http import QueryDict

from tongxin.core.money import format_fen
from tongxin.core.validators import mask_mobile

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Render integer fen as yuan: 123456 → 1,234.56."""
    return format_fen(fen)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_mobile(value or "")


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for paging and filters)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
