"""Making, checking, restoring and pruning backup archives.

``backup_create`` writes ``tongxin-YYYYmmdd-HHMMSS.tar`` (``.tar.enc`` when a key is given) into
the backup folder: ``manifest.json`` (time, engine, schema version = the applied migrations and
their hash, row counts per table, SHA-256 of every member), the database snapshot and the
media files. ``backup_restore`` opens an archive, checks every checksum and the schema version
against this code's migrations, refuses a target that is not empty, restores, and compares the
restored row counts with the manifest. ``backup_prune`` keeps 7 daily, 4 weekly and 12
monthly archives (settings ``TONGXIN_BACKUP_KEEP_*``).

The field-encryption keys are never in an archive: the encrypted columns travel as ciphertext
and a restore needs the same ``TONGXIN_FIELD_KEYS`` (and ``TONGXIN_LOOKUP_KEY``).
"""

import datetime as dt
import hashlib
import json
import os
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from . import archive, databases
from .errors import BackupError, BackupErrorCode

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAME_RE = re.compile(r"^tongxin-(\d{8}-\d{6})\.tar(\.enc)?$")


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    pruned: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    row_counts: dict[str, int]
    media_files: int


def code_schema() -> list[str]:
    """The migrations this code has on disk, as ``app.name``, sorted."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def schema_hash(migrations: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(migrations)).encode()).hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _snapshot(target: Path) -> tuple[dict[str, int], list[str]]:
    if connection.vendor == "sqlite":
        return databases.sqlite_snapshot(target)
    if connection.vendor == "postgresql":
        return databases.pg_snapshot(target)
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only."), code=BackupErrorCode.WRONG_ENGINE
    )


def _archive_name(folder: Path, now: dt.datetime, encrypted: bool) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return folder / f"tongxin-{stamp}.tar{'.enc' if encrypted else ''}"


def backup_create(
    *,
    folder: Path | None = None,
    key: str | None = None,
    media_root: Path | None = None,
    prune: bool = True,
) -> BackupResult:
    """Write one consistent archive of the database and the media files; prune old ones.

    ``key`` defaults to ``TONGXIN_BACKUP_KEY`` (empty: the archive is not encrypted). Safe
    while the platform serves: the database part is one consistent snapshot.
    """
    folder = Path(folder or settings.TONGXIN_BACKUP_DIR)
    key = settings.TONGXIN_BACKUP_KEY if key is None else key
    if key:
        archive.parse_key(key)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    with tempfile.TemporaryDirectory(dir=folder, prefix=".partial-") as work_dir:
        work = Path(work_dir)
        db_member = DB_MEMBER.get(connection.vendor, "database")
        counts, applied = _snapshot(work / db_member)
        media = _media_files(media_root)
        files = {db_member: archive.sha256_file(work / db_member)}
        files |= {
            f"media/{p.relative_to(media_root).as_posix()}": archive.sha256_file(p) for p in media
        }
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "database": db_member,
            "schema": {"migrations": applied, "hash": schema_hash(applied)},
            "row_counts": counts,
            "files": files,
            "encrypted": bool(key),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        tar_path = work / "archive.tar"
        with tarfile.open(tar_path, "w") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / db_member, arcname=db_member)
            for path in media:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        final = _archive_name(folder, now, bool(key))
        if key:
            archive.encrypt_file(tar_path, work / "archive.enc", key)
            tar_path = work / "archive.enc"
        os.replace(tar_path, final)
    pruned = backup_prune(folder=folder) if prune else []
    return BackupResult(path=final, manifest=manifest, pruned=pruned)


def _corrupt(reason: str) -> BackupError:
    return BackupError(
        _("The archive is damaged: %(reason)s") % {"reason": reason},
        code=BackupErrorCode.CORRUPT_ARCHIVE,
    )


def _open(path: Path, key: str, work: Path) -> tuple[dict[str, Any], Path]:
    """Decrypt if needed, extract, and check every checksum; return the manifest and folder."""
    if not path.is_file():
        raise _corrupt(_("no such file"))
    tar_path = path
    if archive.is_encrypted(path):
        if not key:
            raise BackupError(
                _("The archive is encrypted; set TONGXIN_BACKUP_KEY to the key it was made with."),
                code=BackupErrorCode.KEY_REQUIRED,
            )
        tar_path = work / "archive.tar"
        archive.decrypt_file(path, tar_path, key)
    extracted = work / "extracted"
    try:
        with tarfile.open(tar_path, "r:") as tar:
            manifest_file = tar.extractfile(MANIFEST)
            if manifest_file is None:
                raise _corrupt(_("no manifest"))
            manifest = json.loads(manifest_file.read())
            names = set(manifest["files"])
            for member in tar.getmembers():
                if member.name in names and member.isfile():
                    tar.extract(member, extracted, filter="data")
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise _corrupt(str(error)[:200]) from None
    if manifest.get("format") != FORMAT:
        raise _corrupt(_("unknown format"))
    for name, digest in manifest["files"].items():
        member = extracted / name
        if not member.is_file() or archive.sha256_file(member) != digest:
            raise _corrupt(_("%(member)s does not match its checksum") % {"member": name})
    return manifest, extracted


def backup_check(*, path: Path, key: str | None = None) -> dict[str, Any]:
    """Open and check an archive without restoring it; return its manifest."""
    key = settings.TONGXIN_BACKUP_KEY if key is None else key
    with tempfile.TemporaryDirectory(prefix="tongxin-check-") as work:
        return _open(path, key, Path(work))[0]


def _check_schema(manifest: dict[str, Any]) -> None:
    archived = manifest["schema"]["migrations"]
    if schema_hash(archived) != manifest["schema"]["hash"]:
        raise _corrupt(_("schema hash"))
    ours = code_schema()
    if set(archived) != set(ours):
        only_archive = sorted(set(archived) - set(ours))
        only_code = sorted(set(ours) - set(archived))
        raise BackupError(
            _(
                "The archive's schema does not match this version of Tongxin: the archive has "
                "%(archive)s that this code lacks, and this code has %(code)s that the archive "
                "lacks. Restore with the version that made the archive, then migrate."
            )
            % {
                "archive": ", ".join(only_archive[:5]) or "-",
                "code": ", ".join(only_code[:5]) or "-",
            },
            code=BackupErrorCode.SCHEMA_MISMATCH,
            extra={"archive_only": only_archive, "code_only": only_code},
        )


def _check_media_target(extracted: Path, media_root: Path) -> list[Path]:
    sources = _media_files(extracted / "media")
    for source in sources:
        target = media_root / source.relative_to(extracted / "media")
        if target.exists() and archive.sha256_file(target) != archive.sha256_file(source):
            raise BackupError(
                _("The media folder already holds a different %(file)s.")
                % {"file": target.relative_to(media_root).as_posix()},
                code=BackupErrorCode.TARGET_NOT_EMPTY,
            )
    return sources


def backup_restore(
    *,
    path: Path,
    key: str | None = None,
    sqlite_path: Path | None = None,
    pg_dbname: str | None = None,
    media_root: Path | None = None,
) -> RestoreResult:
    """Restore an archive into an empty database (and the media folder).

    The target is the SQLite file ``sqlite_path`` or the PostgreSQL database ``pg_dbname`` on
    the configured server (defaults: the configured database). Refuses, before writing
    anything, a damaged archive, a wrong key, a schema other than this code's migrations, a
    target database with tables and a media file that would be overwritten. After restoring
    it compares every table's row count with the manifest.
    """
    key = settings.TONGXIN_BACKUP_KEY if key is None else key
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tongxin-restore-") as work:
        manifest, extracted = _open(path, key, Path(work))
        _check_schema(manifest)
        media = _check_media_target(extracted, media_root)
        snapshot = extracted / manifest["database"]
        if manifest["engine"] == "sqlite":
            target = Path(sqlite_path or settings.DATABASES["default"]["NAME"])
            if not databases.sqlite_is_empty(target):
                raise _not_empty(str(target))
            counts = databases.sqlite_restore(snapshot, target)
        elif manifest["engine"] == "postgresql":
            params = databases.pg_params(settings.DATABASES["default"], pg_dbname)
            if not databases.pg_is_empty(params):
                raise _not_empty(params["dbname"])
            counts = databases.pg_restore(snapshot, params)
        else:
            raise _corrupt(_("unknown engine"))
        for source in media:
            target_file = media_root / source.relative_to(extracted / "media")
            target_file.parent.mkdir(parents=True, exist_ok=True)
            if not target_file.exists():
                target_file.write_bytes(source.read_bytes())
    if counts != manifest["row_counts"]:
        differing = sorted(
            t
            for t in set(counts) | set(manifest["row_counts"])
            if counts.get(t) != manifest["row_counts"].get(t)
        )
        raise BackupError(
            _("Restored row counts differ from the manifest in %(tables)s.")
            % {"tables": ", ".join(differing[:10])},
            code=BackupErrorCode.COUNT_MISMATCH,
        )
    return RestoreResult(manifest=manifest, row_counts=counts, media_files=len(media))


def _not_empty(name: str) -> BackupError:
    return BackupError(
        _("The target database %(name)s is not empty; restore only into an empty database.")
        % {"name": name},
        code=BackupErrorCode.TARGET_NOT_EMPTY,
    )


def _stamp(path: Path) -> dt.datetime | None:
    match = NAME_RE.match(path.name)
    if not match:
        return None
    return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)


def backup_prune(
    *, folder: Path, daily: int | None = None, weekly: int | None = None, monthly: int | None = None
) -> list[Path]:
    """Delete archives beyond the newest of each of the last ``daily`` days, ``weekly`` ISO
    weeks and ``monthly`` months (the newest archive is always kept); return those deleted."""
    daily = settings.TONGXIN_BACKUP_KEEP_DAILY if daily is None else daily
    weekly = settings.TONGXIN_BACKUP_KEEP_WEEKLY if weekly is None else weekly
    monthly = settings.TONGXIN_BACKUP_KEEP_MONTHLY if monthly is None else monthly
    dated = sorted(
        ((stamp, path) for path in folder.iterdir() if (stamp := _stamp(path))), reverse=True
    )
    keep: set[Path] = {dated[0][1]} if dated else set()
    for limit, period in (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for stamp, path in dated:
            bucket = period(stamp)
            if bucket not in seen:
                if len(seen) >= limit:
                    break
                seen.append(bucket)
                keep.add(path)
    deleted = [path for _stamp_, path in dated if path not in keep]
    for path in deleted:
        path.unlink()
    return deleted
