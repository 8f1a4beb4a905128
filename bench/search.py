"""Benchmark: people search over 10,000 staff, as the union office's picker uses it.

Loads 10,000 people (through the roster import) into a fresh database, then times
``members.queries.person_search`` over a mix of lookups: name in characters, full pinyin,
initials, staff number prefix and phone prefix. Target: median under 50 ms. Prints the figures
and writes them to docs/benchmarks/roster.md.

    .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_roster .venv/bin/python bench/search.py
"""

import argparse
import datetime as dt
import os
import random
import statistics
import time

from _common import (
    build_school,
    database_version,
    machine,
    roster_rows,
    temporary_database,
    write_section,
    xlsx_bytes,
)

TARGET_MEDIAN_MS = 50
KINDS = ("characters", "pinyin", "initials", "staff number prefix", "phone prefix")


def _lookups(people: list, rng: random.Random, per_kind: int) -> list[tuple[str, str]]:
    lookups = []
    for person in rng.sample(people, per_kind):
        lookups += [
            ("characters", person.name),
            ("pinyin", person.name_pinyin),
            ("initials", person.name_initials),
            ("staff number prefix", person.staff_number[:6]),
            ("phone prefix", person.phone[:7]),
        ]
    rng.shuffle(lookups)
    return lookups


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(rows: int, per_kind: int) -> None:
    with temporary_database() as kind:
        from tongxin.members.models import Person
        from tongxin.members.queries import person_search
        from tongxin.members.services import roster as roster_services

        school = build_school()
        job = roster_services.roster_import_plan(
            actor=school.actor,
            school_node=school.school,
            filename="roster.xlsx",
            content=xlsx_bytes(roster_rows(rows)),
        )
        roster_services.roster_import_apply(actor=school.actor, roster_import=job)
        people = list(
            Person.objects.filter(school=school.school).only(
                "name", "name_pinyin", "name_initials", "staff_number", "phone"
            )
        )
        lookups = _lookups(people, random.Random(7), per_kind)
        for _kind, text in lookups[:20]:  # warm the connection and caches
            person_search(actor=school.actor, text=text)
        timings: dict[str, list[float]] = {name: [] for name in KINDS}
        cpu: list[float] = []
        found = 0
        for lookup_kind, text in lookups:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = person_search(actor=school.actor, text=text)
            timings[lookup_kind].append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            found += bool(result)
        every = [ms for values in timings.values() for ms in values]
        median = statistics.median(every)
        lines = [
            f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
            f"- Machine: {machine()}; load average at start {os.getloadavg()[0]:.1f}",
            f"- Database: {database_version(kind)}",
            f"- Data: {len(people):,} people in 15 branches; {len(every)} lookups as the union "
            f"office (whole school in scope), up to 20 results each; {found} found someone",
            "",
            "| Lookup | Median ms | p95 ms |",
            "|---|---:|---:|",
            *(
                f"| {name} | {statistics.median(values):.1f} | {_percentile(values, 0.95):.1f} |"
                for name, values in timings.items()
            ),
            f"| **all** | **{median:.1f}** | **{_percentile(every, 0.95):.1f}** |",
            f"| all, CPU time of this process | {statistics.median(cpu):.1f} | "
            f"{_percentile(cpu, 0.95):.1f} |",
            "",
            f"Target median under {TARGET_MEDIAN_MS} ms: "
            f"{'met' if median < TARGET_MEDIAN_MS else 'NOT met'}. Wall-clock times grow with the "
            "load of the shared machine; the CPU line does not.",
        ]
        print("\n".join(lines))
        write_section(f"search:{kind}", f"People search, {kind}", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--per-kind", type=int, default=100)
    arguments = parser.parse_args()
    run(arguments.rows, arguments.per_kind)


if __name__ == "__main__":
    main()
