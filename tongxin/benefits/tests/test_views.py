"""Pages: who gets which page, the office's flow (plan, confirm with the cap list, close), the
liaison's pickup list and scanner, the member's receipt, and constant query counts."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tongxin.benefits import services
from tongxin.benefits.choices import BatchStatus, ReceiptStatus
from tongxin.benefits.models import BenefitBatch, BenefitReceipt
from tongxin.testing.benefits import add_members
from tongxin.testing.personas import SYSTEM, log_in


def _get(client, cast, persona, url):
    log_in(client, cast, persona)
    return client.get(url)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("finance_officer", 200),
        ("auditor", 200),
        ("branch_a_liaison", 200),
        ("branch_a_chair", 200),
        ("branch_a_member", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_batch_list_access(cast, client, batch, persona, status):
    assert _get(client, cast, persona, reverse("benefits:batch-list")).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office_admin", 200),
        ("finance_officer", 200),
        ("branch_a_liaison", 200),
        ("branch_a_member", 404),
        ("branch_b_member", 404),
        ("outsider", 404),
    ],
)
def test_batch_detail_access(cast, client, batch, persona, status):
    response = _get(client, cast, persona, reverse("benefits:batch-detail", args=[batch.pk]))
    assert response.status_code == status


def test_liaison_sees_only_branch_a_progress(cast, client, batch):
    response = _get(
        client, cast, "branch_a_liaison", reverse("benefits:batch-detail", args=[batch.pk])
    )
    progress = response.context["progress"]
    assert [row.branch_id for row in progress] == [cast.branch_a.pk]
    assert response.context["total"].total == 3


def test_office_plans_and_confirms_with_override(cast, client, make_batch):
    make_batch(audience_node=cast.group_a1, unit_cost_fen=190_000, confirm=True)
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("benefits:batch-create"),
        {
            "title": "Mid-Autumn mooncakes",
            "festival": "mid_autumn",
            "goods": "Mooncakes",
            "unit_cost": "200",
            "supplier": "Bakery",
            "cutoff_on": "2021-09-01",
            "distribute_on": "2021-09-18",
        },
    )
    assert response.status_code == 302
    batch = BenefitBatch.objects.get(title="Mid-Autumn mooncakes")
    assert batch.unit_cost_fen == 20_000
    confirm_url = reverse("benefits:batch-confirm", args=[batch.pk])
    page = client.get(confirm_url)
    member = cast.people["branch_a_member"]
    assert [o.person.pk for o in page.context["preview"].over] == [member.pk]
    # Neither excluded nor overridden: refused, nothing changed.
    refused = client.post(confirm_url, {})
    assert refused.status_code == 400
    assert refused.context["error"].code == "cap_exceeded"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DRAFT
    done = client.post(
        confirm_url, {f"override-{member.pk}": "1", f"reason-{member.pk}": "Hardship"}
    )
    assert done.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    assert batch.receipts.get(person=member).cap_overridden
    detail = client.get(reverse("benefits:batch-detail", args=[batch.pk])).content.decode()
    assert "Hardship" in detail


def test_bad_unit_cost_in_the_form(cast, client, books):
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("benefits:batch-create"),
        {
            "title": "X",
            "festival": "spring_festival",
            "goods": "Rice",
            "unit_cost": "-5",
            "cutoff_on": "2021-01-01",
            "distribute_on": "2021-02-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit_cost"]
    assert not BenefitBatch.objects.exists()


def test_liaison_signs_for_a_member_and_exports(cast, client, batch):
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    log_in(client, cast, "branch_a_liaison")
    url = reverse("benefits:pickup-list", args=[batch.pk, cast.branch_a.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("benefits:receipt-sign-for", args=[receipt.pk]), {"proxy_name": "Wang"})
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SIGNED
    assert receipt.proxy_name == "Wang"
    other = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_b_member"])
    assert (
        client.post(
            reverse("benefits:receipt-sign-for", args=[other.pk]), {"proxy_name": "W"}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("benefits:pickup-list", args=[batch.pk, cast.branch_b.pk])).status_code
        == 404
    )
    export = client.get(reverse("benefits:pickup-export", args=[batch.pk, cast.branch_a.pk]))
    assert export.status_code == 200
    rows = list(
        load_workbook(BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True)
    )
    assert rows[2][:2] == ("A1001", "Member A")
    assert rows[2][5] == "Wang"


def test_scan_page_signs_by_token(cast, client, batch):
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    log_in(client, cast, "branch_a_liaison")
    url = reverse("benefits:pickup-scan", args=[batch.pk])
    assert client.get(url).status_code == 200
    ok = client.post(
        url, {"code": f"http://testserver/benefits/r/{receipt.token}/"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="scan-ok"' in ok.content.decode()
    again = client.post(url, {"code": receipt.token}, HTTP_HX_REQUEST="true")
    assert 'data-testid="scan-error"' in again.content.decode()
    missing = client.post(url, {"code": "nope"})
    assert missing.status_code == 400


def test_member_sees_qr_and_confirms(cast, client, batch):
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    log_in(client, cast, "branch_a_member")
    mine = client.get(reverse("benefits:my-benefits"))
    assert mine.status_code == 200
    assert batch.title in mine.content.decode()
    detail = client.get(reverse("benefits:receipt-detail", args=[receipt.pk])).content.decode()
    assert 'data-testid="qr-code"' in detail
    assert receipt.token in detail
    client.post(reverse("benefits:receipt-confirm", args=[receipt.pk]))
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SIGNED
    assert receipt.sign_method == "self"
    # Another member's receipt is not found.
    other = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_b_member"])
    assert client.get(reverse("benefits:receipt-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("benefits:receipt-token", args=[other.token])).status_code == 404


def test_token_link_for_the_liaison(cast, client, batch):
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    log_in(client, cast, "branch_a_liaison")
    url = reverse("benefits:receipt-token", args=[receipt.token])
    assert 'data-testid="token-sign"' in client.get(url).content.decode()
    client.post(url)
    receipt.refresh_from_db()
    assert receipt.sign_method == "scanned"


def test_close_from_the_page(cast, client, batch):
    log_in(client, cast, "office_admin")
    client.post(reverse("benefits:batch-close", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CLOSED
    assert not batch.receipts.filter(status=ReceiptStatus.PENDING).exists()


def _many(cast, make_batch, count):
    add_members(cast.branch_a, count, prefix="X-")
    for index in range(count // 10 + 1):
        make_batch(title=f"Batch {index}", unit_cost_fen=1_000, confirm=True)


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        ("office_admin", "benefits:batch-list", lambda b, c: []),
        ("office_admin", "benefits:batch-detail", lambda b, c: [b.pk]),
        ("branch_a_liaison", "benefits:pickup-list", lambda b, c: [b.pk, c.branch_a.pk]),
        ("branch_a_member", "benefits:my-benefits", lambda b, c: []),
    ],
)
def test_query_counts_are_constant(
    cast, client, make_batch, django_assert_max_num_queries, persona, name, args
):
    first = make_batch(confirm=True, unit_cost_fen=1_000)
    log_in(client, cast, persona)
    url = reverse(name, args=args(first, cast))
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    _many(cast, make_batch, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_draft_confirm_page_redirects_when_confirmed(cast, client, batch):
    log_in(client, cast, "office_admin")
    response = client.get(reverse("benefits:batch-confirm", args=[batch.pk]))
    assert response.status_code == 302
    log_in(client, cast, "finance_officer")
    assert client.get(reverse("benefits:batch-confirm", args=[batch.pk])).status_code == 403


def test_me_tile_links_my_benefits(cast, client, books):
    log_in(client, cast, "branch_a_member")
    page = client.get(reverse("members:me")).content.decode()
    assert reverse("benefits:my-benefits") in page
    services.benefit_batch_create(
        actor=SYSTEM,
        school=cast.school,
        title="Draft",
        goods="Rice",
        unit_cost_fen=100,
        cutoff_on=dt.date(2021, 1, 1),
        distribute_on=dt.date(2021, 2, 1),
        festival="spring_festival",
    )
    assert "Draft" not in client.get(reverse("benefits:my-benefits")).content.decode()


def test_office_plans_an_activity_gift_batch(cast, client, books):
    from tongxin.activities import services as activity_services
    from tongxin.activities.tests.factories import make_activity

    activity = make_activity(cast.school, kind="service_day", quota=None)
    activity_services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    log_in(client, cast, "office_admin")
    form = client.get(reverse("benefits:batch-create")).context["form"]
    assert activity in form.fields["activity"].queryset
    response = client.post(
        reverse("benefits:batch-create"),
        {
            "title": "Dental care packs",
            "activity": activity.pk,
            "goods": "Toothbrush and paste",
            "unit_cost": "35",
            "cutoff_on": "2021-05-20",
            "distribute_on": "2021-05-20",
        },
    )
    assert response.status_code == 302
    batch = BenefitBatch.objects.get(title="Dental care packs")
    assert batch.source == "activity"
    services.benefit_batch_confirm(actor=SYSTEM, batch=batch)
    assert batch.receipts.count() == 1


def test_office_edits_a_draft(cast, client, make_batch):
    draft = make_batch()
    log_in(client, cast, "office_admin")
    url = reverse("benefits:batch-edit", args=[draft.pk])
    page = client.get(url)
    assert page.context["form"].initial["unit_cost"] == "500.00"
    data = {
        "title": "Spring gift pack",
        "festival": "spring_festival",
        "goods": "Rice",
        "unit_cost": "450",
        "cutoff_on": "2021-01-20",
        "distribute_on": "2021-02-05",
    }
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.unit_cost_fen) == ("Spring gift pack", 45_000)
    log_in(client, cast, "finance_officer")
    assert client.get(url).status_code == 403
