"""Benchmark: the funds reports over 200,000 ledger lines, on SQLite or PostgreSQL.

Creates a fresh database (a temporary SQLite file, or ``<name>_bench`` on the server that
DATABASE_URL names), opens a union's books through the services (15 branches, approved
budgets), bulk-inserts 100,000 balanced two-line entries over three fiscal years, then times
the income/expense statement, budget against actual, the year-end settlement, the first page
of the ledger, and one ``ledger_post`` with its budget check under lock. The database is
dropped at the end. Bounded: about a minute on a small machine.

    .venv/bin/python bench/ledger_statement.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tx_funds .venv/bin/python bench/ledger_statement.py
"""

import datetime as dt
import os
import random
import statistics
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

ENTRIES = 100_000
BRANCHES = 15
YEARS = (2019, 2020, 2021)
RUNS = 5
EXPENSE_KEYS = [
    "expense.staff_activities.culture_sports",
    "expense.staff_activities.member_activities",
    "expense.staff_activities.other",
    "expense.staff_services",
    "expense.rights.hardship_aid",
    "expense.rights.warmth_campaign",
    "expense.business.meetings",
    "expense.business.training",
]
INCOME_KEYS = ["income.dues", "income.allocated_funds", "income.admin_subsidy", "income.other"]


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
    funds.fund_books_open(actor=system, school=school, policy_from=dt.date(2019, 1, 1))
    for year in YEARS:
        for node in [school, *branches]:
            version = funds.budget_version_create(actor=system, node=node, fiscal_year=year)
            for key in ["expense", "transfer"] if node == school else ["expense"]:
                funds.budget_line_set(
                    actor=system, version=version, category_key=key, amount_fen=10**12
                )
            funds.budget_version_submit(actor=system, version=version)
            funds.budget_version_decide(actor=system, version=version, outcome="approve")
            funds.budget_version_decide(actor=system, version=version, outcome="approve")
    return school, branches


def _bulk_lines(school, branches) -> int:  # type: ignore[no-untyped-def]
    """Insert ENTRIES balanced entries (bulk insert, as benchmark data may be)."""
    from django.db import transaction
    from django.utils import timezone

    from tongxin.funds.models import FundAccount, FundCategory

    rng = random.Random(2021)
    categories = {c.key: c for c in FundCategory.objects.all()}
    accounts = {(a.node_id, a.kind): a for a in FundAccount.objects.all()}
    nodes = [school, *branches]
    now = timezone.now()
    specs = []
    for _index in range(ENTRIES):
        node = rng.choice(nodes)
        year = rng.choice(YEARS)
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        income = rng.random() < 0.3
        key = rng.choice(INCOME_KEYS if income else EXPENSE_KEYS)
        specs.append((node, day, key, rng.randint(100, 500_000), income))
    with transaction.atomic():
        return _insert(school, specs, categories, accounts, now)


def _insert(school, specs, categories, accounts, now) -> int:  # type: ignore[no-untyped-def]
    from tongxin.funds.models import FundAccount, JournalEntry, JournalLine

    bank = accounts[(school.pk, "bank")]
    entries = JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                school=school,
                node=node,
                entry_on=day,
                fiscal_year=day.year,
                memo=key,
                source_type="bench",
                total_fen=amount,
                posted_by_label="bench",
                posted_at=now,
            )
            for node, day, key, amount, _income in specs
        ],
        batch_size=5000,
    )
    lines = []
    for entry, (node, day, key, amount, income) in zip(entries, specs, strict=True):
        fund = accounts[(node.pk, "fund")]
        side = JournalLine(
            entry_id=entry.pk,
            position=1,
            account=fund,
            node_id=node.pk,
            entry_on=day,
            fiscal_year=day.year,
            category=categories[key],
            category_key=key,
            debit_fen=0 if income else amount,
            credit_fen=amount if income else 0,
        )
        cash = JournalLine(
            entry_id=entry.pk,
            position=2,
            account=bank,
            node_id=school.pk,
            entry_on=day,
            fiscal_year=day.year,
            category=categories["asset.bank"],
            category_key="asset.bank",
            debit_fen=amount if income else 0,
            credit_fen=0 if income else amount,
        )
        lines += [side, cash]
    JournalLine.objects.bulk_create(lines, batch_size=5000)
    # Balances kept by ledger_post; set them once for the bulk data (accounts are not journal rows).
    FundAccount.objects.all().update(balance_fen=10**13)
    return len(lines)


def _time(call, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first run, median of the following runs) in milliseconds."""
    samples = []
    for _run in range(runs + 1):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples[0], statistics.median(samples[1:])


def main() -> int:
    from tongxin.funds import queries, services
    from tongxin.orgs.actor import Actor

    started = time.perf_counter()
    old_name = _fresh_database()
    try:
        school, branches = _union()
        build = time.perf_counter()
        count = _bulk_lines(school, branches)
        loaded = time.perf_counter() - build
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        system = Actor.system()
        results = [
            (
                "income/expense statement, school subtree, one year",
                _time(
                    lambda: queries.income_expense_statement(
                        actor=system, node=school, fiscal_year=2021
                    )
                ),
            ),
            (
                "income/expense statement, one branch, one year",
                _time(
                    lambda: queries.income_expense_statement(
                        actor=system, node=branches[3], fiscal_year=2021
                    )
                ),
            ),
            (
                "budget against actual, school subtree (16 budgets)",
                _time(
                    lambda: queries.budget_vs_actual(actor=system, node=school, fiscal_year=2021)
                ),
            ),
            (
                "year-end settlement, 16 funds",
                _time(lambda: queries.fund_settlement(actor=system, node=school, fiscal_year=2021)),
            ),
            (
                "ledger, first page of 50 with count",
                _time(
                    lambda: (
                        queries.ledger_line_list(actor=system).count(),
                        list(queries.ledger_line_list(actor=system)[:50]),
                    )
                ),
            ),
        ]
        day = dt.date(2021, 12, 30)

        def post() -> None:
            from django.db import transaction

            with transaction.atomic():
                services.ledger_post_expense(
                    actor=system,
                    node=branches[5],
                    category_key="expense.business.meetings",
                    amount_fen=100,
                    entry_on=day,
                    memo="Bench",
                    source=services.SourceRef("bench"),
                )

        results.append(("one ledger_post with its budget check (lock + year's sum)", _time(post)))
        if connection.vendor == "sqlite":
            vendor = "SQLite " + ".".join(map(str, connection.Database.sqlite_version_info))
        else:
            vendor = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        print(f"## {vendor}: {count:,} journal lines (bulk insert {loaded:.1f} s)\n")
        print("| query | first run (ms) | median of next 5 (ms) |\n|---|---:|---:|")
        for label, (first, median) in results:
            print(f"| {label} | {first:.1f} | {median:.1f} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
