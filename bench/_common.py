"""Shared set-up of the roster benchmarks: a fresh temporary database, a school with 15
branches and a union-office login, realistic roster rows, and the results file.

The database is a new SQLite file in a temporary directory, or, when ``DATABASE_URL`` names a
PostgreSQL server, a new database created beside the named one and dropped afterwards.
"""

import contextlib
import datetime as dt
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks" / "roster.md"
sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def temporary_database() -> Iterator[str]:
    """Point Django at a fresh database, migrate it, yield its kind, and remove it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _slash, name = url.rpartition("/")
        fresh = f"{name or 'tongxin'}_bench_{os.getpid()}"
        admin_url = f"{base}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{fresh}"')
        os.environ["DATABASE_URL"] = f"{base}/{fresh}"
        try:
            _setup()
            yield "postgresql"
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    else:
        with tempfile.TemporaryDirectory(prefix="tongxin-bench-") as directory:
            os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
            _setup()
            yield "sqlite"
            from django.db import connections

            connections.close_all()


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings.base")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def database_version(kind: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if kind == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} (file, WAL)"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


@dataclass
class School:
    school: Any
    branches: list[Any]
    actor: Any


def build_school() -> School:
    """The demo's school union and 15 branches, and a union-office login, through services."""
    from tongxin.accounts.actors import actor_for
    from tongxin.accounts.models import User
    from tongxin.demo.data.people import BRANCHES, SCHOOL_NAME
    from tongxin.orgs import services as orgs
    from tongxin.orgs.actor import Actor
    from tongxin.orgs.choices import OrgNodeKind, Role

    system = Actor.system()
    school = orgs.node_create(
        actor=system, parent=None, kind=OrgNodeKind.SCHOOL_UNION, name=SCHOOL_NAME, code="BENCH"
    )
    branches = [
        orgs.node_create(actor=system, parent=school, kind=OrgNodeKind.BRANCH, name=name)
        for name, _department, _size in BRANCHES
    ]
    user = User.objects.create(username="bench-office", display_name="Bench office")
    orgs.role_assign(
        actor=system,
        user_id=user.pk,
        role=Role.UNION_OFFICE,
        node=school,
        starts_on=dt.date(2020, 1, 1),
    )
    return School(school=school, branches=branches, actor=actor_for(user))


@dataclass
class Roster:
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def roster_rows(count: int, *, seed: int = 2021) -> Roster:
    """``count`` realistic staff rows: Chinese names, valid ID numbers, 15 branches."""
    from tongxin.core.validators import id_number_check_digit
    from tongxin.demo.data.people import BRANCHES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES

    rng = random.Random(seed)
    header = [
        "工号",
        "姓名",
        "性别",
        "出生日期",
        "手机",
        "身份证号",
        "部门",
        "分会",
        "在职状态",
        "入职日期",
        "入会日期",
        "工资基数",
    ]
    roster = Roster(header=header)
    used_ids: set[str] = set()
    used_phones: set[str] = set()
    for index in range(count):
        male = rng.random() < 0.48
        pool = GIVEN_MALE if male else GIVEN_FEMALE
        name = (
            rng.choice(SURNAMES)
            + rng.choice(pool)
            + (rng.choice(pool) if rng.random() < 0.7 else "")
        )
        age = min(max(int(rng.gauss(42, 10)), 23), 64)
        birth = dt.date(2021 - age, rng.randint(1, 12), rng.randint(1, 28))
        while True:
            sequence = rng.randint(0, 499) * 2 + (1 if male else 0)
            first17 = f"{rng.choice(('441900', '440106', '440304', '441302'))}{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + id_number_check_digit(first17)
            if id_number not in used_ids:
                used_ids.add(id_number)
                break
        while True:
            phone = f"13{rng.randint(5, 9)}{rng.randint(10000000, 99999999)}"
            if phone not in used_phones:
                used_phones.add(phone)
                break
        branch, department, _size = BRANCHES[index % len(BRANCHES)]
        hired = dt.date(max(birth.year + 23, 1985), rng.choice((7, 9)), 1)
        retired = age >= 60 and rng.random() < 0.5
        joined = (
            None
            if retired or rng.random() < 0.08
            else hired + dt.timedelta(days=rng.randint(20, 200))
        )
        roster.rows.append(
            [
                f"{20000000 + index}",
                name,
                "男" if male else "女",
                birth,
                phone,
                id_number,
                department,
                branch,
                "退休" if retired else "在职",
                hired,
                min(joined, dt.date(2021, 6, 30)) if joined else None,
                f"{rng.randint(4200, 9800)}.{rng.randint(0, 99):02d}",
            ]
        )
    return roster


def xlsx_bytes(roster: Roster) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(roster.header)
    for row in roster.rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Timer:
    """Wall-clock seconds, and the CPU seconds of this process (the machine may be shared)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0

    def __enter__(self) -> "Timer":
        self._start, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
        self.cpu = time.process_time() - self._cpu

    def cells(self) -> str:
        return f"{self.seconds:.2f} | {self.cpu:.2f}"


def write_section(key: str, title: str, lines: list[str]) -> None:
    """Replace (or add) this script's section for this database in the results file."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = (
        RESULTS.read_text(encoding="utf-8")
        if RESULTS.exists()
        else (
            "# Roster benchmarks\n\n"
            "Written by `bench/import_roster.py` and `bench/search.py`; each run replaces its own\n"
            "section. Run on SQLite with `.venv/bin/python bench/<script>.py`, on PostgreSQL with\n"
            "`DATABASE_URL=postgres://… .venv/bin/python bench/<script>.py`.\n"
        )
    )
    start, end = f"<!-- {key} -->", f"<!-- /{key} -->"
    section = "\n".join([start, f"## {title}", "", *lines, end])
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")
