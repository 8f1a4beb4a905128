"""The restore drill on PostgreSQL: pg_dump from one snapshot while a thread writes, restore
into a database created for the test (and dropped), compare; and the hash chain stays exact
under concurrent writers with real row locks."""

import threading
import time

import psycopg
import pytest
from django.db import connection, connections

from tongxin.backups import databases, services
from tongxin.backups.errors import BackupError
from tongxin.core import audit, crypto, trail
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .conftest import DIAGNOSIS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.only_on("postgresql"),  # its twin on SQLite: test_drill.py
]


def _writer(school_pk: int, stop: threading.Event, written: list[int], failures: list) -> None:
    try:
        school = OrgNode.objects.get(pk=school_pk)
        while not stop.is_set():
            audit.record(
                actor=Actor.system(), event="drill.written", target=school, node_path=school.path
            )
            written.append(1)
            time.sleep(0.002)
    except BaseException as error:  # noqa: BLE001 - reported by the test
        failures.append(error)
    finally:
        connections["default"].close()


@pytest.fixture
def fresh_database():
    params = databases.pg_params(connection.settings_dict)
    name = f"{params['dbname']}_restore"
    admin = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def test_pg_backup_while_writing_then_restore_matches(
    drill_data, tmp_path, settings, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    stop, written, failures = threading.Event(), [], []
    writer = threading.Thread(target=_writer, args=(drill_data.school.pk, stop, written, failures))
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while len(written) < 5 and not failures and time.monotonic() < deadline:
            time.sleep(0.01)
        result = services.backup_create(folder=tmp_path / "backups")
    finally:
        stop.set()
        writer.join()
    assert not failures
    assert result.path.name.endswith(".tar")
    restored = services.backup_restore(
        path=result.path, pg_dbname=fresh_database, media_root=tmp_path / "m"
    )
    assert restored.row_counts == result.manifest["row_counts"]
    with psycopg.connect(**databases.pg_params(connection.settings_dict, fresh_database)) as db:
        restored_balances = db.execute(
            "SELECT id, balance_fen FROM funds_fundaccount ORDER BY id"
        ).fetchall()
        tokens = db.execute("SELECT diagnosis FROM care_carevisit").fetchall()
        id_numbers = db.execute(
            "SELECT id_number FROM members_person WHERE id = %s",
            [drill_data.people["branch_a_member"].pk],
        ).fetchall()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, balance_fen FROM funds_fundaccount ORDER BY id")
        assert [tuple(row) for row in restored_balances] == [tuple(r) for r in cursor.fetchall()]
    assert [crypto.decrypt(token) for (token,) in tokens] == [DIAGNOSIS]
    assert crypto.decrypt(id_numbers[0][0]) == "440101198001010017"
    # and a second restore into the now filled database is refused, changing nothing
    with pytest.raises(BackupError):
        services.backup_restore(path=result.path, pg_dbname=fresh_database)


def test_chain_stays_exact_under_concurrent_writers(cast):
    school_pk = cast.school.pk
    stop, written, failures = threading.Event(), [], []
    writers = [
        threading.Thread(target=_writer, args=(school_pk, stop, written, failures))
        for _ in range(4)
    ]
    for writer in writers:
        writer.start()
    time.sleep(2)
    stop.set()
    for writer in writers:
        writer.join()
    assert not failures
    assert len(written) > 20
    checks = trail.verify_all()
    assert all(check.is_intact for check in checks), [(c.chain, c.problem) for c in checks]
