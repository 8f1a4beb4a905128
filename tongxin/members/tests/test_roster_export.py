import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tongxin.members import services
from tongxin.members.data.roster_headers import HEADERS, MEMBERSHIP_HEADER
from tongxin.members.queries import PersonFilters
from tongxin.members.roster.export import COLUMNS
from tongxin.members.services import roster as roster_services

from .roster_files import by_row, id_number


def read_sheets(content: bytes) -> list[list[list]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [
        [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets
    ]


def _export(cast, persona="office_admin", **kwargs) -> list[dict]:
    rows = read_sheets(services.person_export_xlsx(actor=cast.actor(persona), **kwargs))[0]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_writes_the_import_headers_and_masks_id_numbers(cast):
    # when the office exports everyone
    rows = _export(cast)
    # then the headers are the import's, IDs are masked and values are the roster's words
    assert list(rows[0]) == [HEADERS[name][0] for name in COLUMNS] + [MEMBERSHIP_HEADER]
    member_a = next(row for row in rows if row["工号"] == "A1001")
    assert member_a["身份证号"] == "440***********0017"
    assert (member_a["性别"], member_a["分会"], member_a["工会小组"]) == (
        "男",
        "Branch A",
        "Group A1",
    )
    assert member_a["入会日期"] == dt.datetime(2015, 9, 1)
    assert (member_a["在职状态"], member_a["会员状态"]) == ("在职", "会员")
    assert member_a["工资基数"] == "5678.90"


def test_wage_bases_only_where_the_exporter_sees_dues(cast):
    # a liaison exports their branch but sees only their own dues
    rows = _export(cast, "branch_a_liaison")
    wages = {row["工号"]: row["工资基数"] for row in rows}
    assert wages == {"A0001": None, "A0002": "5678.90", "A1001": None, "A1002": None}


def test_exports_the_list_as_the_people_page_filters_it(cast):
    rows = _export(
        cast, filters=PersonFilters(node_id=cast.branch_a.pk, membership_status="member")
    )
    assert [row["工号"] for row in rows] == ["A0001", "A0002", "A1001"]
    rows = _export(cast, filters=PersonFilters(q="newcomer"))
    assert [row["工号"] for row in rows] == ["A1002"]


def test_an_exported_roster_imports_as_unchanged(cast):
    # given the office's export, with masked and with clear ID numbers
    for kwargs in ({}, {"include_id_numbers": True, "reason": "Round trip check"}):
        content = services.person_export_xlsx(actor=cast.actor("office_admin"), **kwargs)
        # when it is imported back
        job = roster_services.roster_import_plan(
            actor=cast.actor("office_admin"),
            school_node=cast.school,
            filename="export.xlsx",
            content=content,
        )
        # then every row is unchanged
        assert {row["status"] for row in job.rows} == {"unchanged"}, job.rows
        assert job.summary["rows"] == 8


def _add_people(cast, count: int) -> None:
    for index in range(count):
        birth = dt.date(1990, 1, 1) + dt.timedelta(days=index)
        services.person_create(
            actor=cast.actor("system"),
            node=cast.group_a1 if index % 2 else cast.branch_b,
            staff_number=f"X{index:04d}",
            name=f"Extra {index}",
            gender="male",
            birth_on=birth,
            id_number=id_number(birth, male=True, serial=index),
        )


def test_export_runs_a_constant_number_of_queries(cast, django_assert_num_queries):
    # given the cast, measured; then twelve more people
    actor = cast.actor("office_admin")
    with CaptureQueriesContext(connection) as small:
        services.person_export_xlsx(actor=actor, include_id_numbers=True, reason="Census 2021")
    _add_people(cast, 12)
    # then the export of 20 people runs the same number of queries as that of 8
    with django_assert_num_queries(len(small.captured_queries)):
        content = services.person_export_xlsx(
            actor=actor, include_id_numbers=True, reason="Census 2021"
        )
    assert len(read_sheets(content)[0]) == 21


def test_the_template_has_headers_an_example_and_notes(cast):
    sheets = read_sheets(services.roster_template_xlsx(actor=cast.actor("office_admin")))
    data, notes = sheets
    assert data[0] == [HEADERS[name][0] for name in COLUMNS]
    assert data[1][COLUMNS.index("branch")] == "Branch A"
    assert len(data) == 2
    assert notes[0][:2] == ["列名", "是否必填"]


def test_the_template_imports_as_is(cast):
    # given the template, unchanged, uploaded
    content = services.roster_template_xlsx(actor=cast.actor("office_admin"))
    job = roster_services.roster_import_plan(
        actor=cast.actor("office_admin"),
        school_node=cast.school,
        filename="t.xlsx",
        content=content,
    )
    # then its example row is a valid new member of the first branch
    row = by_row(job)[2]
    assert (row["status"], row["errors"]) == ("create", [])
    assert row["steps"][0]["kind"] == "join"
