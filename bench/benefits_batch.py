"""Benchmark: create and confirm holiday batches for 3,000 members with the yearly cap checked,
on SQLite or PostgreSQL.

Creates a fresh database (a temporary SQLite file, or ``<name>_bench`` on the server that
DATABASE_URL names), opens a union's books through the services (15 branches, an approved
budget), bulk-inserts 3,000 members (200 per branch) with their membership periods and, for
300 of them, 1,800 yuan of holiday benefits already received this year. Then, through the
services, it times: planning a batch, the confirmation page's preview, confirming a batch
for all 3,000 (receipts, cap check under lock, participations, ledger posting) with no one
over the cap, confirming a second batch where the 300 are over the cap and left out, the
per-branch progress, one branch's paper sign-off sheet (200 lines), one sign-off, and the
branch's .xlsx export. Queries are counted for the confirmations. The database is dropped at
the end. Bounded: well under a minute of work on a small machine.

    .venv/bin/python bench/benefits_batch.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_benefits .venv/bin/python bench/benefits_batch.py
"""

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

MEMBERS_PER_BRANCH = 200
BRANCHES = 15
NEAR_CAP = 300
YEAR = 2021


def _fresh_database() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        db["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        db["TEST"]["NAME"] = f"{db['NAME']}_bench"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def _union():  # type: ignore[no-untyped-def]
    from tongxin.funds import services as funds
    from tongxin.orgs import services as orgs
    from tongxin.orgs.actor import Actor

    system = Actor.system()
    school = orgs.node_create(
        actor=system, parent=None, kind="school_union", name="Bench school", code="bench"
    )
    branches = [
        orgs.node_create(actor=system, parent=school, kind="branch", name=f"Branch {i:02d}")
        for i in range(BRANCHES)
    ]
    funds.fund_books_open(actor=system, school=school, policy_from=dt.date(YEAR - 1, 1, 1))
    funds.income_record(
        actor=system,
        node=school,
        category_key="net_assets.carried_forward",
        amount_fen=10**11,
        received_on=dt.date(YEAR, 1, 1),
        memo="Opening balance",
    )
    version = funds.budget_version_create(actor=system, node=school, fiscal_year=YEAR)
    funds.budget_line_set(actor=system, version=version, category_key="expense", amount_fen=10**11)
    funds.budget_version_submit(actor=system, version=version)
    funds.budget_version_decide(actor=system, version=version, outcome="approve")
    funds.budget_version_decide(actor=system, version=version, outcome="approve")
    return school, branches


def _people(branches):  # type: ignore[no-untyped-def]
    from tongxin.participation.models import Participation
    from tongxin.testing.benefits import add_members

    people = []
    for index, branch in enumerate(branches):
        people += add_members(branch, MEMBERS_PER_BRANCH, prefix=f"B{index:02d}-")
    Participation.objects.bulk_create(
        [
            Participation(
                person=person,
                node_id=person.node_id,
                kind="benefit",
                occasion_type="bench.earlier",
                occasion_id="1",
                occasion_label="Earlier gifts",
                occurred_on=dt.date(YEAR, 1, 10),
                amount_fen=180_000,
            )
            for person in people[:NEAR_CAP]
        ],
        batch_size=1000,
    )
    return people


def _timed(call):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(queries.captured_queries)


def main() -> int:
    from tongxin.benefits import queries, services
    from tongxin.benefits.models import BenefitReceipt
    from tongxin.orgs.actor import Actor

    started = time.perf_counter()
    old_name = _fresh_database()
    try:
        school, branches = _union()
        build = time.perf_counter()
        people = _people(branches)
        loaded = time.perf_counter() - build
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        system = Actor.system()
        rows = []

        def plan(title: str, festival: str, cost: int, day: dt.date):  # type: ignore[no-untyped-def]
            return services.benefit_batch_create(
                actor=system,
                school=school,
                title=title,
                festival=festival,
                goods="Rice and oil",
                unit_cost_fen=cost,
                cutoff_on=day - dt.timedelta(days=10),
                distribute_on=day,
            )

        first, ms, count = _timed(
            lambda: plan("Dragon Boat", "dragon_boat", 15_000, dt.date(YEAR, 6, 11))
        )
        rows.append(("plan a batch (draft)", ms, count))
        preview, ms, count = _timed(lambda: queries.batch_preview(actor=system, batch=first))
        rows.append(
            (f"confirmation preview: {preview.recipients:,} recipients, cap sums", ms, count)
        )
        first, ms, count = _timed(lambda: services.benefit_batch_confirm(actor=system, batch=first))
        rows.append(
            (f"confirm for {first.recipient_count:,} members (nobody over the cap)", ms, count)
        )
        second = plan("Mid-Autumn", "mid_autumn", 40_000, dt.date(YEAR, 9, 18))
        second, ms, count = _timed(
            lambda: services.benefit_batch_confirm(
                actor=system, batch=second, exclude_over_cap=True
            )
        )
        excluded = second.exclusions.count()
        rows.append(
            (
                f"confirm for {second.recipient_count:,} members, {excluded} over the cap left out",
                ms,
                count,
            )
        )
        _progress, ms, count = _timed(lambda: queries.batch_progress(actor=system, batch=second))
        rows.append(("progress per branch (15 branches, 2,700 receipts)", ms, count))
        branch = branches[7]
        receipts = list(BenefitReceipt.objects.filter(batch=second, branch=branch).order_by("pk"))
        moment = dt.datetime(YEAR, 9, 18, 10, tzinfo=dt.UTC)
        entries = [
            services.SheetEntry(person_id=r.person_id, signed_at=moment) for r in receipts[1:]
        ]
        signed, ms, count = _timed(
            lambda: services.benefit_receipts_sign_sheet(
                actor=system, batch=second, entries=entries
            )
        )
        rows.append((f"paper sign-off sheet, {signed} lines", ms, count))
        _one, ms, count = _timed(
            lambda: services.benefit_receipt_sign(
                actor=system, receipt=receipts[0], proxy_name="Wang"
            )
        )
        rows.append(("one sign-off (conditional update + audit)", ms, count))
        data, ms, count = _timed(
            lambda: services.pickup_list_export(actor=system, batch=second, branch=branch)
        )
        rows.append(
            (f"branch pickup list .xlsx ({len(receipts)} rows, {len(data) // 1024} KB)", ms, count)
        )
        if connection.vendor == "sqlite":
            vendor = "SQLite " + ".".join(map(str, connection.Database.sqlite_version_info))
        else:
            vendor = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        print(
            f"## {vendor}: {len(people):,} members, {NEAR_CAP} near the cap "
            f"(bulk insert {loaded:.1f} s)\n"
        )
        print("| step | time (ms) | queries |\n|---|---:|---:|")
        for label, ms, count in rows:
            print(f"| {label} | {ms:.0f} | {count} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
