"""Benchmark: a liaison's bulk upload of donations, and the campaign pages' reads.

Builds a fresh database (see ``bench/_common.temporary_database``) with the demo's people and
books (the demo steps "people" and "funds", through the services), opens a campaign, then
times: the dry run and the atomic apply of one branch's upload (every active staff member of
the branch, ten times over: about 900 rows, one batch, one pass-through posting), and the
reads of the campaign page (totals by branch, honour roll, campaign with totals) over the
result. Bounded: about two minutes on a small machine.

    .venv/bin/python bench/donations_bulk.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_donations .venv/bin/python bench/donations_bulk.py
"""

import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import database_version, machine, temporary_database

REPEAT = 10
RUNS = 5


def _time(call, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _run in range(runs + 1):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples[0], statistics.median(samples[1:])


def run() -> str:
    with temporary_database() as kind:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tongxin.demo import funds as demo_funds
        from tongxin.demo import people as demo_people
        from tongxin.demo.seed import DemoContext
        from tongxin.donations import queries, services
        from tongxin.donations.spreadsheets import BulkRow
        from tongxin.members.models import Person
        from tongxin.orgs.models import subtree_q

        ctx = DemoContext(out=io.StringIO())
        demo_people.seed(ctx)
        demo_funds.seed(ctx)
        system = ctx.system
        campaign = services.campaign_create(
            actor=system,
            organiser=ctx.school,
            title="Bench drive",
            recipient="Foundation",
            starts_on=dt.date(2021, 6, 1),
            ends_on=dt.date(2021, 6, 30),
        )
        campaign = services.campaign_open(actor=system, campaign=campaign)
        branch = ctx.branches[0]
        people = list(
            Person.objects.filter(subtree_q(branch.path, "node__path"), employment_status="active")
        )
        rows = [
            BulkRow(
                number=index + 2,
                staff_number=person.staff_number,
                name=person.name,
                amount_fen=5000,
                donated_on=dt.date(2021, 6, 10),
                channel="cash",
            )
            for index, person in enumerate(people * REPEAT)
        ]
        plan = _time(
            lambda: services.donation_bulk_plan(
                actor=system, campaign=campaign, node=branch, rows=rows
            )
        )
        start, cpu_start = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            services.donation_bulk_apply(actor=system, campaign=campaign, node=branch, rows=rows)
        apply_ms = (time.perf_counter() - start) * 1000
        apply_cpu_ms = (time.process_time() - cpu_start) * 1000
        reads = [
            (
                "campaign with totals",
                _time(lambda: queries.campaign_get(actor=system, pk=campaign.pk)),
            ),
            (
                "totals by branch",
                _time(lambda: queries.branch_totals(actor=system, campaign=campaign)),
            ),
            ("honour roll", _time(lambda: queries.honour_roll(campaign=campaign))),
        ]
        lines = [
            f"### {database_version(kind)}: {len(rows)} rows in one upload",
            "",
            "| step | first run (ms) | median of next 5 (ms) |",
            "|---|---:|---:|",
            f"| dry run of the upload | {plan[0]:.1f} | {plan[1]:.1f} |",
            f"| apply (one transaction, {len(captured.captured_queries)} queries) "
            f"| {apply_ms:.1f} (CPU {apply_cpu_ms:.1f}) | — |",
            *(f"| {name} | {first:.1f} | {median:.1f} |" for name, (first, median) in reads),
            "",
        ]
        return "\n".join(lines)


def main() -> int:
    print(f"Machine: {machine()}\n")
    print(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
