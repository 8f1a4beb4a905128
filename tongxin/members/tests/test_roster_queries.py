"""The roster import's queries do not grow with the number of rows (preview and apply)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.members.models import MembershipPeriod, Person
from tongxin.members.services import roster as roster_services

from .roster_files import person_row, upload

pytestmark = pytest.mark.django_db


def _rows(first: int, count: int, *, phone: str = "13912345678") -> list[list]:
    return [
        person_row(
            f"Q{first + index:05d}",
            "张三" if index % 2 else "李四",
            male=bool(index % 2),
            birth=dt.date(1970 + (first + index) // 400, 3, 4),
            serial=(first + index) % 400,
            phone=phone,
            joined="2020-09-01" if index % 3 else None,
        )
        for index in range(count)
    ]


def _shape(queries) -> tuple[int, list[str]]:
    """Queries other than inserts, and the tables inserted into. SQLite splits one bulk insert
    into chunks of 999 parameters, so only the inserts' chunk count follows the row count."""
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    tables = sorted({sql.split('"')[1] for sql in inserts})
    return len(queries) - len(inserts), tables


def _import(cast, rows) -> tuple[CaptureQueriesContext, CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as preview:
        job = upload(cast, rows)
    assert job.summary["error"] == 0, [r for r in job.rows if r["errors"]][:3]
    with CaptureQueriesContext(connection) as apply:
        roster_services.roster_import_apply(actor=cast.actor("office_admin"), roster_import=job)
    return preview, apply


def test_new_people_take_the_same_queries_for_10_and_200_rows(cast):
    # given 3 people imported (the actor's first look-ups are cached)
    _import(cast, _rows(500, 3))
    # when 10 new people are imported, then 200 more
    small_preview, small_apply = _import(cast, _rows(0, 10))
    large_preview, large_apply = _import(cast, _rows(1000, 200))
    # then the preview and the apply run the same queries; only the bulk inserts' chunks grow
    assert len(large_preview.captured_queries) == len(small_preview.captured_queries)
    assert _shape(large_apply.captured_queries) == _shape(small_apply.captured_queries)
    assert "members_person" in _shape(large_apply.captured_queries)[1]
    assert Person.objects.filter(staff_number__startswith="Q").count() == 213
    assert MembershipPeriod.objects.filter(person__staff_number__startswith="Q").count() == 141


def test_changed_people_take_the_same_queries_for_10_and_200_rows(cast):
    # given 210 people imported
    _import(cast, _rows(0, 10))
    _import(cast, _rows(1000, 200))
    # when the first 10, then the other 200 come again with a new phone number
    _small_preview, small_apply = _import(cast, _rows(0, 10, phone="13800000000"))
    _large_preview, large_apply = _import(cast, _rows(1000, 200, phone="13800000000"))
    # then both applies run the same queries apart from the audit insert's chunks
    assert _shape(large_apply.captured_queries) == _shape(small_apply.captured_queries)
    assert Person.objects.filter(staff_number__startswith="Q", phone="13800000000").count() == 210
