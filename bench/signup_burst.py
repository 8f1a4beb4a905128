"""The burst sign-up: 1,000 people sign up at once for 950 places, on SQLite and PostgreSQL.

Each database gets a fresh copy (a temporary SQLite file opened as production opens it: WAL,
IMMEDIATE transactions, busy timeout; or a PostgreSQL database created for the run). The
people and the activity are created, then ``--workers`` threads, each with its own
connection, are released together by a barrier and call ``activity_sign_up`` for their share
of the 1,000 people. Measured: the time until all 1,000 have their answer, sign-ups per second,
per-request latency. Beside it, in the same run and with the same threads, the machine's
ceiling: 1,000 single-row inserts into a bare table, one transaction each. The invariant is
checked too: exactly 950 confirmed, 50 waitlisted, nobody twice. Writes
docs/benchmarks/activities.md.

    .venv/bin/python bench/signup_burst.py [--workers 16] [--databases sqlite,postgres]
"""

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "tx_activities_bench"
PEOPLE, PLACES = 1000, 950


def child(workers: int) -> dict:
    """Runs inside a subprocess whose DATABASE_URL names the fresh database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_tongxin")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tongxin.activities import services
    from tongxin.activities.models import SignUp
    from tongxin.members.models import Person
    from tongxin.orgs import services as orgs
    from tongxin.orgs.actor import Actor
    from tongxin.testing.burst import run_burst, run_parallel

    call_command("migrate", verbosity=0)
    system = Actor.system()
    school = orgs.node_create(actor=system, parent=None, kind="school_union", name="Bench school")
    branch = orgs.node_create(actor=system, parent=school, kind="branch", name="Bench branch")
    Person.objects.bulk_create(
        Person(
            school=school,
            node=branch,
            staff_number=f"B{index:05d}",
            name=f"Person {index}",
            gender="female",
            birth_on=dt.date(1985, 1, 1),
            membership_status="member",
        )
        for index in range(PEOPLE)
    )
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    activity = services.activity_create(
        actor=system,
        organiser=school,
        kind="service_day",
        title="Dental check",
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=8),
        quota=PLACES,
    )
    services.activity_publish(actor=system, activity=activity)

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_ceiling (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL)"
        )
    connection.close()

    def insert(_context: object, item: int) -> str:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_ceiling (id, person_id) VALUES (%s, %s)", [item, item]
            )
        return "inserted"

    ceiling = run_parallel(
        items=person_ids, workers=workers, prepare=lambda chunk: None, call=insert
    )
    burst = run_burst(activity_id=activity.pk, person_ids=person_ids, workers=workers)
    rows = list(SignUp.objects.filter(activity=activity).values_list("person_id", "status"))
    return {
        "vendor": connection.vendor,
        "version": ".".join(str(part) for part in divmod(connection.pg_version, 10000))
        if connection.vendor == "postgresql"
        else sqlite3.sqlite_version,
        "ceiling": {
            "wall": ceiling.wall_seconds,
            "p50": ceiling.percentile(0.5),
            "p95": ceiling.percentile(0.95),
        },
        "burst": {
            "wall": burst.wall_seconds,
            "p50": burst.percentile(0.5),
            "p95": burst.percentile(0.95),
            "p99": burst.percentile(0.99),
            "outcomes": Counter(outcome for _item, outcome in burst.outcomes),
            "statuses": Counter(status for _person, status in rows),
            "distinct_people": len({person for person, _status in rows}),
        },
    }


def run_child(database_url: str, workers: int) -> dict:
    env = dict(
        os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="bench.settings_tongxin"
    )
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def postgres_database() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(results: list[dict], workers: int) -> str:
    cpus = os.cpu_count()
    lines = [
        "# Burst sign-up: 1,000 people at once for 950 places",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} ({cpus} cores, Python "
        f"{platform.python_version()}), {workers} threads each with its own database connection, "
        "released together by a barrier. Produced by `bench/signup_burst.py`.",
        "",
        "Each sign-up is the real `activity_sign_up` service: lock the activity row, count places "
        "with one aggregate, insert the sign-up and its audit event, commit. The ceiling is the "
        "same 1,000 requests as bare single-row inserts (one transaction each) through the same "
        "threads and connections, in the same run.",
        "",
        "| database | run | requests/s | all answered in | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        name = f"{result['vendor']} {result['version']}"
        ceiling, burst = result["ceiling"], result["burst"]
        lines.append(
            f"| {name} | ceiling: 1,000 single-row inserts | {PEOPLE / ceiling['wall']:.0f} | "
            f"{ceiling['wall']:.2f} s | {ms(ceiling['p50'])} | {ms(ceiling['p95'])} | — |"
        )
        lines.append(
            f"| {name} | 1,000 sign-ups for 950 places | {PEOPLE / burst['wall']:.0f} | "
            f"{burst['wall']:.2f} s | {ms(burst['p50'])} | {ms(burst['p95'])} | {ms(burst['p99'])} |"
        )
    lines += ["", "Outcome of each burst (checked, not assumed):", ""]
    for result in results:
        burst = result["burst"]
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(burst["outcomes"].items()))
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(burst["statuses"].items()))
        lines.append(
            f"- {result['vendor']}: answers {outcomes}; rows {statuses}; "
            f"{burst['distinct_people']} distinct people."
        )
    lines += [
        "",
        "Reading it. A sign-up holds the activity's row lock (PostgreSQL) or the database's "
        "write lock (SQLite) from its first read to its commit, so sign-ups for one activity are "
        "serialised by design: that is what makes 950 exact. Throughput is therefore one "
        "critical section at a time (lock, one counting query, the insert, its audit row, "
        "commit), while the ceiling's bare inserts run side by side. Latency under the burst "
        "is mostly the wait in that queue. PostgreSQL queues lock waiters and wakes the next "
        "at once, so its p99 stays close to its p50. SQLite has no queue: a waiting connection "
        "polls with growing sleeps (up to 100 ms), so a few unlucky requests wait much longer "
        "than the rest (the p99), although every one is answered well within the busy timeout. "
        "For bursts like this PostgreSQL is the better home; at a union's real pace (the "
        "dental check served 950 people over two weeks) either is far from its limit.",
        "",
        "The machine is shared with other work, so absolute figures move between runs; the "
        "ratios within one run are the point.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.workers)))
        return 0
    results = []
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="tongxin-bench-") as folder:
                results.append(run_child(f"sqlite:///{folder}/bench.sqlite3", args.workers))
        else:
            try:
                results.append(run_child(postgres_database(), args.workers))
            finally:
                drop_postgres()
        print(json.dumps(results[-1]))
    text = report(results, args.workers)
    (ROOT / "docs" / "benchmarks" / "activities.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
