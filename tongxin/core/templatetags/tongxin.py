"""Template filters and tags used across apps: money, masking, paging links."""

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.http import QueryDict
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.models import AuditEvent
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


@register.filter
def audit_label(event_name: str) -> str:
    """The translated label of an audit event name (``person.updated`` → "Record changed")."""
    return audit.event_label(event_name)


def _field_label_and_display(model: Any, key: str) -> tuple[str, dict[str, str]]:
    try:
        field = model._meta.get_field(key) if model is not None else None
    except FieldDoesNotExist:
        field = None
    if field is None or not hasattr(field, "verbose_name"):
        return key, {}
    choices = {str(value): str(label) for value, label in (field.flatchoices or [])}
    return str(field.verbose_name), choices


@register.filter
def audit_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """An audit event's changes as ``(field label, before, after)`` rows, choices shown by
    their labels; a value that is not a before/after pair is shown as "after"."""
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for key, value in (event.changes or {}).items():
        if key == "fields" and isinstance(value, list):
            # A sensitive read lists the fields that were shown in clear.
            names = [_field_label_and_display(model, name)[0] for name in value]
            rows.append((str(_("Fields read")), "", ", ".join(names)))
            continue
        label, choices = _field_label_and_display(model, key)
        pair = value if isinstance(value, list) and len(value) == 2 else [None, value]
        before, after = (
            "" if item in (None, "") else choices.get(str(item), str(item)) for item in pair
        )
        rows.append((label, before, after))
    return rows
