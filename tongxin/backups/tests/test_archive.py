"""Archives: encryption, clear refusals that change nothing, and retention."""

import datetime as dt
import json
import sqlite3
import tarfile

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from tongxin.backups import services
from tongxin.backups.errors import BackupError, BackupErrorCode
from tongxin.members.models import Person

pytestmark = [
    pytest.mark.only_on("sqlite"),  # archives of PostgreSQL: test_drill_postgres.py
    # the backup reads committed rows through a connection of its own
    pytest.mark.django_db(transaction=True),
]
KEY = Fernet.generate_key().decode()


@pytest.fixture
def made(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "a.txt").write_text("attachment")
    return services.backup_create(folder=tmp_path / "backups", key="")


@pytest.fixture
def sealed(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return services.backup_create(folder=tmp_path / "sealed", key=KEY)


def _refused(code, **kwargs):
    with pytest.raises(BackupError) as error:
        services.backup_restore(**kwargs)
    assert error.value.code == code
    return error.value


def test_manifest_describes_the_snapshot(made):
    manifest = made.manifest
    assert manifest["engine"] == "sqlite"
    assert manifest["schema"]["migrations"] == services.code_schema()
    assert manifest["row_counts"]["members_person"] == Person.objects.count()
    assert set(manifest["files"]) == {"database.sqlite3", "media/a.txt"}
    with tarfile.open(made.path) as tar:
        assert set(tar.getnames()) == {"manifest.json", "database.sqlite3", "media/a.txt"}


def test_encrypted_archive_restores_with_the_key_only(sealed, tmp_path):
    assert sealed.path.name.endswith(".tar.enc")
    assert b"members_person" not in sealed.path.read_bytes()
    target = tmp_path / "t.sqlite3"
    _refused(BackupErrorCode.KEY_REQUIRED, path=sealed.path, key="", sqlite_path=target)
    _refused(
        BackupErrorCode.WRONG_KEY,
        path=sealed.path,
        key=Fernet.generate_key().decode(),
        sqlite_path=target,
    )
    assert not target.exists()
    restored = services.backup_restore(path=sealed.path, key=KEY, sqlite_path=target)
    assert restored.row_counts == sealed.manifest["row_counts"]


def test_altered_encrypted_archive_is_refused(sealed, tmp_path):
    data = bytearray(sealed.path.read_bytes())
    data[100] ^= 1
    sealed.path.write_bytes(bytes(data))
    target = tmp_path / "t.sqlite3"
    _refused(BackupErrorCode.WRONG_KEY, path=sealed.path, key=KEY, sqlite_path=target)
    assert not target.exists()


def test_corrupt_archive_is_refused_and_nothing_is_written(made, tmp_path):
    data = bytearray(made.path.read_bytes())
    position = data.find(b"SQLite format 3")
    data[position + 5000] ^= 0xFF
    made.path.write_bytes(bytes(data))
    target = tmp_path / "t.sqlite3"
    error = _refused(BackupErrorCode.CORRUPT_ARCHIVE, path=made.path, sqlite_path=target)
    assert "database.sqlite3" in error.message
    assert not target.exists()


def test_truncated_archive_is_refused(made, tmp_path):
    made.path.write_bytes(made.path.read_bytes()[:2000])
    _refused(BackupErrorCode.CORRUPT_ARCHIVE, path=made.path, sqlite_path=tmp_path / "t")


def test_schema_mismatch_is_refused_with_a_clear_message(made, tmp_path):
    # given an archive made by a version with one migration this code does not have
    work = tmp_path / "work"
    with tarfile.open(made.path) as tar:
        tar.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text())
    manifest["schema"]["migrations"].append("funds.9999_from_the_future")
    manifest["schema"]["hash"] = services.schema_hash(manifest["schema"]["migrations"])
    (work / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(made.path, "w") as tar:
        for name in ("manifest.json", "database.sqlite3", "media/a.txt"):
            tar.add(work / name, arcname=name)
    target = tmp_path / "t.sqlite3"
    error = _refused(BackupErrorCode.SCHEMA_MISMATCH, path=made.path, sqlite_path=target)
    assert "funds.9999_from_the_future" in error.message
    assert not target.exists()


def test_restore_into_a_database_with_tables_is_refused(made, tmp_path):
    target = tmp_path / "t.sqlite3"
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE kept (id INTEGER)")
    db.execute("INSERT INTO kept VALUES (1)")
    db.commit()
    db.close()
    _refused(BackupErrorCode.TARGET_NOT_EMPTY, path=made.path, sqlite_path=target)
    db = sqlite3.connect(target)
    assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("kept",)]
    db.close()


def test_media_file_that_differs_is_not_overwritten(made, tmp_path):
    media = tmp_path / "other-media"
    media.mkdir()
    (media / "a.txt").write_text("something else")
    target = tmp_path / "t.sqlite3"
    _refused(BackupErrorCode.TARGET_NOT_EMPTY, path=made.path, sqlite_path=target, media_root=media)
    assert (media / "a.txt").read_text() == "something else"
    assert not target.exists()


def test_commands_back_up_check_and_restore(cast, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", "--folder", str(tmp_path / "b"))
    archive = next((tmp_path / "b").iterdir())
    call_command("restore", str(archive), "--check")
    call_command("restore", str(archive), "--sqlite-path", str(tmp_path / "r.sqlite3"))
    out = capsys.readouterr().out
    assert "not encrypted" in out
    assert "intact" in out
    assert f"members_person: {Person.objects.count()}" in out
    with pytest.raises(CommandError, match="target_not_empty"):
        call_command("restore", str(archive), "--sqlite-path", str(tmp_path / "r.sqlite3"))


def test_prune_keeps_daily_weekly_and_monthly(tmp_path):
    start = dt.datetime(2026, 12, 7, 2, 30, tzinfo=dt.UTC)
    names = []
    for days in range(400):
        stamp = (start - dt.timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        (tmp_path / f"tongxin-{stamp}.tar").write_bytes(b"")
        names.append(f"tongxin-{stamp}.tar")
    (tmp_path / "notes.txt").write_text("not an archive")
    deleted = services.backup_prune(folder=tmp_path, daily=7, weekly=4, monthly=12)
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("tongxin-"))
    assert names[0] in kept
    assert all(name in kept for name in names[:7])
    assert 7 + 1 <= len(kept) <= 7 + 4 + 12
    months = {name[8:14] for name in kept}
    assert len(months) == 12
    assert (tmp_path / "notes.txt").exists()
    assert len(deleted) == 400 - len(kept)


def test_invalid_backup_key_is_refused_before_anything(cast, tmp_path):
    with pytest.raises(BackupError) as error:
        services.backup_create(folder=tmp_path / "b", key="short")
    assert error.value.code == BackupErrorCode.INVALID_KEY
    assert not (tmp_path / "b").exists()
