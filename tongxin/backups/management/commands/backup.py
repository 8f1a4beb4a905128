"""``manage.py backup``: one consistent archive of the database and media, old ones pruned."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.backups.errors import BackupError
from tongxin.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent archive (database snapshot, media files, manifest) to "
        "TONGXIN_BACKUP_DIR, encrypted when TONGXIN_BACKUP_KEY is set, and prune old archives."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", type=Path, help="instead of TONGXIN_BACKUP_DIR")
        parser.add_argument("--no-prune", action="store_true", help="keep every archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(folder=options["folder"], prune=not options["no_prune"])
        except BackupError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        counts = result.manifest["row_counts"]
        self.stdout.write(
            f"{result.path} ({result.path.stat().st_size} bytes, {len(counts)} tables, "
            f"{sum(counts.values())} rows, {len(result.manifest['files']) - 1} media files, "
            f"{'encrypted' if result.manifest['encrypted'] else 'not encrypted'})"
        )
        for path in result.pruned:
            self.stdout.write(f"pruned {path.name}")
