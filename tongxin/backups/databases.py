"""Snapshot and restore of the database, one class per engine, below Django's connections.

SQLite: the online backup API copies the live database in one step under a read lock, so the
copy is consistent while the platform writes (a file copy of a live database is not). Row counts
and the applied migrations are read from the copy itself.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot; ``pg_dump --snapshot`` dumps
exactly that snapshot in custom format while the same transaction counts the rows and reads the
applied migrations, so the manifest describes the dump. ``pg_restore --single-transaction``
restores into an empty database: on any error nothing stays.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from .errors import BackupError, BackupErrorCode

Counts = dict[str, int]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _migrations(rows: list[tuple[str, str]]) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in rows)


# -- SQLite -------------------------------------------------------------------------------------


def sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def sqlite_describe(db: sqlite3.Connection) -> tuple[Counts, list[str]]:
    tables = sqlite_tables(db)
    counts = {
        table: db.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]  # noqa: S608
        for table in tables
    }
    applied = (
        _migrations(db.execute("SELECT app, name FROM django_migrations").fetchall())
        if "django_migrations" in tables
        else []
    )
    return counts, applied


def sqlite_snapshot(target: Path) -> tuple[Counts, list[str]]:
    """Copy the live default database into ``target`` and describe the copy.

    A connection of its own reads the committed state (Django's connection may be inside a
    transaction, and a backup from a connection that is writing never finishes).
    """
    name = str(connection.settings_dict["NAME"])
    source = sqlite3.connect(name, uri=name.startswith("file:"), timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: one step, one consistent read
        return sqlite_describe(copy)
    finally:
        copy.close()
        source.close()


def sqlite_is_empty(path: Path) -> bool:
    if not path.exists():
        return True
    db = sqlite3.connect(path)
    try:
        return not sqlite_tables(db)
    finally:
        db.close()


def sqlite_restore(snapshot: Path, target: Path) -> Counts:
    """Copy ``snapshot`` into the empty database file ``target``; return its row counts."""
    source, dest = sqlite3.connect(snapshot), sqlite3.connect(target)
    try:
        source.backup(dest)
        return sqlite_describe(dest)[0]
    finally:
        source.close()
        dest.close()


# -- PostgreSQL ---------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` from PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise BackupError(
            _("%(tool)s is not installed.") % {"tool": name}, code=BackupErrorCode.TOOL_FAILED
        )
    return candidates[-1]


def pg_params(settings_dict: Any, dbname: str | None = None) -> dict[str, str]:
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    return {key: value for key, value in params.items() if value}


def _pg_connect(params: dict[str, str]) -> Any:
    import psycopg

    return psycopg.connect(autocommit=True, **params)  # type: ignore[arg-type]


def _pg_env(params: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    env.update({names[key]: value for key, value in params.items() if key in names})
    return env


def pg_describe(cursor: Any) -> tuple[Counts, list[str]]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - catalogue names
        counts[table] = cursor.fetchone()[0]
    applied: list[str] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = _migrations(cursor.fetchall())
    return counts, applied


def _run(command: list[str], params: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed tool, argument list
        command, env=_pg_env(params), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": done.stderr.strip()[-500:]},
            code=BackupErrorCode.TOOL_FAILED,
        )


def pg_snapshot(target: Path) -> tuple[Counts, list[str]]:
    """Dump the default database into ``target`` (custom format) from one exported snapshot."""
    params = pg_params(connection.settings_dict)
    db = _pg_connect(params)
    try:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with db.cursor() as cursor:
            described = pg_describe(cursor)
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={params['dbname']}",
            ],
            params,
        )
        db.execute("COMMIT")
        return described
    finally:
        db.close()


def pg_is_empty(params: dict[str, str]) -> bool:
    db = _pg_connect(params)
    try:
        row = db.execute(
            "SELECT COUNT(*) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        ).fetchone()
        return bool(row and row[0] == 0)
    finally:
        db.close()


def pg_restore(dump: Path, params: dict[str, str]) -> Counts:
    """Restore ``dump`` into the empty database of ``params`` in one transaction."""
    _run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={params['dbname']}",
            str(dump),
        ],
        params,
    )
    db = _pg_connect(params)
    try:
        with db.cursor() as cursor:
            return pg_describe(cursor)[0]
    finally:
        db.close()
