"""Congress voting under load, on SQLite and PostgreSQL, through the services with threads.

1. 300 formal representatives, checked in, vote on one motion at once from two phones each
   (600 requests, ``--workers`` threads with their own connections, released together by a
   barrier): every representative must end with exactly one mark and one ballot, the other
   request answered ``already_voted``; then the poll is closed (ballots rewritten in receipt
   order with the bulletin chain, counted) and the tally is checked against a recount of the
   bulletin.
2. Counting an election of 30 candidates and 15 seats from 1,000 ballots: the pure count
   (``tally.tally_round``) and the bulletin chain over the 1,000 ballots.

Writes docs/benchmarks/congress.md.

    .venv/bin/python bench/congress_votes.py [--workers 16] [--databases sqlite,postgres]
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "tx_congress_bench"
VOTERS = 300
CANDIDATES, SEATS, BALLOTS = 30, 15, 1000


def child(workers: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_tongxin")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tongxin.congress import services, tally
    from tongxin.congress.models import Attendance, Ballot, Representative, VoterMark
    from tongxin.core.errors import DomainError
    from tongxin.members.models import Person
    from tongxin.orgs import services as orgs
    from tongxin.orgs.actor import Actor
    from tongxin.testing.burst import run_parallel

    call_command("migrate", verbosity=0)
    system = Actor.system()
    school = orgs.node_create(actor=system, parent=None, kind="school_union", name="Bench school")
    branch = orgs.node_create(actor=system, parent=school, kind="branch", name="Bench branch")
    Person.objects.bulk_create(
        Person(
            school=school,
            node=branch,
            staff_number=f"V{index:05d}",
            name=f"Voter {index}",
            gender="female" if index % 2 else "male",
            birth_on=dt.date(1980, 1, 1),
            membership_status="member",
            staff_category="teacher",
        )
        for index in range(VOTERS)
    )
    term = services.term_create(
        actor=system, school=school, number=1, starts_on=dt.date(2025, 1, 1), years=5
    )
    delegation = services.delegation_create(actor=system, term=term, node=branch, name="All")
    Representative.objects.bulk_create(
        Representative(term=term, delegation=delegation, person=person, elected_on=term.starts_on)
        for person in Person.objects.filter(school=school)
    )
    session = services.session_create(
        actor=system, term=term, title="Bench session", starts_at=timezone.now()
    )
    reps = list(Representative.objects.filter(term=term).select_related("person"))
    Attendance.objects.bulk_create(
        Attendance(session=session, representative=rep, method="list", checked_in_at=timezone.now())
        for rep in reps
    )
    services.session_open(actor=system, session=session)
    poll = services.motion_create(actor=system, session=session, title="Bench motion")
    services.poll_open(actor=system, poll=poll)
    connection.close()
    people = {rep.pk: rep.person_id for rep in reps}
    items = [rep.pk for rep in reps for _phone in range(2)]
    rng = random.Random(7)
    choices = {rep.pk: rng.choice(["yes", "yes", "yes", "no", "abstain"]) for rep in reps}

    def prepare(_chunk: list[int]) -> object:
        from tongxin.congress.models import Poll

        return Poll.objects.select_related("session__term__school").get(pk=poll.pk)

    def call(live_poll: object, rep_id: int) -> str:
        actor = Actor(user_id=None, person_id=people[rep_id], name="voter")
        try:
            services.ballot_cast(
                actor=actor,
                poll=live_poll,  # type: ignore[arg-type]
                content={"choice": choices[rep_id]},
            )
        except DomainError as error:
            return error.code
        return "voted"

    burst = run_parallel(items=items, workers=workers, prepare=prepare, call=call)
    began = time.perf_counter()
    closed = services.poll_close(actor=system, poll=poll)
    close_seconds = time.perf_counter() - began
    ballots = list(Ballot.objects.filter(poll=poll).order_by("seq"))
    recount = tally.tally_motion(b.content for b in ballots)
    chain = tally.bulletin_chain(
        poll.pk, [(b.receipt, tally.ballot_digest(b.content)) for b in ballots]
    )
    expected = Counter(choices.values())

    # An election count: 30 candidates, 15 seats, 1,000 ballots.
    rng = random.Random(11)
    ids = list(range(1, CANDIDATES + 1))
    appeal = {pk: rng.uniform(0.2, 0.9) for pk in ids}
    contents = []
    for _ballot in range(BALLOTS):
        marks, chosen = {}, 0
        for pk in ids:
            if chosen < SEATS and rng.random() < appeal[pk]:
                marks[str(pk)] = "yes"
                chosen += 1
            elif rng.random() < 0.3:
                marks[str(pk)] = "no"
        contents.append({"marks": marks, "write_ins": []})
    began = time.perf_counter()
    counted = tally.tally_round(contents, candidate_ids=ids, seats=SEATS, base=BALLOTS)
    count_seconds = time.perf_counter() - began
    began = time.perf_counter()
    entries = [(f"R{index:09d}", tally.ballot_digest(c)) for index, c in enumerate(contents)]
    tally.bulletin_chain(1, entries)
    chain_seconds = time.perf_counter() - began
    return {
        "vendor": connection.vendor,
        "version": ".".join(str(part) for part in divmod(connection.pg_version, 10000))
        if connection.vendor == "postgresql"
        else sqlite3.sqlite_version,
        "wall": burst.wall_seconds,
        "p50": burst.percentile(0.5),
        "p95": burst.percentile(0.95),
        "outcomes": Counter(outcome for _item, outcome in burst.outcomes),
        "marks": VoterMark.objects.filter(poll=poll).count(),
        "ballots": len(ballots),
        "close": close_seconds,
        "tally_ok": (closed.result["yes"], closed.result["no"], closed.result["abstain"])
        == (recount.yes, recount.no, recount.abstain)
        == (expected["yes"], expected["no"], expected["abstain"]),
        "chain_ok": bool(chain) and chain[-1] == closed.bulletin_head,
        "count": count_seconds,
        "chain": chain_seconds,
        "elected": len(counted.elected),
        "runoff": len(counted.runoff),
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


def report(results: list[dict], workers: int) -> str:
    lines = [
        "# Congress voting: 300 representatives at once, and an election count",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} ({os.cpu_count()} cores, "
        f"Python {platform.python_version()}), {workers} threads each with its own database "
        "connection, released together by a barrier, calling the `ballot_cast` service (not "
        "HTTP). Every representative sends the same vote twice (two phones): 600 requests. "
        "Produced by `bench/congress_votes.py`.",
        "",
        "| database | 600 requests answered in | requests/s | p50 ms | p95 ms | close and count | "
        "marks | ballots | answers | tally = recount = cast | chain |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        answers = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
        lines.append(
            f"| {r['vendor']} {r['version']} | {r['wall']:.2f} s | {2 * VOTERS / r['wall']:.0f} | "
            f"{r['p50'] * 1000:.1f} | {r['p95'] * 1000:.1f} | {r['close'] * 1000:.0f} ms | "
            f"{r['marks']} | {r['ballots']} | {answers} | {'yes' if r['tally_ok'] else 'NO'} | "
            f"{'yes' if r['chain_ok'] else 'NO'} |"
        )
    first = results[0]
    lines += [
        "",
        f"Counting an election of {CANDIDATES} candidates and {SEATS} seats from {BALLOTS:,} "
        f"ballots (`tally.tally_round`, pure Python): {first['count'] * 1000:.1f} ms "
        f"({first['elected']} elected, {first['runoff']} in a run-off); the bulletin's hash chain "
        f"over the {BALLOTS:,} ballots: {first['chain'] * 1000:.1f} ms.",
        "",
        "Reading it. Casting locks the poll row, so ballots of one poll are written one after "
        "another: what makes one mark per representative exact under a double submission. The "
        "300 votes of a hall are answered well inside the minute the brief asks for. Closing "
        "rewrites all ballots in receipt-code order (the shuffle that breaks any link between "
        "insertion order and voters) and counts them from the stored rows.",
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
    for name in args.databases.split(","):
        if name == "sqlite":
            with tempfile.TemporaryDirectory(prefix="tongxin-congress-") as folder:
                results.append(run_child(f"sqlite:///{folder}/bench.sqlite3", args.workers))
        elif name == "postgres":
            try:
                results.append(run_child(postgres_database(), args.workers))
            finally:
                drop_postgres()
    text = report(results, args.workers)
    (ROOT / "docs" / "benchmarks" / "congress.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
