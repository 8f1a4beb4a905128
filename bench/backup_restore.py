"""Benchmark: back up and restore the demo union, and the hash chain's cost per posting.

Builds the demo union (``seed_demo``) in a fresh database (a temporary SQLite file, or a new
database beside the one DATABASE_URL names on PostgreSQL), then times ``backup_create`` (plain
and encrypted), ``backup_restore`` into another fresh database and ``verify_trail``. Then it
posts 300 ledger entries with the hash chain and 300 with the chain switched off (the
per-posting overhead of the trail), and records an audit event 1,000 times each way.
Results go to docs/benchmarks/backups.md.

    .venv/bin/python bench/backup_restore.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_bench .venv/bin/python bench/backup_restore.py
"""

import datetime as dt
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, database_version, machine, temporary_database

RESULTS = ROOT / "docs" / "benchmarks" / "backups.md"
POSTINGS = 300
EVENTS = 1000


def _timed(function):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    value = function()
    return value, time.perf_counter() - began


@contextmanager
def _chain_off():  # type: ignore[no-untyped-def]
    """The code as it was before the trail: no head lock, no hash."""
    from tongxin.core import audit, trail
    from tongxin.funds.services import ledger

    saved = (trail.audit_chain_rows, ledger.entry_chain, ledger.entry_chain_commit)
    audit.trail.audit_chain_rows = lambda rows: None  # type: ignore[assignment]
    ledger.entry_chain = lambda entry, lines: None  # type: ignore[assignment]
    ledger.entry_chain_commit = lambda head, entry: None  # type: ignore[assignment]
    try:
        yield
    finally:
        trail.audit_chain_rows, ledger.entry_chain, ledger.entry_chain_commit = saved


def _postings(count: int, offset: int) -> float:
    from django.db import transaction
    from django.utils import timezone

    from tongxin.funds import services
    from tongxin.funds.models import FundAccount
    from tongxin.funds.services import SourceRef
    from tongxin.orgs.actor import Actor

    account = FundAccount.objects.filter(kind="fund", node__kind="school_union").first()
    if account is None:
        raise SystemExit("the demo union has no books")
    school = account.node
    on = timezone.localdate()
    began = time.perf_counter()
    for number in range(count):
        with transaction.atomic():
            services.ledger_post_income(
                actor=Actor.system(),
                node=school,
                category_key="income.admin_subsidy",
                amount_fen=100 + number,
                entry_on=on,
                memo="Benchmark receipt",
                source=SourceRef("bench.trail", str(offset + number)),
            )
    return (time.perf_counter() - began) / count


def _events(count: int) -> float:
    from django.db import transaction

    from tongxin.core import audit
    from tongxin.orgs.actor import Actor
    from tongxin.orgs.models import OrgNode

    school = OrgNode.objects.filter(kind="school_union").first()
    if school is None:
        raise SystemExit("the demo union has no school")
    began = time.perf_counter()
    for _ in range(count):
        with transaction.atomic():
            audit.record(
                actor=Actor.system(), event="bench.event", target=school, node_path=school.path
            )
    return (time.perf_counter() - began) / count


def main() -> None:
    with temporary_database() as kind:
        from cryptography.fernet import Fernet
        from django.core.management import call_command

        from tongxin.backups import services
        from tongxin.core import trail

        _value, seed_seconds = _timed(lambda: call_command("seed_demo", verbosity=0))
        folder = Path(tempfile.mkdtemp(prefix="tongxin-bench-backups-"))
        plain, plain_s = _timed(lambda: services.backup_create(folder=folder / "p", key=""))
        key = Fernet.generate_key().decode()
        sealed, sealed_s = _timed(lambda: services.backup_create(folder=folder / "e", key=key))
        rows = sum(plain.manifest["row_counts"].values())
        if kind == "sqlite":
            target = folder / "restored.sqlite3"
            _r, restore_s = _timed(
                lambda: services.backup_restore(
                    path=sealed.path, key=key, sqlite_path=target, media_root=folder / "m"
                )
            )
        else:
            import psycopg
            from django.db import connection

            params = dict(connection.settings_dict)
            fresh = f"{params['NAME']}_restore"
            base = os.environ["DATABASE_URL"].rpartition("/")[0]
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
                admin.execute(f'CREATE DATABASE "{fresh}"')
            try:
                _r, restore_s = _timed(
                    lambda: services.backup_restore(
                        path=sealed.path, key=key, pg_dbname=fresh, media_root=folder / "m"
                    )
                )
            finally:
                with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        checks, verify_s = _timed(lambda: trail.verify_all(checked_by_label="bench"))
        if not all(check.is_intact for check in checks):
            raise SystemExit("the trail of the demo union does not verify")
        chained_post = _postings(POSTINGS, 0)
        with _chain_off():
            plain_post = _postings(POSTINGS, POSTINGS)
        chained_event = _events(EVENTS)
        with _chain_off():
            plain_event = _events(EVENTS)
        lines = [
            f"## {database_version(kind)} — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {machine()}.",
            "",
            "| step | result |",
            "|---|---|",
            f"| demo union built (`seed_demo`) | {seed_seconds:.1f} s, {rows:,} rows in "
            f"{len(plain.manifest['row_counts'])} tables |",
            f"| `backup` (plain) | {plain_s:.2f} s, {plain.path.stat().st_size / 1e6:.1f} MB |",
            f"| `backup` (encrypted, AES-GCM) | {sealed_s:.2f} s, "
            f"{sealed.path.stat().st_size / 1e6:.1f} MB |",
            f"| `restore` of the encrypted archive into a fresh database | {restore_s:.2f} s |",
            f"| `verify_trail` over every chain | {verify_s:.2f} s, "
            f"{sum(c.rows_checked for c in checks):,} rows |",
            f"| one ledger posting, chained / not chained | {chained_post * 1000:.2f} ms / "
            f"{plain_post * 1000:.2f} ms (mean of {POSTINGS}) |",
            f"| one audit event, chained / not chained | {chained_event * 1000:.2f} ms / "
            f"{plain_event * 1000:.2f} ms (mean of {EVENTS}) |",
            "",
        ]
        text = RESULTS.read_text() if RESULTS.exists() else "# Backups, restore and the trail\n\n"
        RESULTS.write_text(text + "\n".join(lines) + "\n")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
