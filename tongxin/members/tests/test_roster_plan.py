import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.members import services
from tongxin.members.models import Person, RosterImport
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import OrgNodeKind

from .roster_files import HEADER, by_row, cast_row, person_row, upload

EMPLOYMENT_HEADER = [*HEADER, "在职状态"]


def test_each_row_gets_its_outcome(cast):
    # given a new person, a changed phone, an unchanged person and a row with a bad phone
    rows = [
        person_row("N0001", "张三"),
        cast_row(cast, "branch_b_member", phone="13999990000"),
        cast_row(cast, "branch_a_member"),
        person_row("N0002", "李四", phone="12345", serial=2),
    ]
    # when previewed
    job = upload(cast, rows)
    # then each row says what it would do, and nothing but the job was written
    rows = by_row(job)
    assert [rows[n]["status"] for n in (2, 3, 4, 5)] == ["create", "update", "unchanged", "error"]
    assert rows[3]["changes"] == [["phone", "13900001001", "13999990000"]]
    assert [e["code"] for e in rows[5]["errors"]] == ["invalid_phone"]
    assert job.summary["create"] == 1
    assert job.summary["error"] == 1
    assert not Person.objects.filter(staff_number="N0001").exists()
    assert RosterImport.objects.count() == 1


def test_errors_are_in_chinese_with_the_row_number(cast):
    # given a row naming a branch the school does not have
    row = person_row("N0001", "张三", branch="Branch Z")
    # when previewed in Chinese
    with translation.override("zh-hans"):
        job = upload(cast, [row])
        expected = _("“%(name)s” is not a branch of %(school)s.") % {
            "name": "Branch Z",
            "school": "Test school union",
        }
    # then the row's reason is the Chinese sentence
    error = by_row(job)[2]["errors"][0]
    assert error == {"field": "branch", "code": "node_not_in_school", "message": expected}
    assert not expected.startswith("“Branch Z” is not")


def test_lists_every_reason_of_a_row(cast):
    # given a row with a bad date, a bad phone and an unknown branch
    row = person_row("N0001", "张三", phone="1234", branch="No such branch")
    row[3] = "1985-13-01"
    # then all three reasons are listed
    errors = by_row(upload(cast, [row]))[2]["errors"]
    assert {e["field"] for e in errors} == {"birth_on", "phone", "branch"}


def test_duplicate_staff_numbers_in_the_file_mark_every_copy(cast):
    rows = [person_row("N0001", "张三"), person_row("N0001", "张珊", male=False, serial=2)]
    job = upload(cast, rows)
    for number in (2, 3):
        errors = by_row(job)[number]["errors"]
        assert [e["code"] for e in errors] == ["duplicate_staff_number"]
        assert "2, 3" in errors[0]["message"]


def test_duplicate_id_numbers_in_the_file_mark_every_copy(cast):
    rows = [person_row("N0001", "张三"), person_row("N0002", "张三")]
    job = upload(cast, rows)
    assert [e["code"] for e in by_row(job)[3]["errors"]] == ["duplicate_id_number"]


def test_a_staff_number_already_recorded_updates_that_person(cast):
    # given the file names a recorded staff number with another name
    row = cast_row(cast, "branch_a_non_member", name="Newcomer Renamed")
    # then the row is an update of that person, never a second person
    job = upload(cast, [row])
    assert by_row(job)[2]["status"] == "update"
    assert by_row(job)[2]["changes"] == [["name", "Newcomer A", "Newcomer Renamed"]]


def test_an_id_number_of_another_person_is_refused(cast):
    # given a new person with Member A's ID number
    row = person_row("N0001", "张三", birth=dt.date(1980, 1, 1))
    row[5] = "440101198001010017"
    errors = by_row(upload(cast, [row]))[2]["errors"]
    assert errors[0]["code"] == "duplicate_id_number"
    assert "A1001" in errors[0]["message"]


def test_blank_cells_leave_recorded_values(cast):
    # given Member B's row with the phone, ID and birth cells empty
    row = cast_row(cast, "branch_b_member", phone="", birth_on=None)
    assert by_row(upload(cast, [row]))[2]["status"] == "unchanged"


def test_the_branch_column_keeps_a_person_in_their_group(cast):
    # given Member A (in group A1) listed under branch A, without a group column
    job = upload(cast, [cast_row(cast, "branch_a_member", branch="branch a")])
    assert by_row(job)[2]["status"] == "unchanged"


def test_a_group_column_places_people_in_groups(cast):
    header = [*HEADER, "工会小组"]
    job = upload(cast, [[*person_row("N0001", "张三"), "Group A1"]], header=header)
    assert by_row(job)[2]["changes"][-1] == ["branch", "", "Group A1"]
    job = upload(cast, [[*person_row("N0001", "张三"), "Group B9"]], header=header)
    assert by_row(job)[2]["errors"][0]["field"] == "group"


def test_archived_and_unknown_branches_are_refused(cast):
    # given an archived branch
    system = cast.actor("system")
    old = orgs.node_create(actor=system, parent=cast.school, kind=OrgNodeKind.BRANCH, name="Old")
    orgs.node_archive(actor=system, node=old)
    rows = [
        person_row("N0001", "张三", branch="Old"),
        person_row("N0002", "李四", branch="X", serial=2),
    ]
    # then both rows are errors naming the branch
    job = upload(cast, rows)
    assert [e["code"] for e in by_row(job)[2]["errors"]] == ["node_archived"]
    assert [e["code"] for e in by_row(job)[3]["errors"]] == ["node_not_in_school"]


