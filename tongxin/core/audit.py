"""Recording who changed what: ``record`` inside the service's transaction.

Services call ``record(actor=…, event="person.updated", target=person, changes=…)`` after their
write and before commit. ``snapshot`` and ``diff`` build the before/after map; encrypted fields
are listed as changed without their values, so the audit trail never leaks what encryption
protects. Reads of sensitive data are recorded with ``record_sensitive_read``. Every row joins
its tree root's hash chain (``core.trail``) as it is written.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from django.db import models, transaction

from . import trail
from .models import AuditEvent

REDACTED = "***"

# Event name → translated label, registered by each app (``register_event_labels``) so that
# history panels read "Membership transferred" instead of "membership.transferred".
_EVENT_LABELS: dict[str, Any] = {}


def register_event_labels(labels: Mapping[str, Any]) -> None:
    """Add an app's ``{event name: gettext_lazy label}`` map (call it from ``ready()``)."""
    _EVENT_LABELS.update(labels)


def event_label(event: str) -> str:
    """The translated label of an audit event name, or the name itself if none is known."""
    label = _EVENT_LABELS.get(event)
    return str(label) if label is not None else event


class AuditActor(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def label(self) -> str: ...


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str], *, redacted: Iterable[str] = ()) -> dict:
    """Return the named fields of ``obj`` as JSON-safe values (FKs as ids)."""
    hidden = set(redacted)
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        raw = getattr(obj, field.attname)  # type: ignore[union-attr]
        values[name] = (REDACTED if raw else "") if name in hidden else _json_safe(raw)
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Map each changed key to ``[before, after]``."""
    keys = set(before) | set(after)
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def _row(
    actor: AuditActor,
    event: str,
    target: models.Model,
    changes: Mapping[str, Any] | None,
    node_path: str,
    is_sensitive_read: bool = False,
) -> AuditEvent:
    return AuditEvent(
        actor_user_id=actor.user_id,
        actor_label=actor.label[:120],
        event=event,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        node_path=node_path,
        changes={key: _json_safe(value) for key, value in (changes or {}).items()},
        is_sensitive_read=is_sensitive_read,
    )


def record(
    *,
    actor: AuditActor,
    event: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    node_path: str = "",
    is_sensitive_read: bool = False,
) -> AuditEvent:
    """Write one audit event; call it inside the transaction of the change it describes.

    ``is_sensitive_read`` marks an event that also disclosed sensitive data (an export with
    clear ID numbers), so the PIPL access log lists it with the other sensitive reads.
    """
    row = _row(actor, event, target, changes, node_path, is_sensitive_read)
    with transaction.atomic(savepoint=False):
        trail.audit_chain_rows([row])
        row.save(force_insert=True)
    return row


def record_many(
    *,
    actor: AuditActor,
    event: str,
    items: Iterable[tuple[models.Model, Mapping[str, Any] | None, str]],
) -> int:
    """Write one event per ``(target, changes, node_path)`` in a single bulk insert."""
    rows = [_row(actor, event, target, changes, path) for target, changes, path in items]
    with transaction.atomic(savepoint=False):
        trail.audit_chain_rows(rows)
        AuditEvent.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def record_sensitive_read(
    *, actor: AuditActor, event: str, target: models.Model, fields: Iterable[str], node_path: str
) -> AuditEvent:
    """Log that ``actor`` saw the clear value of sensitive ``fields`` of ``target``."""
    row = _row(actor, event, target, {"fields": list(fields)}, node_path, is_sensitive_read=True)
    with transaction.atomic(savepoint=False):
        trail.audit_chain_rows([row])
        row.save(force_insert=True)
    return row


def history(target: models.Model, *, limit: int = 50) -> list[AuditEvent]:
    """The latest audit events of one record, newest first (one query).

    The caller must already have checked that the actor may see ``target``.
    """
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))[
            :limit
        ]
    )
