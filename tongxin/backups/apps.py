"""Backups: consistent archives of the database and the uploaded files, and their restore.

``backup_create`` snapshots the database while the platform serves (SQLite's online backup API,
``pg_dump`` in custom format inside an exported snapshot), adds the media files and a manifest
(time, schema version, row counts, checksums), optionally encrypts the archive and prunes old
ones. ``backup_restore`` checks an archive and restores it into an empty database.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "tongxin.backups"
    label = "backups"
    verbose_name = _("Backups")
