"""Benchmark: import a realistic 10,000-row roster (.xlsx) into a fresh database.

Times reading the file, planning (the dry run) and applying separately, then imports the same
file again (every row unchanged). Target: the whole import of 10,000 new people (preview +
apply) in under 5 s on a quiet machine (issue 13). Prints the figures and writes them to
docs/benchmarks/roster.md.

    .venv/bin/python bench/import_roster.py [--rows 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_roster .venv/bin/python bench/import_roster.py
"""

import argparse
import datetime as dt
import os

from _common import (
    Timer,
    build_school,
    database_version,
    machine,
    roster_rows,
    temporary_database,
    write_section,
    xlsx_bytes,
)

TARGET_SECONDS = 5  # issue 13: preview + apply of 10,000 rows on a quiet machine


def run(rows: int) -> None:
    with temporary_database() as kind:
        from django.utils import timezone

        from tongxin.members.models import MembershipPeriod, Person
        from tongxin.members.roster.parse import parse_roster
        from tongxin.members.roster.plan import plan_roster
        from tongxin.members.roster.state import load_state
        from tongxin.members.services import roster as roster_services

        load = os.getloadavg()[0]
        school = build_school()
        content = xlsx_bytes(roster_rows(rows))
        with Timer() as parse_time:
            parsed = parse_roster("roster.xlsx", content)
        with Timer() as plan_time:
            plan = plan_roster(
                parsed, load_state(school.school, lock=False), effective_on=timezone.localdate()
            )
        counts = plan.counts()
        assert counts["error"] == 0, [r.errors for r in plan.rows if r.errors][:3]  # noqa: S101
        with Timer() as preview_time:
            job = roster_services.roster_import_plan(
                actor=school.actor,
                school_node=school.school,
                filename="roster.xlsx",
                content=content,
            )
        with Timer() as apply_time:
            roster_services.roster_import_apply(actor=school.actor, roster_import=job)
        people = Person.objects.filter(school=school.school).count()
        periods = MembershipPeriod.objects.count()
        with Timer() as again_preview:
            again = roster_services.roster_import_plan(
                actor=school.actor,
                school_node=school.school,
                filename="roster.xlsx",
                content=content,
            )
        with Timer() as again_apply:
            roster_services.roster_import_apply(actor=school.actor, roster_import=again)
        assert again.summary["unchanged"] == rows  # noqa: S101
        assert Person.objects.filter(school=school.school).count() == people  # noqa: S101
        total = preview_time.seconds + apply_time.seconds
        cpu = preview_time.cpu + apply_time.cpu
        lines = [
            f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
            f"- Machine: {machine()}; load average at start {load:.1f}",
            f"- Database: {database_version(kind)}",
            f"- File: {rows:,} rows, .xlsx, {len(content) / 1024:.0f} KB; 15 branches; "
            f"{counts['joins']:,} with a join date",
            "",
            "| Step | Seconds | CPU seconds |",
            "|---|---:|---:|",
            f"| Read the file (parse) | {parse_time.cells()} |",
            f"| Plan the rows (dry run, incl. loading the school) | {plan_time.cells()} |",
            f"| Preview service (parse + plan + store the job) | {preview_time.cells()} |",
            f"| Apply service (re-parse + re-plan under lock + write) | {apply_time.cells()} |",
            f"| **Whole import: preview + apply** | **{total:.2f}** | **{cpu:.2f}** |",
            f"| Same file again: preview | {again_preview.cells()} |",
            f"| Same file again: apply (all unchanged) | {again_apply.cells()} |",
            "",
            f"Result: {people:,} people, {periods:,} membership periods; the second import "
            f"changed nothing. Target under {TARGET_SECONDS} s: "
            f"{'met' if total < TARGET_SECONDS else 'NOT met'}. CPU seconds are this process's "
            "own; the wall-clock figures grow with the load of the shared machine.",
        ]
        print("\n".join(lines))
        write_section(f"import_roster:{kind}", f"Roster import, {kind}", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    run(parser.parse_args().rows)


if __name__ == "__main__":
    main()
