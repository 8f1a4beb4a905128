"""``manage.py rotate_field_keys``: re-encrypt every encrypted field under the first key."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.core import crypto
from tongxin.core.keyrotation import rotate_field_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key of TONGXIN_FIELD_KEYS, in "
        "batches, resuming from the last checkpoint. Keep the old keys listed until it ends."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(label: str, done: int, total: int) -> None:
            self.stdout.write(f"{label}: {done}/{total}")

        try:
            results = rotate_field_keys(batch_size=options["batch_size"], progress=progress)
        except (ValueError, crypto.ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            state = "already done" if result.was_finished else "done"
            self.stdout.write(f"{result.model_label}: {result.rows_done} rows {state}")
        self.stdout.write(
            self.style.SUCCESS(
                f"All encrypted fields are under key {crypto.primary_key_fingerprint()}."
            )
        )
