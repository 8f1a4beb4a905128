import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import MembershipEvent, MembershipPeriod, Person, RosterImport
from tongxin.members.roster import apply as roster_apply
from tongxin.members.services import roster as roster_services

from .roster_files import HEADER, by_row, cast_row, id_number, person_row, upload

EMPLOYMENT_HEADER = [*HEADER, "在职状态"]


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        MembershipEvent.objects.count(),
        MembershipPeriod.objects.count(),
        AuditEvent.objects.count(),
    )


def _apply(cast, job, **kwargs):
    return roster_services.roster_import_apply(
        actor=cast.actor("office_admin"), roster_import=job, **kwargs
    )


def test_applies_new_people_with_their_membership_and_audit(cast):
    # given a preview of two new people, one of them a member since 2020
    rows = [person_row("N0001", "张三", joined="2020-09-01"), person_row("N0002", "李四", serial=2)]
    job = upload(cast, rows)
    before = AuditEvent.objects.count()
    # when applied
    job = _apply(cast, job)
    # then both exist, the member with a period and a join event, each change audited
    zhang = Person.objects.get(staff_number="N0001")
    assert (zhang.membership_status, zhang.joined_on, zhang.name_pinyin) == (
        "member",
        dt.date(2020, 9, 1),
        "zhangsan",
    )
    assert zhang.id_number_masked.endswith(zhang.id_number[-4:])
    assert (
        MembershipPeriod.objects.filter(person=zhang, node=cast.branch_a, ended_on=None).count()
        == 1
    )
    assert list(zhang.membership_events.values_list("kind", flat=True)) == ["joined"]
    assert Person.objects.get(staff_number="N0002").membership_status == "none"
    events = list(AuditEvent.objects.order_by("id").values_list("event", flat=True)[before:])
    assert sorted(events) == sorted(
        ["person.created", "person.created", "membership.joined", "roster.imported"]
    )
    joined = AuditEvent.objects.get(event="membership.joined", target_id=str(zhang.pk))
    assert joined.changes["membership_status"] == ["none", "member"]
    assert job.status == "applied"
    assert job.file_content == ""


def test_reimporting_the_same_file_changes_nothing(cast):
    # given a file applied once
    rows = [
        person_row("N0001", "张三", joined="2020-09-01"),
        cast_row(cast, "branch_b_member", branch="Branch A", phone="13999990000"),
    ]
    _apply(cast, upload(cast, rows))
    before = _counts()
    # when the same file is previewed and applied again
    job = upload(cast, rows)
    assert {row["status"] for row in job.rows} == {"unchanged"}
    _apply(cast, job)
    # then the only new row anywhere is the import's own audit event
    people, history, periods, audits = _counts()
    assert (people, history, periods) == before[:3]
    assert audits == before[3] + 1
    assert AuditEvent.objects.latest("id").event == "roster.imported"


def test_refuses_to_apply_while_rows_have_errors(cast):
    # given a preview with one good and one bad row
    job = upload(
        cast, [person_row("N0001", "张三"), person_row("N0002", "李四", phone="1", serial=2)]
    )
    before = _counts()
    # when applied without choosing to skip
    with pytest.raises(DomainError) as info:
        _apply(cast, job)
    # then nothing is written and the preview stays open
    assert info.value.code == "import_has_errors"
    assert info.value.extra == {"error_rows": [3]}
    assert _counts() == before
    assert RosterImport.objects.get(pk=job.pk).status == "planned"


def test_skipping_error_rows_applies_the_others_and_records_which(cast):
    job = upload(
        cast, [person_row("N0001", "张三"), person_row("N0002", "李四", phone="1", serial=2)]
    )
    job = _apply(cast, job, skip_invalid=True)
    assert Person.objects.filter(staff_number__in=["N0001", "N0002"]).count() == 1
    event = AuditEvent.objects.get(event="roster.imported")
    assert event.changes["skip_invalid"] is True
    assert event.changes["skipped_error_rows"] == [3]
    assert job.skip_invalid is True


def test_applying_twice_is_refused(cast):
    job = _apply(cast, upload(cast, [person_row("N0001", "张三")]))
    before = _counts()
    with pytest.raises(DomainError) as info:
        _apply(cast, job)
    assert info.value.code == "import_already_applied"
    assert _counts() == before


