"""Who may import a roster and export people: the persona matrix."""

import io

import pytest
from openpyxl import load_workbook

from tongxin.core.errors import Forbidden, NotFound, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import Person, RosterImport
from tongxin.members.services import roster as roster_services

from .roster_files import person_row, upload

ALL = [
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
]
IMPORT_EXPECTED = {
    "office_admin": None,
    "finance_officer": Forbidden,
    "auditor": Forbidden,
    "branch_a_chair": NotFound,
    "branch_a_liaison": NotFound,
    "branch_a_member": NotFound,
    "branch_b_member": NotFound,
    "outsider": NotFound,
    "anonymous": NotFound,
}
BRANCH_A = ["A0001", "A0002", "A1001", "A1002"]
EVERYONE = ["A0001", "A0002", "A1001", "A1002", "B1001", "S0001", "S0002", "S0003"]
EXPORT_EXPECTED = {
    "office_admin": EVERYONE,
    "finance_officer": Forbidden,
    "auditor": Forbidden,
    "branch_a_chair": BRANCH_A,
    "branch_a_liaison": BRANCH_A,
    "branch_a_member": Forbidden,
    "branch_b_member": Forbidden,
    "outsider": Forbidden,
    "anonymous": Forbidden,
}


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _state() -> tuple[int, int, int]:
    return Person.objects.count(), RosterImport.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("persona", ALL)
def test_preview_matrix(cast, persona):
    expected = IMPORT_EXPECTED[persona]
    before = _state()
    if expected is None:
        job = upload(cast, [person_row("N0001", "张三")], actor=persona)
        assert job.summary["create"] == 1
        return
    with pytest.raises(expected):
        upload(cast, [person_row("N0001", "张三")], actor=persona)
    assert _state() == before


@pytest.mark.parametrize("persona", ALL)
def test_apply_matrix(cast, persona):
    # given a preview made by the office
    job = upload(cast, [person_row("N0001", "张三")])
    expected = IMPORT_EXPECTED[persona]
    before = _state()
    if expected is None:
        roster_services.roster_import_apply(actor=cast.actor(persona), roster_import=job)
        assert Person.objects.filter(staff_number="N0001").exists()
        return
    with pytest.raises(expected):
        roster_services.roster_import_apply(actor=cast.actor(persona), roster_import=job)
    assert _state() == before
    assert RosterImport.objects.get(pk=job.pk).status == "planned"


@pytest.mark.parametrize("persona", ALL)
def test_export_matrix(cast, persona):
    expected = EXPORT_EXPECTED[persona]
    before = AuditEvent.objects.count()
    if isinstance(expected, list):
        content = services.person_export_xlsx(actor=cast.actor(persona))
        numbers = [row[0] for row in read_xlsx(content)[1:]]
        assert numbers == expected
        event = AuditEvent.objects.get(event="person.exported")
        assert (event.changes["rows"], event.changes["id_numbers"]) == (len(expected), "masked")
        assert event.is_sensitive_read is False
        return
    with pytest.raises(expected):
        services.person_export_xlsx(actor=cast.actor(persona))
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "reason", "error"),
    [
        ("office_admin", "", ValidationFailed),
        ("office_admin", " ok ", ValidationFailed),
        ("branch_a_chair", "member census", Forbidden),
        ("branch_a_liaison", "member census", Forbidden),
    ],
)
def test_clear_id_numbers_need_the_office_and_a_reason(cast, persona, reason, error):
    before = AuditEvent.objects.count()
    with pytest.raises(error):
        services.person_export_xlsx(
            actor=cast.actor(persona), include_id_numbers=True, reason=reason
        )
    assert AuditEvent.objects.count() == before


def test_the_office_exports_clear_id_numbers_with_a_logged_reason(cast):
    content = services.person_export_xlsx(
        actor=cast.actor("office_admin"), include_id_numbers=True, reason="Annual member census"
    )
    ids = {row[0]: row[6] for row in read_xlsx(content)[1:]}
    assert ids["A1001"] == "440101198001010017"
    event = AuditEvent.objects.get(event="person.exported")
    assert event.changes["id_numbers"] == "clear"
    assert event.changes["reason"] == "Annual member census"
    assert event.is_sensitive_read is True


def test_the_template_is_for_those_who_import(cast):
    assert services.roster_template_xlsx(actor=cast.actor("office_admin"))[:2] == b"PK"
    for persona in ("branch_a_chair", "branch_a_member", "outsider"):
        with pytest.raises(Forbidden):
            services.roster_template_xlsx(actor=cast.actor(persona))
