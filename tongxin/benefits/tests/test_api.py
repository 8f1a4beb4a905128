"""The benefits API: lists scoped per persona, the office's flow, sign-off, bad input (4xx with
the error shape, nothing written) and constant query counts."""

import pytest

from tongxin.benefits.models import BenefitReceipt
from tongxin.testing.api import api_as, assert_error, query_count, table_counts
from tongxin.testing.benefits import add_members

BODY = {
    "title": "Spring Festival gift pack",
    "goods": "Rice and oil",
    "unit_cost_fen": 30_000,
    "cutoff_on": "2021-01-20",
    "distribute_on": "2021-02-05",
    "festival": "spring_festival",
}


def test_office_creates_and_confirms(cast, books):
    office = api_as(cast, "office_admin")
    created = office.post("/benefits/batches", BODY)
    assert created.status_code == 201, created.content
    batch = created.json()
    assert batch["status"] == "draft"
    confirmed = office.post(f"/benefits/batches/{batch['id']}/confirm", {})
    assert confirmed.status_code == 200, confirmed.content
    body = confirmed.json()
    assert body["status"] == "confirmed"
    assert body["recipient_count"] == 7
    assert {row["branch_name"] for row in body["progress"]} == {
        "Test school union",
        "Branch A",
        "Branch B",
    }
    listed = office.get("/benefits/batches").json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"unit_cost_fen": -1}, 400, None, None),
        ({"unit_cost_fen": "abc"}, 400, None, None),
        ({"unit_cost_fen": 0}, 400, "invalid_unit_cost", "unit_cost_fen"),
        ({"festival": "teachers_day"}, 400, "festival_not_allowed", "festival"),
        ({"festival": ""}, 400, "source_required", "festival"),
        ({"cutoff_on": "2021-03-01"}, 400, "invalid", "cutoff_on"),
        ({"audience_node_id": 999_999}, 404, "not_found", None),
    ],
)
def test_bad_input_changes_nothing(cast, books, change, status, code, field):
    office = api_as(cast, "office_admin")
    before = table_counts()
    response = office.post("/benefits/batches", {**BODY, **change})
    assert response.status_code == status, response.content
    if code:
        assert_error(response, status, code, field)
    else:
        assert set(response.json()) <= {"code", "message", "field", "extra"}
    assert table_counts() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("finance_officer", 403),
        ("auditor", 403),
        ("branch_a_liaison", 403),
        ("branch_a_member", 403),
        ("anonymous", 401),
    ],
)
def test_only_the_office_creates(cast, books, persona, status):
    client = api_as(cast, persona)
    before = table_counts()
    assert client.post("/benefits/batches", BODY).status_code == status
    assert table_counts() == before


def test_over_cap_refused_then_excluded(cast, make_batch):
    make_batch(audience_node=cast.group_a1, unit_cost_fen=190_000, confirm=True)
    office = api_as(cast, "office_admin")
    batch = office.post(
        "/benefits/batches", {**BODY, "festival": "mid_autumn", "distribute_on": "2021-09-18"}
    ).json()
    before = table_counts()
    refused = office.post(f"/benefits/batches/{batch['id']}/confirm", {})
    body = assert_error(refused, 400, "cap_exceeded")
    assert body["extra"]["person_ids"] == [cast.people["branch_a_member"].pk]
    assert table_counts() == before
    done = office.post(
        f"/benefits/batches/{batch['id']}/confirm", {"exclude_over_cap": True}
    ).json()
    assert done["recipient_count"] == 6
    assert done["cap_exclusions"][0]["person_id"] == cast.people["branch_a_member"].pk
    assert done["cap_exclusions"][0]["overridden"] is False


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("office_admin", 7),
        ("finance_officer", 7),
        ("auditor", 7),
        ("branch_a_liaison", 3),
        ("branch_a_member", 1),
        ("branch_b_member", 1),
        ("outsider", 0),
    ],
)
def test_receipt_list_scoped(cast, batch, persona, count):
    assert api_as(cast, persona).get("/benefits/receipts").json()["count"] == count