def test_a_change_since_the_preview_refreshes_it_and_refuses(cast):
    # given a preview, then someone changes Member B's phone by hand
    job = upload(cast, [cast_row(cast, "branch_b_member", phone="13999990000")])
    person = cast.people["branch_b_member"]
    services.person_update(
        actor=cast.actor("system"), person=person, changes={"phone": "13999990000"}
    )
    before = _counts()
    # when the preview is applied
    with pytest.raises(DomainError) as info:
        _apply(cast, job)
    # then nothing is written, and the stored preview now says what applying would do
    assert info.value.code == "import_stale"
    assert _counts() == before
    job.refresh_from_db()
    assert by_row(job)[2]["status"] == "unchanged"
    # and applying the refreshed preview works
    assert _apply(cast, job).status == "applied"


def test_a_failure_half_way_leaves_nothing_written(cast, monkeypatch):
    # given a file with new people (bulk-inserted first) and a transfer (done afterwards)
    rows = [
        person_row("N0001", "张三", joined="2020-09-01"),
        cast_row(cast, "branch_b_member", branch="Branch A"),
    ]
    job = upload(cast, rows)
    before = _counts()

    def broken_transfer(**kwargs):
        raise DomainError("The disk is full.", code="storage_full")

    monkeypatch.setattr(roster_apply, "transfer_locked", broken_transfer)
    # when applying fails at the transfer
    with pytest.raises(DomainError) as info:
        _apply(cast, job)
    # then the new people were rolled back too, and the job is marked failed with the reason
    assert info.value.code == "storage_full"
    assert "3" in info.value.message
    assert _counts() == before
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.summary["failure"]["code"] == "storage_full"
    assert job.file_content == ""


def test_a_branch_change_is_recorded_as_a_transfer_with_history(cast):
    # given Member B listed in branch A, changes dated 1 March 2021
    on = dt.date(2021, 3, 1)
    job = upload(cast, [cast_row(cast, "branch_b_member", branch="Branch A")], effective_on=on)
    # when applied
    _apply(cast, job)
    # then the person moved, the old period closed and a new one opened that day
    person = Person.objects.get(pk=cast.people["branch_b_member"].pk)
    assert person.node_id == cast.branch_a.pk
    periods = list(
        person.membership_periods.order_by("started_on").values_list("node_id", "ended_on")
    )
    assert periods == [(cast.branch_b.pk, on), (cast.branch_a.pk, None)]
    event = person.membership_events.get(kind="transferred")
    assert (event.from_node_id, event.to_node_id, event.occurred_on) == (
        cast.branch_b.pk,
        cast.branch_a.pk,
        on,
    )
    assert "roster.csv" in event.note
    assert (
        AuditEvent.objects.filter(event="membership.transferred", target_id=str(person.pk)).count()
        == 1
    )


@pytest.mark.parametrize(
    ("word", "kind", "membership", "employment"),
    [
        ("退休", "retired", "retained", "retired"),
        ("去世", "died", "deceased", "deceased"),
        ("离职", "left", "left", "left"),
    ],
)
def test_status_changes_go_through_the_membership_steps(cast, word, kind, membership, employment):
    job = upload(cast, [[*cast_row(cast, "branch_b_member"), word]], header=EMPLOYMENT_HEADER)
    _apply(cast, job)
    person = Person.objects.get(pk=cast.people["branch_b_member"].pk)
    assert (person.membership_status, person.employment_status) == (membership, employment)
    assert person.membership_events.filter(kind=kind).count() == 1


def test_field_changes_are_audited_like_a_manual_edit(cast):
    # given a new phone and a corrected ID number for the non-member
    new_id = id_number(dt.date(1985, 2, 2), male=False, serial=7)
    job = upload(
        cast, [cast_row(cast, "branch_a_non_member", phone="13999990000", id_number=new_id)]
    )
    _apply(cast, job)
    person = Person.objects.get(pk=cast.people["branch_a_non_member"].pk)
    assert (person.phone, person.id_number) == ("13999990000", new_id)
    event = AuditEvent.objects.get(event="person.updated", target_id=str(person.pk))
    assert event.changes == {"id_number": ["***", "***"], "phone": ["13800001002", "13999990000"]}


def test_the_uploaded_file_is_stored_encrypted(cast):
    job = upload(cast, [person_row("N0001", "张三")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT file_content FROM members_rosterimport WHERE id = %s", [job.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAA")  # a Fernet token, not the base64 of the CSV
    assert "N0001" not in stored


def test_an_old_preview_can_no_longer_be_applied(cast):
    job = upload(cast, [person_row("N0001", "张三")])
    RosterImport.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    with pytest.raises(DomainError) as info:
        _apply(cast, job)
    assert info.value.code == "import_stale"
    # and a new upload erases old previews' files
    upload(cast, [person_row("N0002", "李四")])
    job.refresh_from_db()
    assert (job.status, job.file_content) == ("expired", "")
