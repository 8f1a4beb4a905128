"""Pages: each persona gets the right status, forms go through the services, and every list
and detail page runs a fixed number of queries whatever the number of rows."""

import base64
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tongxin.donations.choices import CampaignStatus, DonationStatus
from tongxin.donations.models import Campaign, Donation

from .conftest import DAY

pytestmark = pytest.mark.django_db


def _login(client, cast, persona):
    if persona != "anonymous":
        client.force_login(cast.users[persona])
    return client


def _upload(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "姓名", "金额", "日期", "渠道", "匿名"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "list.xlsx"
    return buffer


def test_office_creates_opens_and_sees_a_campaign(cast, client, books):
    _login(client, cast, "office_admin")
    response = client.post(
        reverse("donations:campaign-create"),
        {
            "title": "Charity day",
            "recipient": "Foundation",
            "target": "20,000",
            "starts_on": "2021-06-01",
            "ends_on": "2021-06-30",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.target_fen == 2_000_000
    client.post(reverse("donations:campaign-action", args=[campaign.pk, "open"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    page = client.get(reverse("donations:campaign-detail", args=[campaign.pk]))
    assert page.status_code == 200
    assert "Charity day" in page.content.decode()


def test_create_form_shows_the_service_error(cast, client, books):
    _login(client, cast, "office_admin")
    response = client.post(
        reverse("donations:campaign-create"),
        {"title": "x", "recipient": "y", "starts_on": "2021-06-30", "ends_on": "2021-06-01"},
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("finance_officer", 200),
        ("branch_a_liaison", 200),
        ("branch_a_member", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_campaign_list_access(cast, client, campaign, persona, status):
    _login(client, cast, persona)
    assert client.get(reverse("donations:campaign-list")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("branch_a_member", 200), ("office_admin", 200), ("outsider", 404)],
)
def test_honour_roll_access(cast, client, campaign, record, persona, status):
    record("branch_a_member", 1_000, anonymous=True)
    _login(client, cast, persona)
    response = client.get(reverse("donations:honour-roll", args=[campaign.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Member A" not in response.content.decode()


def test_liaison_records_one_and_bulk_enters_many(cast, client, campaign):
    _login(client, cast, "branch_a_liaison")
    response = client.post(
        reverse("donations:donation-create", args=[campaign.pk]),
        {
            "staff_number": "A1001",
            "amount": "100",
            "donated_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert response.status_code == 302
    assert Donation.objects.count() == 1
    # a branch B person is out of reach
    response = client.post(
        reverse("donations:donation-create", args=[campaign.pk]),
        {
            "staff_number": "B1001",
            "amount": "100",
            "donated_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert response.status_code == 200
    assert Donation.objects.count() == 1
    # the dry run shows the rows and writes nothing
    upload = _upload(
        [
            ["A1001", "Member A", 50, "2021-06-16", "微信", "是"],
            ["A0001", "Chair A", 30, "2021-06-16", "现金", ""],
        ]
    )
    preview = client.post(reverse("donations:donation-bulk", args=[campaign.pk]), {"file": upload})
    assert preview.status_code == 200
    assert Donation.objects.count() == 1
    content = preview.context["content"]
    assert preview.context["plan"].ok
    applied = client.post(
        reverse("donations:donation-bulk", args=[campaign.pk]),
        {"content": content, "apply": "1", "node": cast.branch_a.pk},
    )
    assert applied.status_code == 302
    assert Donation.objects.count() == 3


def test_bulk_preview_reports_bad_rows(cast, client, campaign):
    _login(client, cast, "branch_a_liaison")
    upload = _upload([["B1001", "Member B", 50, "2021-06-16", "微信", ""]])
    preview = client.post(reverse("donations:donation-bulk", args=[campaign.pk]), {"file": upload})
    assert preview.status_code == 200
    assert not preview.context["plan"].ok
    # applying a bad file anyway is refused, nothing written
    content = base64.b64encode(
        b"\xe5\xb7\xa5\xe5\x8f\xb7,\xe5\xa7\x93\xe5\x90\x8d,\xe9\x87\x91\xe9\xa2\x9d\nB1001,Member B,50\n"
    ).decode()
    refused = client.post(
        reverse("donations:donation-bulk", args=[campaign.pk]),
        {"content": content, "apply": "1", "node": cast.branch_a.pk},
    )
    assert refused.status_code == 200
    assert refused.context["error"].code == "import_has_errors"
    assert not Donation.objects.exists()


def test_member_reports_then_liaison_confirms_and_member_sees_receipt(cast, client, campaign):
    _login(client, cast, "branch_a_member")
    me = client.get(reverse("donations:me"))
    assert me.status_code == 200
    assert campaign.title in me.content.decode()
    response = client.post(
        reverse("donations:donation-report", args=[campaign.pk]),
        {"amount": "88", "donated_on": DAY.isoformat(), "channel": "bank_transfer"},
    )
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PENDING
    client.logout()
    _login(client, cast, "branch_a_liaison")
    detail = client.get(reverse("donations:campaign-detail", args=[campaign.pk]))
    assert detail.context["pending"] == [donation]
    client.post(
        reverse("donations:donation-confirm", args=[campaign.pk]), {"donation": [donation.pk]}
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.CONFIRMED
    client.logout()
    _login(client, cast, "branch_a_member")
    receipt = client.get(reverse("donations:receipt", args=[donation.pk]))
    assert receipt.status_code == 200
    assert donation.receipt_number in receipt.content.decode()
    # another member cannot open it
    client.logout()
    _login(client, cast, "branch_b_member")
    assert client.get(reverse("donations:receipt", args=[donation.pk])).status_code == 404


def test_hand_over_page_flow(cast, client, campaign, record):
    record("branch_a_member", 1_000)
    _login(client, cast, "office_admin")
    client.post(reverse("donations:campaign-action", args=[campaign.pk, "close"]))
    detail = client.get(reverse("donations:campaign-detail", args=[campaign.pk]))
    assert detail.context["hand_over_form"] is not None
    client.post(
        reverse("donations:campaign-hand-over", args=[campaign.pk]),
        {"amount": "10", "handed_over_on": "2021-07-01", "recipient_receipt": "R-9"},
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.HANDED_OVER


@pytest.mark.parametrize(("persona", "rows"), [("office_admin", 2), ("branch_a_liaison", 1)])
def test_export_page(cast, client, campaign, record, persona, rows):
    record("branch_a_member", 1_000)
    record("branch_b_member", 2_000, persona="office_admin")
    _login(client, cast, persona)
    response = client.get(reverse("donations:donation-export", args=[campaign.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row - 1 == rows


def _many(record, n):
    for index in range(n):
        record(
            "branch_b_member" if index % 2 else "branch_a_member",
            100 + index,
            persona="office_admin",
        )


@pytest.mark.parametrize(
    ("url_name", "persona", "with_pk"),
    [
        ("donations:campaign-list", "office_admin", False),
        ("donations:campaign-detail", "office_admin", True),
        ("donations:campaign-detail", "branch_a_liaison", True),
        ("donations:donation-list", "office_admin", True),
        ("donations:honour-roll", "branch_a_member", True),
        ("donations:me", "branch_a_member", False),
    ],
)
def test_pages_run_fixed_queries(
    cast, client, campaign, record, django_assert_max_num_queries, url_name, persona, with_pk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, cast, persona)
    url = reverse(url_name, args=[campaign.pk] if with_pk else [])
    _many(record, 1)
    client.get(url)  # warm caches (menus)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _many(record, 12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_liaison_cancels_a_donation_from_the_list(cast, client, campaign, record):
    donation = record("branch_a_member", 1_000)
    _login(client, cast, "branch_a_liaison")
    page = client.get(reverse("donations:donation-list", args=[campaign.pk]))
    assert page.context["can_cancel"] is True
    client.post(
        reverse("donations:donation-cancel", args=[campaign.pk, donation.pk]),
        {"reason": "Entered twice"},
    )
    donation.refresh_from_db()
    assert donation.status == DonationStatus.CANCELLED