def test_sign_off_by_member_liaison_and_errors(cast, batch):
    mine = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    member = api_as(cast, "branch_a_member")
    own = member.get("/benefits/receipts/mine").json()["items"]
    assert own[0]["token"] == mine.token
    signed = member.post(f"/benefits/receipts/{mine.pk}/sign-off", {})
    assert signed.json()["status"] == "signed"
    liaison = api_as(cast, "branch_a_liaison")
    before = table_counts()
    assert_error(member.post(f"/benefits/receipts/{mine.pk}/sign-off", {}), 409, "already_signed")
    assert_error(
        liaison.post(
            f"/benefits/batches/{batch.pk}/sign-off", {"staff_number": "A1002", "proxy_name": "X"}
        ),
        400,
        "not_on_list",
        "staff_number",
    )
    other = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_b_member"])
    assert_error(
        liaison.post(f"/benefits/receipts/{other.pk}/sign-off", {"proxy_name": "X"}),
        404,
        "not_found",
    )
    assert_error(
        liaison.post(f"/benefits/batches/{batch.pk}/sign-off", {"staff_number": "A0001"}),
        400,
        "proxy_name_required",
        "proxy_name",
    )
    assert table_counts() == before
    chair = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_chair"])
    scanned = liaison.post(f"/benefits/batches/{batch.pk}/sign-off", {"code": chair.token}).json()
    assert scanned["sign_method"] == "scanned"
    # the liaison may not sign for her own goods as proxy (separation of duties)
    before = table_counts()
    assert_error(
        liaison.post(
            f"/benefits/batches/{batch.pk}/sign-off",
            {"staff_number": "A0002", "proxy_name": "Wang"},
        ),
        400,
        "conflict_of_interest",
        "proxy_name",
    )
    assert table_counts() == before
    proxy = (
        api_as(cast, "branch_a_chair")
        .post(
            f"/benefits/batches/{batch.pk}/sign-off",
            {"staff_number": "A0002", "proxy_name": "Wang"},
        )
        .json()
    )
    assert proxy["proxy_name"] == "Wang"
    assert proxy["signed_by_name"] == "Chair A"


def test_receipt_management(cast, batch):
    liaison = api_as(cast, "branch_a_liaison")
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    assert_error(
        liaison.post(f"/benefits/receipts/{receipt.pk}/mail-out", {"address": " "}),
        400,
        "address_required",
        "address",
    )
    assert (
        liaison.post(f"/benefits/receipts/{receipt.pk}/mail-out", {"address": "1 Road"}).json()[
            "status"
        ]
        == "mailed"
    )
    assert (
        liaison.post(f"/benefits/receipts/{receipt.pk}/undelivered", {}).json()["status"]
        == "undelivered"
    )
    reissued = liaison.post(f"/benefits/receipts/{receipt.pk}/reissue", {}).json()
    assert reissued["status"] == "pending"
    assert reissued["reissue_count"] == 1
    office = api_as(cast, "office_admin")
    closed = office.post(f"/benefits/batches/{batch.pk}/close").json()
    assert closed["status"] == "closed"


def test_list_query_counts_constant(cast, make_batch):
    make_batch(confirm=True, unit_cost_fen=1_000)
    office = api_as(cast, "office_admin")
    liaison = api_as(cast, "branch_a_liaison")
    paths = [
        (office, "/benefits/batches"),
        (office, "/benefits/receipts"),
        (liaison, "/benefits/receipts"),
    ]
    few = [query_count(client, path) for client, path in paths]
    add_members(cast.branch_a, 30, prefix="Y-")
    for index in range(5):
        make_batch(title=f"B{index}", unit_cost_fen=1_000, confirm=True)
    many = [query_count(client, path) for client, path in paths]
    assert many == few


def test_paper_sheet_over_the_api(cast, batch):
    liaison = api_as(cast, "branch_a_liaison")
    lines = [
        {"person_id": cast.people[name].pk, "signed_at": "2021-02-05T10:00:00+08:00"}
        for name in ("branch_a_member", "branch_a_chair")
    ]
    before = table_counts()
    refused = liaison.post(
        f"/benefits/batches/{batch.pk}/sheet",
        {
            "entries": [
                *lines,
                {
                    "person_id": cast.people["branch_a_non_member"].pk,
                    "signed_at": "2021-02-05T10:00:00+08:00",
                },
            ]
        },
    )
    assert_error(refused, 400, "not_on_list", "entries")
    assert table_counts() == before
    done = liaison.post(f"/benefits/batches/{batch.pk}/sheet", {"entries": lines})
    assert done.json() == {"signed": 2}
    assert BenefitReceipt.objects.filter(batch=batch, sign_method="sheet").count() == 2


def test_update_a_draft_over_the_api(cast, books):
    office = api_as(cast, "office_admin")
    batch = office.post("/benefits/batches", BODY).json()
    changed = office.post(
        f"/benefits/batches/{batch['id']}/update", {**BODY, "unit_cost_fen": 25_000}
    )
    assert changed.json()["unit_cost_fen"] == 25_000
    before = table_counts()
    assert_error(
        office.post(
            f"/benefits/batches/{batch['id']}/update", {**BODY, "festival": "teachers_day"}
        ),
        400,
        "festival_not_allowed",
        "festival",
    )
    assert table_counts() == before
