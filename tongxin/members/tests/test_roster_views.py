import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tongxin.core.models import AuditEvent
from tongxin.members import services
from tongxin.members.models import Person, RosterImport

from .roster_files import csv_bytes, person_row, upload, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _login(client, cast, persona="office_admin"):
    client.force_login(cast.users[persona])
    return client


def _post_file(client, content: bytes, name="roster.xlsx", **extra):
    upload_file = SimpleUploadedFile(name, content)
    return client.post(reverse("members:roster-import"), {"file": upload_file, **extra})


def test_upload_preview_apply(client, cast):
    # given the office on the import page
    _login(client, cast)
    assert client.get(reverse("members:roster-import")).status_code == 200
    # when it uploads a file with one new member
    response = _post_file(client, xlsx_bytes([person_row("N0001", "张三", joined="2020-09-01")]))
    job = RosterImport.objects.get()
    assert response.url == reverse("members:roster-import-detail", args=[job.pk])
    # then the preview lists the row, and nothing is written yet
    page = client.get(response.url)
    assert 'data-status="create"' in page.content.decode()
    assert not Person.objects.filter(staff_number="N0001").exists()
    # and applying writes it
    response = client.post(reverse("members:roster-import-apply", args=[job.pk]))
    assert response.status_code == 302
    assert Person.objects.get(staff_number="N0001").membership_status == "member"
    page = client.get(reverse("members:roster-import-detail", args=[job.pk]))
    assert 'data-testid="apply-box"' not in page.content.decode()


def test_a_broken_file_shows_the_reason_in_chinese(client, cast):
    _login(client, cast)
    with translation.override("zh-hans"):
        response = _post_file(
            client, b"%PDF-1.4 \x00\x01", name="scan.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        expected = _("This is not a spreadsheet: upload an .xlsx workbook or a .csv file.")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert expected != "This is not a spreadsheet: upload an .xlsx workbook or a .csv file."
    assert RosterImport.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_reading(client, cast, settings):
    settings.TONGXIN_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    _login(client, cast)
    response = _post_file(client, b"0" * (10 * 1024 * 1024), name="big.csv")
    assert "10.0 MB" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_row_errors_show_their_row_and_reason_in_chinese(client, cast):
    _login(client, cast)
    with translation.override("zh-hans"):
        _post_file(
            client, csv_bytes([person_row("N0001", "张三", branch="Branch Z")]), name="r.csv"
        )
        job = RosterImport.objects.get()
        page = client.get(
            reverse("members:roster-import-detail", args=[job.pk]) + "?status=error",
            HTTP_HX_REQUEST="true",
        )
        reason = _("“%(name)s” is not a branch of %(school)s.") % {
            "name": "Branch Z",
            "school": "Test school union",
        }
    body = page.content.decode()
    assert "<html" not in body  # the htmx partial only
    assert reason in body
    assert '<td class="num">2</td>' in body


def test_applying_with_errors_needs_the_explicit_choice(client, cast):
    _login(client, cast)
    rows = [person_row("N0001", "张三"), person_row("N0002", "李四", phone="1", serial=2)]
    job = upload(cast, rows)
    url = reverse("members:roster-import-apply", args=[job.pk])
    # without the choice: refused with the reason, nothing written
    client.post(url)
    assert not Person.objects.filter(staff_number="N0001").exists()
    # choosing to skip without confirming: refused
    client.post(url, {"skip_invalid": "on"})
    assert not Person.objects.filter(staff_number="N0001").exists()
    # choosing and confirming: applied without the error row
    client.post(url, {"skip_invalid": "on", "confirm_skip": "on"})
    assert list(
        Person.objects.filter(staff_number__startswith="N").values_list("staff_number", flat=True)
    ) == ["N0001"]


def test_preview_page_runs_a_constant_number_of_queries(client, cast):
    _login(client, cast)
    small = upload(cast, [person_row(f"N{i:04d}", "张三", serial=i) for i in range(3)])
    large = upload(cast, [person_row(f"N{i:04d}", "张三", serial=i) for i in range(80)])
    counts = []
    for job in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("members:roster-import-detail", args=[job.pk]))
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_only_the_office_reaches_the_import_pages(client, cast):
    job = upload(cast, [person_row("N0001", "张三")])
    _login(client, cast, "branch_a_chair")
    assert client.get(reverse("members:roster-import")).status_code == 403
    assert client.get(reverse("members:roster-import-detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("members:roster-import-apply", args=[job.pk])).status_code == 404
    assert client.get(reverse("members:roster-template")).status_code == 403
    assert RosterImport.objects.get().status == "planned"


def test_template_download(client, cast):
    _login(client, cast)
    response = client.get(reverse("members:roster-template"))
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_people_list_offers_import_and_export_by_permission(client, cast):
    _login(client, cast)
    body = client.get(reverse("members:person-list")).content.decode()
    assert 'data-testid="roster-import-link"' in body
    assert 'data-testid="person-export-link"' in body
    _login(client, cast, "branch_a_chair")
    body = client.get(reverse("members:person-list")).content.decode()
    assert 'data-testid="roster-import-link"' not in body
    assert 'data-testid="person-export-link"' in body


def test_export_page_counts_then_downloads(client, cast):
    _login(client, cast, "branch_a_chair")
    url = reverse("members:person-export")
    page = client.get(url, {"membership_status": "member"})
    assert page.context["count"] == 3
    assert "include_id_numbers" not in page.context["form"].fields
    response = client.post(url, {"membership_status": "member"})
    assert response["Content-Type"] == XLSX
    assert AuditEvent.objects.get(event="person.exported").changes["rows"] == 3


def test_export_page_asks_the_reason_for_clear_id_numbers(client, cast):
    _login(client, cast)
    url = reverse("members:person-export")
    response = client.post(url, {"include_id_numbers": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not AuditEvent.objects.filter(event="person.exported").exists()
    response = client.post(url, {"include_id_numbers": "on", "reason": "Annual census"})
    assert response["Content-Type"] == XLSX


def test_member_cannot_reach_the_export_page(client, cast):
    _login(client, cast, "branch_a_member")
    assert client.get(reverse("members:person-export")).status_code == 403
    assert client.post(reverse("members:person-export")).status_code == 403


def test_search_partial_is_scoped(client, cast):
    # given a Chinese-named person in branch B
    services.person_create(
        actor=cast.actor("system"),
        node=cast.branch_b,
        staff_number="B2001",
        name="曾小明",
        gender="male",
        birth_on=dt.date(1990, 1, 1),
    )
    url = reverse("members:person-pick")
    # the office finds him by pinyin of the surname's surname reading and by initials
    _login(client, cast)
    for text in ("zengxiaoming", "zxm", "曾小", "B20"):
        response = client.get(url, {"q": text}, HTTP_HX_REQUEST="true")
        assert [p.staff_number for p in response.context["people"]] == ["B2001"], text
    # a branch A chair does not
    _login(client, cast, "branch_a_chair")
    assert list(client.get(url, {"q": "zxm"}).context["people"]) == []
    assert [p.staff_number for p in client.get(url, {"q": "member"}).context["people"]] == ["A1001"]
