"""Template filters and tags used across apps: money, masking, paging links."""

import re
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


FEN_SUFFIX = re.compile(r"\s*[(\uff08](fen|\u5206)[)\uff09]\s*$")


def _field_of(model: Any, key: str) -> Any:
    try:
        return model._meta.get_field(key) if model is not None else None
    except FieldDoesNotExist:
        return None


# Names of recorded changes that are not fields of the record itself.
CHANGE_LABELS = {
    "source": gettext_lazy("Source"),
    "lines": gettext_lazy("Lines"),
    "count": gettext_lazy("Count"),
    "rows": gettext_lazy("Rows"),
    "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"),
    "year": gettext_lazy("Year"),
    "person": gettext_lazy("Person"),
    "filters": gettext_lazy("Filters"),
    "reversal": gettext_lazy("Reversal"),
    "reversal_entry": gettext_lazy("Reversal entry"),
    "questions": gettext_lazy("Questions"),
    "scores": gettext_lazy("Scores"),
    "criteria": gettext_lazy("Criteria"),
    "on": gettext_lazy("Date"),
    "step": gettext_lazy("Step"),
    "stage": gettext_lazy("Stage"),
    "seed": gettext_lazy("Lottery seed"),
    "size": gettext_lazy("Size"),
    "subject": gettext_lazy("Subject"),
    "prize": gettext_lazy("Prize"),
    "judge": gettext_lazy("Judge"),
}
RECORD_REF = re.compile(r"^([a-z_]+)\.([a-z_]+):(\d+)$")


def _field_label_and_display(model: Any, key: str) -> tuple[str, dict[str, str]]:
    field = _field_of(model, key)
    if field is None or not hasattr(field, "verbose_name"):
        # Not a field of the record: a known change name, else the key in words (translated
        # when some app has that msgid, e.g. "Accounts").
        label = CHANGE_LABELS.get(key)
        return (str(label) if label else _(key.replace("_", " ").capitalize())), {}
    choices = {str(value): str(label) for value, label in (field.flatchoices or [])}
    return str(field.verbose_name), choices


def audit_value(value: Any, *, key: str = "", field: Any = None, choices: Any = None) -> str:
    """One recorded value as a person reads it: choice labels, yes/no, local times, yuan."""
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        if any(isinstance(item, list | dict) for item in value):
            # Rows of a record (lines of an entry, …): the page above shows them in full.
            return ngettext("%(count)d row", "%(count)d rows", len(value)) % {"count": len(value)}
        parts = [audit_value(item, key=key, field=field, choices=choices) for item in value]
        return ", ".join(part for part in parts if part)
    reference = RECORD_REF.match(value) if isinstance(value, str) else None
    if reference:
        app_label, model_name, pk = reference.groups()
        try:
            name = apps.get_model(app_label, model_name)._meta.verbose_name
        except LookupError:
            return str(value)
        return f"{name} #{pk}"
    if choices and str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        truthy = value if isinstance(value, bool) else str(value).lower() in ("true", "1")
        return str(_("Yes") if truthy else _("No"))
    if key.endswith("_fen") and isinstance(value, int | str) and str(value).lstrip("-").isdigit():
        return f"\u00a5{format_fen(int(value))}"
    if isinstance(value, str) and "T" in value:
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "Y-m-d H:i")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {audit_value(v, key=k)}" for k, v in value.items())
    return str(value)


@register.filter
def audit_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """An audit event's changes as ``(field label, before, after)`` rows, each value as a
    person reads it (see ``audit_value``); a value that is not a before/after pair is shown
    as "after"."""
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
        if key.endswith("_fen"):
            label = FEN_SUFFIX.sub("", label)
        field = _field_of(model, key)
        pair = value if isinstance(value, list) and len(value) == 2 else [None, value]
        before, after = (audit_value(item, key=key, field=field, choices=choices) for item in pair)
        rows.append((label, before, after))
    return rows


class NavSectionNode(template.Node):
    def __init__(self, key: str, label: Any, nodelist: template.NodeList) -> None:
        self.key = key
        self.label = label
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        body = self.nodelist.render(context)
        if "<a " not in body:
            return ""
        return format_html(
            '<details class="nav-group" data-testid="nav-group-{}"><summary>{}</summary>'
            '<div class="nav-group-links">{}</div></details>',
            self.key,
            self.label.resolve(context),
            mark_safe(body),
        )


@register.tag
def navsection(parser: template.base.Parser, token: template.base.Token) -> NavSectionNode:
    """``{% navsection "key" _("Label") %}links{% endnavsection %}``: a menu section, shown
    as a drop-down on wide screens and a fold in the phone's drawer; left out entirely when
    the actor may use none of its links."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("navsection takes a key and a label")
    nodelist = parser.parse(("endnavsection",))
    parser.delete_first_token()
    return NavSectionNode(bits[1].strip("\"'"), parser.compile_filter(bits[2]), nodelist)
