import io

import pytest
from openpyxl import load_workbook

from tongxin.accounts.services import api_token_create
from tongxin.core.models import AuditEvent
from tongxin.members.models import Person, RosterImport

from .roster_files import csv_bytes, person_row

BASE = "/api/v1/members"


@pytest.fixture
def api(client, cast):
    def call(method: str, path: str, persona: str = "office_admin", **kwargs):
        _token, key = api_token_create(actor=cast.actor(persona), name="test")
        return getattr(client, method)(
            f"{BASE}{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kwargs
        )

    return call


def _upload(api, content: bytes, persona="office_admin", **data):
    return api("post", "/roster-imports", persona, data={"file": io.BytesIO(content), **data})


def test_upload_returns_the_plan_and_apply_writes_it(api, cast):
    # given a file with a new person and a bad row
    content = csv_bytes(
        [person_row("N0001", "张三"), person_row("N0002", "李四", phone="12", serial=2)]
    )
    # when uploaded
    response = _upload(api, content)
    # then the answer is the preview, errors first, each with code, message, field and column
    assert response.status_code == 201
    body = response.json()
    assert body["summary"]["create"] == 1
    assert body["summary"]["error"] == 1
    first = body["first_rows"][0]
    assert (first["row"], first["status"]) == (3, "error")
    assert first["errors"][0]["code"] == "invalid_phone"
    assert first["errors"][0]["field"] == "phone"
    assert first["errors"][0]["column"] == "手机"
    # and applying refuses until errors are skipped
    url = f"/roster-imports/{body['id']}/apply"
    refused = api("post", url, json={}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "import_has_errors"
    applied = api("post", url, data={"skip_invalid": True}, content_type="application/json")
    assert applied.status_code == 200
    assert applied.json()["status"] == "applied"
    assert Person.objects.filter(staff_number="N0001").exists()


def test_rows_are_paged_and_filtered(api, cast):
    content = csv_bytes([person_row(f"N{i:04d}", "张三", serial=i) for i in range(7)])
    job_id = _upload(api, content).json()["id"]
    page = api("get", f"/roster-imports/{job_id}/rows?limit=5&offset=5").json()
    assert page["count"] == 7
    assert [row["row"] for row in page["items"]] == [7, 8]
    assert api("get", f"/roster-imports/{job_id}/rows?status=error").json()["count"] == 0
    assert api("get", f"/roster-imports/{job_id}").json()["status"] == "planned"


def test_a_broken_file_is_a_400_with_the_error_shape(api, cast):
    response = _upload(api, b"\x00\x01\x02 not a roster")
    assert response.status_code == 400
    assert response.json()["code"] == "import_invalid_file"
    assert response.json()["field"] == "file"
    assert RosterImport.objects.count() == 0


def test_a_file_over_the_limit_is_refused(api, cast, settings):
    settings.TONGXIN_IMPORT_MAX_BYTES = 1000
    response = _upload(api, csv_bytes([person_row("N0001", "张三")]) + b" " * 2000)
    assert (response.status_code, response.json()["code"]) == (400, "import_invalid_file")


def test_import_is_refused_to_others(api, cast):
    response = _upload(api, csv_bytes([person_row("N0001", "张三")]), persona="branch_a_chair")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    job_id = _upload(api, csv_bytes([person_row("N0001", "张三")])).json()["id"]
    for path in (f"/roster-imports/{job_id}", f"/roster-imports/{job_id}/rows"):
        assert api("get", path, "branch_a_chair").status_code == 404
    response = api(
        "post",
        f"/roster-imports/{job_id}/apply",
        "branch_a_chair",
        json={},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Person.objects.filter(staff_number="N0001").exists()


def test_export_over_the_api_is_scoped_and_audited(api, cast):
    response = api("get", "/exports/people?membership_status=member", "branch_a_chair")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "A0001",
        "A0002",
        "A1001",
    ]
    refused = api("get", "/exports/people?include_id_numbers=true&reason=census", "branch_a_chair")
    assert refused.status_code == 403
    missing = api("get", "/exports/people?include_id_numbers=true")
    assert (missing.status_code, missing.json()["field"]) == (400, "reason")
    assert AuditEvent.objects.filter(event="person.exported").count() == 1


def test_template_over_the_api(api, cast):
    response = api("get", "/roster-template")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
