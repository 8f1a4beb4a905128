"""``manage.py restore ARCHIVE``: check an archive and restore it into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.backups.errors import BackupError
from tongxin.backups.services import backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by 'manage.py backup' into an empty database (the configured "
        "one unless --sqlite-path or --pg-dbname names another) and the media folder. Checks "
        "checksums, key and schema version first; reports the row counts restored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--sqlite-path", type=Path)
        parser.add_argument("--pg-dbname")
        parser.add_argument("--media-root", type=Path)
        parser.add_argument("--check", action="store_true", help="only check the archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                manifest = backup_check(path=options["archive"])
                self.stdout.write(
                    f"intact: {manifest['created_at']}, {manifest['engine']}, "
                    f"{sum(manifest['row_counts'].values())} rows"
                )
                return
            result = backup_restore(
                path=options["archive"],
                sqlite_path=options["sqlite_path"],
                pg_dbname=options["pg_dbname"],
                media_root=options["media_root"],
            )
        except BackupError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        for table, count in sorted(result.row_counts.items()):
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(result.row_counts.values())} rows in {len(result.row_counts)} "
                f"tables and {result.media_files} media files from "
                f"{result.manifest['created_at']}."
            )
        )
