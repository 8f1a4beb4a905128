"""Re-encrypting every encrypted field under the first of ``TONGXIN_FIELD_KEYS``.

``rotate_field_keys`` walks every model found by ``crypto.encrypted_fields()`` in primary-key
order, a batch per transaction, and re-encrypts each non-empty value with the first key
(``MultiFernet.rotate``). A ``KeyRotationCheckpoint`` per (model, new key) records the last
primary key done, so an interrupted run resumes where it stopped. A last sweep per model
re-encrypts any value still under an old key (written back meanwhile by a service that had
loaded the row before its batch), so a finished run leaves nothing that needs an old key. Rows are written with ``QuerySet.update`` on the base manager, so
``updated_at`` and the models' own rules are untouched: the clear values do not change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from . import crypto
from .models import KeyRotationCheckpoint

Progress = Callable[[str, int, int], None]


@dataclass
class RotationResult:
    model_label: str
    rows_done: int
    total: int
    was_finished: bool
    swept: int = 0


def _batch(model: type[models.Model], fields: list[str], after: int, size: int) -> list[tuple]:
    qs = model._base_manager.filter(pk__gt=after).order_by("pk").values_list("pk", *fields)
    return list(qs.select_for_update()[:size])


def _rotate_model(
    model: type[models.Model], fields: list[str], fingerprint: str, size: int, progress: Progress
) -> RotationResult:
    label = model._meta.label_lower
    checkpoint, _created = KeyRotationCheckpoint.objects.get_or_create(
        model_label=label, key_fingerprint=fingerprint
    )
    total = model._base_manager.count()
    if checkpoint.finished_at is not None:
        return RotationResult(label, checkpoint.rows_done, total, was_finished=True)
    while True:
        with transaction.atomic():
            rows = _batch(model, fields, checkpoint.last_pk, size)
            if not rows:
                break
            for pk, *tokens in rows:
                try:
                    changed = {
                        name: crypto.Ciphertext(crypto.reencrypt(token))
                        for name, token in zip(fields, tokens, strict=True)
                        if token
                    }
                except ValueError as exc:
                    raise ValueError(f"{label} row {pk}: no listed key reads it") from exc
                if changed:
                    model._base_manager.filter(pk=pk).update(**changed)
            checkpoint.last_pk = rows[-1][0]
            checkpoint.rows_done += len(rows)
            checkpoint.save(update_fields=["last_pk", "rows_done", "updated_at"])
        progress(label, checkpoint.rows_done, total)
    checkpoint.finished_at = timezone.now()
    checkpoint.save(update_fields=["finished_at", "updated_at"])
    return RotationResult(label, checkpoint.rows_done, total, was_finished=False)


def _sweep(model: type[models.Model], fields: list[str]) -> int:
    """Re-encrypt values still under an old key (a row saved back by a service that loaded it
    before its batch was rotated); return how many rows it changed."""
    changed_rows = 0
    for pk, *tokens in model._base_manager.order_by("pk").values_list("pk", *fields).iterator():
        stale = [
            name
            for name, token in zip(fields, tokens, strict=True)
            if token and not crypto.is_current(token)
        ]
        if not stale:
            continue
        with transaction.atomic():
            row = model._base_manager.select_for_update().filter(pk=pk).values(*stale).first()
            if row is None:
                continue
            model._base_manager.filter(pk=pk).update(
                **{
                    name: crypto.Ciphertext(crypto.reencrypt(row[name]))
                    for name in stale
                    if row[name]
                }
            )
        changed_rows += 1
    return changed_rows


def rotate_field_keys(
    *, batch_size: int = 500, progress: Progress | None = None
) -> list[RotationResult]:
    """Re-encrypt every encrypted value under the first key; resumable; returns per model.

    Preconditions: ``TONGXIN_FIELD_KEYS`` lists the new key first and every key still in use
    after it (``validate_field_keys`` is checked first). A value no listed key can read stops
    the run with ``ValueError`` naming the model and row; the batches before it stay done.
    """
    crypto.validate_field_keys(crypto.settings.TONGXIN_FIELD_KEYS)
    fingerprint = crypto.primary_key_fingerprint()
    report = progress or (lambda label, done, total: None)
    results = []
    for model, fields in crypto.encrypted_fields():
        result = _rotate_model(model, fields, fingerprint, max(1, batch_size), report)
        result.swept = _sweep(model, fields)
        results.append(result)
    return results