def test_joining_is_planned_with_the_membership_rules(cast):
    # given a new member, a retired newcomer with a join date, and a future join date
    future = dt.date.today() + dt.timedelta(days=30)
    rows = [
        [*person_row("N0001", "张三", joined="2020-09-01"), "在职"],
        [*person_row("N0002", "李四", joined="2020-09-01", serial=2), "退休"],
        [*person_row("N0003", "王五", joined=future, serial=3), ""],
    ]
    with translation.override("zh-hans"):
        job = upload(cast, rows, header=EMPLOYMENT_HEADER)
        not_eligible = _("Only staff in service can join the union.")
    rows = by_row(job)
    assert rows[2]["steps"] == [{"kind": "join", "on": "2020-09-01", "to": "Branch A", "from": ""}]
    assert rows[3]["errors"] == [
        {"field": "joined_on", "code": "not_eligible", "message": not_eligible}
    ]
    assert rows[4]["errors"][0]["field"] == "joined_on"
    assert job.summary["joins"] == 1


def test_a_different_recorded_join_date_is_kept_with_a_warning(cast):
    row = cast_row(cast, "branch_b_member", joined_on=dt.date(2016, 1, 1))
    row_plan = by_row(upload(cast, [row]))[2]
    assert row_plan["status"] == "unchanged"
    assert [w["code"] for w in row_plan["warnings"]] == ["joined_on_differs"]


def test_an_applicant_is_not_joined_by_import(cast):
    person = cast.people["branch_a_non_member"]
    services.membership_apply(actor=cast.actor("system"), person=person)
    row = cast_row(cast, "branch_a_non_member", joined_on=dt.date(2021, 1, 1))
    assert by_row(upload(cast, [row]))[2]["errors"][0]["code"] == "already_applied"


def test_a_branch_change_is_a_transfer_on_the_chosen_date(cast):
    on = dt.date(2021, 3, 1)
    job = upload(cast, [cast_row(cast, "branch_b_member", branch="Branch A")], effective_on=on)
    row = by_row(job)[2]
    assert row["status"] == "update"
    assert row["changes"] == []
    assert row["steps"] == [
        {"kind": "transfer", "on": "2021-03-01", "to": "Branch A", "from": "Branch B"}
    ]


def test_a_change_dated_before_the_membership_began_is_refused(cast):
    job = upload(
        cast,
        [cast_row(cast, "branch_b_member", branch="Branch A")],
        effective_on=dt.date(2010, 1, 1),
    )
    assert by_row(job)[2]["errors"][0]["code"] == "date_before_last_event"


@pytest.mark.parametrize(
    ("word", "status", "steps", "codes"),
    [
        ("退休", "update", ["retire"], []),
        ("去世", "update", ["death"], []),
        ("离职", "update", ["leave"], []),
        ("在职", "unchanged", [], []),
    ],
)
def test_employment_changes_become_membership_steps(cast, word, status, steps, codes):
    row = [*cast_row(cast, "branch_b_member"), word]
    plan = by_row(upload(cast, [row], header=EMPLOYMENT_HEADER))[2]
    assert plan["status"] == status
    assert [s["kind"] for s in plan["steps"]] == steps


def test_an_employment_change_without_a_rule_is_refused(cast):
    # given a retired member listed as in service
    person = cast.people["branch_b_member"]
    services.membership_retire(actor=cast.actor("system"), person=person, on=dt.date(2021, 1, 1))
    row = [*cast_row(cast, "branch_b_member"), "在职"]
    assert (
        by_row(upload(cast, [row], header=EMPLOYMENT_HEADER))[2]["errors"][0]["code"]
        == "not_eligible"
    )


def test_a_birth_date_that_contradicts_the_id_number_is_refused(cast):
    row = person_row("N0001", "张三")
    row[3] = "1985-03-05"
    assert by_row(upload(cast, [row]))[2]["errors"][0]["field"] == "birth_on"


def test_the_preview_refuses_a_future_effective_date(cast):
    with pytest.raises(ValidationFailed) as info:
        upload(
            cast, [person_row("N0001", "张三")], effective_on=dt.date.today() + dt.timedelta(days=1)
        )
    assert info.value.field == "effective_on"
    assert RosterImport.objects.count() == 0


def test_a_wrong_id_check_digit_is_refused(cast):
    # given an ID number with one digit mistyped, so its GB 11643 check digit no longer fits
    row = person_row("N0001", "张三")
    row[5] = row[5][:15] + ("1" if row[5][15] != "1" else "2") + row[5][16:]
    # then the row is an error on the ID number, saying why
    with translation.override("en"):
        plan = by_row(upload(cast, [row]))[2]
    assert plan["status"] == "error"
    assert plan["errors"] == [
        {
            "field": "id_number",
            "code": "invalid_id_number",
            "message": "The ID number's check digit is wrong; please check it for a typo.",
        }
    ]
