"""Care pages: who may open what, filing and deciding through the forms, the attachment
download through the chain check, the member's pages, and constant queries per list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tongxin.care import services
from tongxin.care.choices import VisitStatus
from tongxin.care.models import CareVisit
from tongxin.core.models import AuditEvent
from tongxin.testing.care import PAID_ON, PDF, file_visit
from tongxin.testing.personas import log_in

from .conftest import counts

pytestmark = pytest.mark.django_db
RECENT = (timezone.localdate() - dt.timedelta(days=10)).isoformat()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("finance_officer", 200),
        ("auditor", 200),
        ("branch_a_chair", 200),
        ("branch_a_liaison", 200),
        ("branch_a_member", 403),
        ("outsider", 403),
    ],
)
def test_console_list_access(client, cast, books, persona, status):
    log_in(client, cast, persona)
    assert client.get(reverse("care:visit-list")).status_code == status


def test_anonymous_is_sent_to_log_in(client, cast):
    response = client.get(reverse("care:visit-list"))
    assert response.status_code == 302


def _many(cast, n):
    liaison = cast.actor("branch_a_liaison")
    member = cast.people["branch_a_member"]
    kinds = ["hospitalisation", "childbirth", "marriage", "retirement", "other"]
    for i in range(n):
        file_visit(liaison, member, kind=kinds[i % len(kinds)], amount_fen=10_000)


@pytest.mark.parametrize("persona", ["office_admin", "branch_a_liaison"])
def test_list_queries_do_not_grow(client, cast, books, persona, django_assert_max_num_queries):
    _many(cast, 1)
    log_in(client, cast, persona)
    client.get(reverse("care:visit-list"))  # warm caches
    with django_assert_max_num_queries(14) as one:
        assert client.get(reverse("care:visit-list")).status_code == 200
    _many(cast, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("care:visit-list"))
    assert response.content.count(b'href="/care/visits/') >= 5


def test_mine_queries_do_not_grow(client, cast, books, django_assert_max_num_queries):
    _many(cast, 1)
    log_in(client, cast, "branch_a_member")
    client.get(reverse("care:visit-mine"))
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("care:visit-mine"))
    _many(cast, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("care:visit-mine"))
    assert response.status_code == 200
    assert response.content.count(b'data-testid="my-visits"') == 1


def test_liaison_files_through_the_form(client, cast, books):
    log_in(client, cast, "branch_a_liaison")
    response = client.post(
        reverse("care:visit-file"),
        {
            "staff_number": "A1001",
            "kind": "hospitalisation",
            "event_on": RECENT,
            "amount": "300",
            "diagnosis": "Appendicitis",
            "label_1": "住院证明或出院记录",
            "file_1": SimpleUploadedFile("record.pdf", PDF, content_type="application/pdf"),
        },
    )
    import re

    assert response.status_code == 302, re.findall(
        r"(?:error|alert)[^<]*<[^>]*>[^<]*", response.content.decode()
    )
    visit = CareVisit.objects.get()
    assert (visit.amount_fen, visit.person, visit.attachments.count()) == (
        30_000,
        cast.people["branch_a_member"],
        1,
    )


@pytest.mark.parametrize(
    ("amount", "number"),
    [("-5", "A1001"), ("abc", "A1001"), ("600", "A1001"), ("300", "B1001")],
)
def test_bad_form_input_changes_nothing(client, cast, books, amount, number):
    log_in(client, cast, "branch_a_liaison")
    before = counts()
    response = client.post(
        reverse("care:visit-file"),
        {
            "staff_number": number,
            "kind": "hospitalisation",
            "event_on": RECENT,
            "amount": amount,
            "documents_to_follow": "on",
        },
    )
    assert response.status_code == 200
    assert b'class="error"' in response.content or b"form-errors" in response.content
    assert counts() == before


def test_member_applies_on_the_mobile_form(client, cast, books):
    log_in(client, cast, "branch_a_member")
    page = client.get(reverse("care:visit-apply"))
    assert b'name="staff_number"' not in page.content
    response = client.post(
        reverse("care:visit-apply"),
        {
            "kind": "childbirth",
            "event_on": RECENT,
            "amount": "200",
            "documents_to_follow": "on",
            "disclosure_consent": "on",
        },
    )
    assert response.status_code == 302
    visit = CareVisit.objects.get()
    assert visit.person == cast.people["branch_a_member"]
    assert visit.disclosure_consent


def test_decide_page_flow_pays(client, cast, books):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    for persona in ("branch_a_chair", "office_admin"):
        log_in(client, cast, persona)
        detail = client.get(reverse("care:visit-detail", args=[visit.pk]))
        assert b'data-testid="decision-form"' in detail.content
        client.post(reverse("care:visit-decide", args=[visit.pk]), {"outcome": "approve"})
    # finance decides with the payment dated in the open books
    services.care_visit_decide(
        actor=cast.actor("finance_officer"), visit=visit, outcome="approve", on=PAID_ON
    )
    assert CareVisit.objects.get(pk=visit.pk).status == VisitStatus.PAID


def test_finance_sees_no_decision_form_before_its_step(client, cast, books):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    log_in(client, cast, "finance_officer")
    detail = client.get(reverse("care:visit-detail", args=[visit.pk]))
    assert detail.status_code == 200
    assert b'data-testid="decision-form"' not in detail.content
    before = counts()
    client.post(reverse("care:visit-decide", args=[visit.pk]), {"outcome": "approve"})
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "sees_health"),
    [
        ("branch_a_liaison", True),  # filer
        ("branch_a_member", True),  # the member
        ("office_admin", True),
        ("branch_a_chair", True),  # current step
        ("finance_officer", False),  # step not reached yet
        ("auditor", False),
    ],
)
def test_health_details_only_for_the_chain_and_logged(client, cast, books, persona, sees_health):
    visit = file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Fractured wrist"
    )
    attachment = visit.attachments.get()
    log_in(client, cast, persona)
    reads = AuditEvent.objects.filter(is_sensitive_read=True).count()
    detail = client.get(reverse("care:visit-detail", args=[visit.pk]))
    assert (b"Fractured wrist" in detail.content) is sees_health
    download = client.get(reverse("care:attachment-download", args=[attachment.pk]))
    if sees_health:
        assert download.status_code == 200
        assert download.content == PDF
        assert AuditEvent.objects.filter(is_sensitive_read=True).count() == reads + 2
    else:
        assert download.status_code == 403
        assert AuditEvent.objects.filter(is_sensitive_read=True).count() == reads


def test_other_branch_cannot_open_or_download(client, cast, books):
    visit = file_visit(cast.actor("office_admin"), cast.people["branch_b_member"])
    attachment = visit.attachments.get()
    log_in(client, cast, "branch_a_chair")
    assert client.get(reverse("care:visit-detail", args=[visit.pk])).status_code == 404
    assert client.get(reverse("care:attachment-download", args=[attachment.pk])).status_code == 404


def test_lists_never_show_the_diagnosis(client, cast, books):
    file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Secret illness"
    )
    for persona in ("office_admin", "auditor", "branch_a_member"):
        log_in(client, cast, persona)
        for name in ("care:visit-list", "care:visit-mine", "care:notice"):
            response = client.get(reverse(name))
            assert b"Secret illness" not in response.content


def test_notice_lists_only_consented_paid_visits(client, cast, books):
    liaison = cast.actor("branch_a_liaison")
    consented = file_visit(liaison, cast.people["branch_a_member"], disclosure_consent=True)
    file_visit(cast.actor("office_admin"), cast.people["branch_b_member"])  # no consent
    for persona in ("branch_a_chair", "office_admin", "finance_officer"):
        consented = services.care_visit_decide(
            actor=cast.actor(persona), visit=consented, outcome="approve", on=PAID_ON
        )
    log_in(client, cast, "branch_b_member")
    response = client.get(reverse("care:notice"))
    body = response.content.decode()
    assert "Member A" in body
    assert "Member B" not in body


def test_export_has_no_diagnosis(client, cast, books):
    import io

    from openpyxl import load_workbook

    file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Secret illness"
    )
    log_in(client, cast, "office_admin")
    response = client.get(reverse("care:visit-export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Member A" in values
    assert "Secret illness" not in values
    log_in(client, cast, "branch_a_liaison")
    assert client.get(reverse("care:visit-export")).status_code == 403


@pytest.mark.parametrize(
    ("name", "persona", "status"),
    [
        ("care:hardship-list", "office_admin", 200),
        ("care:hardship-list", "branch_a_chair", 200),
        ("care:hardship-list", "branch_a_member", 200),
        ("care:hardship-list", "outsider", 403),
        ("care:hardship-apply", "branch_a_member", 200),
        ("care:waiver-list", "office_admin", 200),
        ("care:waiver-list", "branch_a_chair", 200),
        ("care:waiver-list", "branch_a_member", 403),
        ("care:waiver-request", "office_admin", 200),
        ("care:waiver-request", "branch_a_chair", 403),
        ("care:notice", "branch_b_member", 200),
        ("care:visit-mine", "branch_a_member", 200),
        ("care:visit-apply", "branch_a_member", 200),
        ("care:visit-file", "branch_a_liaison", 200),
    ],
)
def test_other_pages(client, cast, books, name, persona, status):
    log_in(client, cast, persona)
    assert client.get(reverse(name)).status_code == status


def test_hardship_pages_flow(client, cast, books):
    log_in(client, cast, "branch_a_liaison")
    response = client.post(
        reverse("care:hardship-apply"),
        {
            "staff_number": "A1001",
            "household_size": "3",
            "annual_income": "30000",
            "situation": "Spouse ill",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    log_in(client, cast, "branch_a_chair")
    detail = client.get(url)
    assert b"Spouse ill" in detail.content
    pk = int(url.rstrip("/").split("/")[-1])
    client.post(
        reverse("care:hardship-action", args=[pk]),
        {"action": "verify", "household_size": "3", "annual_income": "30000"},
    )
    log_in(client, cast, "office_admin")
    client.post(reverse("care:hardship-action", args=[pk]), {"action": "approve"})
    from tongxin.care.models import HardshipFile

    assert HardshipFile.objects.get(pk=pk).status == "active"


def test_office_sets_thresholds_on_the_page(client, cast):
    from tongxin.care.models import HardshipThresholds

    log_in(client, cast, "branch_a_chair")
    page = client.get(reverse("care:thresholds"))
    assert page.status_code == 200
    assert b'data-testid="thresholds-form"' not in page.content
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("care:thresholds"),
        {
            "effective_from": "2021-01-01",
            "minimum_living": "1200",
            "relative_factor_percent": "200",
            "accident_income_percent": "80",
            "valid_months": "12",
        },
    )
    assert response.status_code == 302
    assert HardshipThresholds.objects.get().minimum_living_monthly_fen == 120_000


def _hardship_files(cast, n):
    from tongxin.care.services import HardshipInputs
    from tongxin.members import services as members

    for i in range(n):
        person = members.person_create(
            actor=cast.actor("system"),
            node=cast.branch_a,
            staff_number=f"H{i:04d}{n}",
            name=f"Hardship {i}",
            gender="female",
        )
        person = members.membership_join(
            actor=cast.actor("system"), person=person, on=dt.date(2015, 9, 1)
        )
        services.hardship_file_apply(
            actor=cast.actor("office_admin"),
            person=person,
            inputs=HardshipInputs(household_size=3, annual_income_fen=3_000_000),
            applied_on=dt.date(2021, 3, 1),
        )


def test_hardship_list_queries_do_not_grow(client, cast, django_assert_max_num_queries):
    _hardship_files(cast, 1)
    log_in(client, cast, "office_admin")
    client.get(reverse("care:hardship-list"))
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("care:hardship-list"))
    _hardship_files(cast, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("care:hardship-list"))
    assert response.content.count(b'href="/care/hardship/') >= 5


def test_approvals_inbox_links_to_the_visit(client, cast, books):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    log_in(client, cast, "branch_a_chair")
    response = client.get(reverse("approvals:inbox"))
    assert response.status_code == 200
    assert reverse("care:visit-detail", args=[visit.pk]).encode() in response.content


def test_the_form_says_which_documents_the_chosen_kind_needs(client, cast, books):
    # given the standards in force, and a liaison filing a visit
    from tongxin.funds.queries.policy import care_standard

    log_in(client, cast, "branch_a_liaison")
    wanted = care_standard(school=cast.school, kind="childbirth", on=timezone.localdate())
    assert wanted is not None
    assert wanted.attachment_list
    # when they choose a kind (htmx asks for its standard)
    response = client.get(reverse("care:visit-kind-standard"), {"kind": "childbirth"})
    # then the documents that kind requires are listed
    page = response.content.decode()
    assert 'data-testid="kind-standard"' in page
    assert all(name in page for name in wanted.attachment_list)
    # and the form page itself lists every kind's documents and asks on change
    form_page = client.get(reverse("care:visit-file")).content.decode()
    assert 'data-testid="all-standards"' in form_page
    assert reverse("care:visit-kind-standard") in form_page


def test_the_standard_partial_is_for_people_who_may_file(client, cast, books):
    # given an account with no person and no role
    log_in(client, cast, "outsider")
    # when it asks for a kind's standard
    response = client.get(reverse("care:visit-kind-standard"), {"kind": "childbirth"})
    # then it is refused
    assert response.status_code == 403
