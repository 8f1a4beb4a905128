"""The donations API: the same rules as the pages, scoped lists, one error shape, and list
endpoints with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.donations.models import Donation
from tongxin.testing.api import api_as, assert_error, table_counts

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_office_runs_a_campaign_through_the_api(cast, books):
    office = api_as(cast, "office_admin")
    created = office.post(
        "/donations/campaigns",
        {
            "title": "Charity day",
            "recipient": "Foundation",
            "starts_on": "2021-06-01",
            "ends_on": "2021-06-30",
            "target_fen": 100_000,
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert office.post(f"/donations/campaigns/{pk}/open").json()["status"] == "open"
    member = cast.people["branch_a_member"]
    made = office.post(
        f"/donations/campaigns/{pk}/donations",
        {
            "person_id": member.pk,
            "amount_fen": 5_000,
            "donated_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "confirmed"
    assert made.json()["receipt_number"].endswith("-00001")
    totals = office.get(f"/donations/campaigns/{pk}/branch-totals").json()
    assert totals == [
        {
            "node_id": cast.branch_a.pk,
            "name": "Branch A",
            "donors": 1,
            "count": 1,
            "total_fen": 5_000,
            "pending": 0,
        }
    ]
    office.post(f"/donations/campaigns/{pk}/close")
    wrong = office.post(
        f"/donations/campaigns/{pk}/hand-over",
        {"amount_fen": 4_000, "handed_over_on": "2021-07-01", "recipient_receipt": "R-1"},
    )
    assert_error(wrong, 400, "handover_amount_mismatch", "amount_fen")
    done = office.post(
        f"/donations/campaigns/{pk}/hand-over",
        {"amount_fen": 5_000, "handed_over_on": "2021-07-01", "recipient_receipt": "R-1"},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "handed_over"


def test_member_report_is_pending_and_liaison_confirms(cast, campaign):
    member = api_as(cast, "branch_a_member")
    person = cast.people["branch_a_member"]
    made = member.post(
        f"/donations/campaigns/{campaign.pk}/donations",
        {
            "person_id": person.pk,
            "amount_fen": 1_000,
            "donated_on": DAY.isoformat(),
            "channel": "bank_transfer",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending"
    # the member cannot record for someone else
    other = member.post(
        f"/donations/campaigns/{campaign.pk}/donations",
        {
            "person_id": cast.people["branch_b_member"].pk,
            "amount_fen": 1_000,
            "donated_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert_error(other, 404, "not_found")
    liaison = api_as(cast, "branch_a_liaison")
    batch = liaison.post(
        f"/donations/campaigns/{campaign.pk}/donations/confirm",
        {"donation_ids": [made.json()["id"]]},
    )
    assert batch.status_code == 200, batch.content
    assert batch.json()["total_fen"] == 1_000
    mine = member.get("/donations/donations/mine").json()
    assert mine["items"][0]["status"] == "confirmed"


def test_closed_campaign_refuses_with_the_error_shape(cast, campaign):
    api_as(cast, "office_admin").post(f"/donations/campaigns/{campaign.pk}/close")
    liaison = api_as(cast, "branch_a_liaison")
    before = table_counts()
    response = liaison.post(
        f"/donations/campaigns/{campaign.pk}/donations",
        {
            "person_id": cast.people["branch_a_member"].pk,
            "amount_fen": 100,
            "donated_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert_error(response, 409, "campaign_not_open")
    assert table_counts() == before


def test_bulk_dry_run_and_apply(cast, campaign):
    liaison = api_as(cast, "branch_a_liaison")
    rows = [
        {
            "row": 2,
            "staff_number": "A1001",
            "name": "Member A",
            "amount": "100",
            "donated_on": "2021-06-10",
            "channel": "微信",
        },
        {
            "row": 3,
            "staff_number": "B1001",
            "name": "Member B",
            "amount": "100",
            "donated_on": "2021-06-10",
        },
    ]
    path = f"/donations/campaigns/{campaign.pk}/donations/bulk"
    dry = liaison.post(path, {"node_id": cast.branch_a.pk, "rows": rows})
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert [(r["row"], r["status"]) for r in body["rows"]] == [(2, "create"), (3, "error")]
    assert body["rows"][1]["errors"][0]["code"] == "unknown_person"
    before = table_counts()
    refused = liaison.post(path, {"node_id": cast.branch_a.pk, "rows": rows, "dry_run": False})
    assert_error(refused, 400, "import_has_errors", "file")
    assert table_counts() == before
    applied = liaison.post(path, {"node_id": cast.branch_a.pk, "rows": rows[:1], "dry_run": False})
    assert applied.status_code == 200, applied.content
    assert applied.json()["batch_id"]
    assert Donation.objects.count() == 1
    # another branch's node is out of reach
    other = liaison.post(path, {"node_id": cast.branch_b.pk, "rows": rows[1:]})
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("persona", "count"),
    [("office_admin", 2), ("branch_a_liaison", 1), ("branch_a_member", 1), ("branch_b_member", 1)],
)
def test_donation_list_is_scoped(cast, campaign, record, persona, count):
    record("branch_a_member", 1_000)
    record("branch_b_member", 2_000, persona="office_admin")
    response = api_as(cast, persona).get(f"/donations/campaigns/{campaign.pk}/donations")
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_honour_roll_api_hides_anonymous_names(cast, campaign, record):
    record("branch_a_member", 1_000, anonymous=True)
    roll = (
        api_as(cast, "branch_b_member")
        .get(f"/donations/campaigns/{campaign.pk}/honour-roll")
        .json()
    )
    assert roll[0]["is_anonymous"] is True
    assert "Member A" not in str(roll)


def test_outsider_sees_nothing(cast, campaign):
    outsider = api_as(cast, "outsider")
    assert outsider.get("/donations/campaigns").json()["count"] == 0
    assert_error(outsider.get(f"/donations/campaigns/{campaign.pk}"), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    ["/donations/campaigns", "/donations/campaigns/{pk}/donations", "/donations/donations/mine"],
)
def test_list_endpoints_run_fixed_queries(
    cast, campaign, record, django_assert_max_num_queries, path
):
    client = api_as(cast, "office_admin")
    url = path.format(pk=campaign.pk)
    record("branch_b_member", 100, persona="office_admin")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for index in range(10):
        record(
            "branch_a_member" if index % 2 else "branch_b_member",
            100 + index,
            persona="office_admin",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_cancel_through_the_api(cast, campaign, record):
    donation = record("branch_a_member", 1_000)
    member = api_as(cast, "branch_a_member")
    assert_error(
        member.post(f"/donations/donations/{donation.pk}/cancel", {"reason": "x"}), 403, "forbidden"
    )
    liaison = api_as(cast, "branch_a_liaison")
    response = liaison.post(
        f"/donations/donations/{donation.pk}/cancel", {"reason": "Entered twice"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
