"""The restore drill: back up while writes go on, restore into a fresh database, compare."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.db import connections

from tongxin.backups import services
from tongxin.care.models import CareVisit
from tongxin.core import audit, crypto, trail
from tongxin.funds.models import FundAccount
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode
from tongxin.testing.burst import file_database, in_thread

from .conftest import DIAGNOSIS, bound_to

pytestmark = pytest.mark.only_on("sqlite")  # its twin on PostgreSQL: test_drill_postgres.py


def _counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return services.databases.sqlite_describe(db)[0]
    finally:
        db.close()


def _balances() -> list[tuple[int, int]]:
    return list(FundAccount.objects.order_by("pk").values_list("pk", "balance_fen"))


@pytest.mark.django_db(transaction=True)
def test_backup_while_writing_then_restore_matches(drill_data, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "works").mkdir(parents=True)
    (tmp_path / "media" / "works" / "painting.png").write_bytes(b"\x89PNG picture")
    school_pk = drill_data.school.pk
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def write_audit_rows() -> None:
        try:
            school = OrgNode.objects.get(pk=school_pk)
            while not stop.is_set():
                audit.record(
                    actor=Actor.system(),
                    event="drill.written",
                    target=school,
                    node_path=school.path,
                )
                written.append(1)
                time.sleep(0.002)
        except BaseException as error:
            failures.append(error)
            raise

    with file_database() as bind:
        source = Path(in_thread(bind, lambda: connections["default"].settings_dict["NAME"]))
        # given a thread writing audit rows all through the backup
        writer = threading.Thread(target=in_thread, args=(bind, write_audit_rows))
        writer.start()
        try:
            deadline = time.monotonic() + 60
            while len(written) < 5 and not failures and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not failures, failures
            result = in_thread(bind, lambda: services.backup_create(folder=tmp_path / "backups"))
            during = len(written)
        finally:
            stop.set()
            writer.join()
        assert during > 5
        source_counts = _counts(source)
        with bound_to(source):
            balances = _balances()
    # when the archive is restored into a fresh database
    target = tmp_path / "restored.sqlite3"
    media = tmp_path / "restored-media"
    restored = services.backup_restore(path=result.path, sqlite_path=target, media_root=media)
    # then every table matches the manifest; all but the audit trail match the source
    assert restored.row_counts == result.manifest["row_counts"]
    for table, count in restored.row_counts.items():
        if table not in {"core_auditevent", "core_trailhead"}:
            assert count == source_counts[table], table
    assert restored.row_counts["core_auditevent"] < source_counts["core_auditevent"]
    assert (media / "works" / "painting.png").read_bytes() == b"\x89PNG picture"
    assert restored.media_files == 1
    with bound_to(target):
        # the ledger balances are the source's
        assert _balances() == balances
        # the encrypted fields read back with the same keys
        person = drill_data.people["branch_a_member"]
        assert type(person).objects.get(pk=person.pk).id_number == "440101198001010017"
        diagnoses = [visit.diagnosis for visit in CareVisit.objects.all()]
        assert diagnoses == [DIAGNOSIS]
        # and the snapshot is consistent: every hash chain verifies
        checks = trail.verify_all()
        assert checks
        assert all(c.is_intact for c in checks), [(c.chain, c.problem) for c in checks]
    assert crypto.encrypted_fields()
