import pytest

from tongxin.staff_services.models import InsuranceClaim, InsurancePolicy, SchoolPlaceApplication
from tongxin.testing.api import api_as, assert_error, query_count, table_counts

from .factories import make_applications, make_claims

BASE = "/services"

POLICY = {
    "name": "Group accident insurance 2021",
    "insurer": "Test Life",
    "starts_on": "2021-01-01",
    "ends_on": "2021-12-31",
    "premium_per_person_fen": 8000,
    "cover_items": [
        {"name": "Accidental death and disability", "amount_fen": 34_000_000},
        {"name": "Hospital allowance", "amount_fen": 1_000_000, "is_rider": True},
    ],
}


def test_office_runs_the_insurance_year_through_the_api(cast, books):
    api = api_as(cast, "office_admin")
    created = api.post(f"{BASE}/policies", POLICY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert [i["amount_fen"] for i in body["cover_items"]] == [34_000_000, 1_000_000]
    pk = body["id"]
    assert api.post(f"{BASE}/policies/{pk}/roster/import", {}).json() == {"added": 7}
    posted = api.post(f"{BASE}/policies/{pk}/premium", {"entry_on": "2021-01-05"})
    assert posted.json()["premium_posted_fen"] == 7 * 8000
    again = api.post(f"{BASE}/policies/{pk}/premium", {})
    assert_error(again, 400, "premium_already_posted")
    roster = api.get(f"{BASE}/policies/{pk}/roster").json()
    assert roster["count"] == 7
    member = next(r for r in roster["items"] if r["staff_number"] == "A1001")
    liaison = api_as(cast, "branch_a_liaison")
    claim = liaison.post(
        f"{BASE}/claims",
        {
            "person_id": member["person_id"],
            "policy_id": pk,
            "incident_on": "2021-04-01",
            "description": "Fell from a bicycle",
        },
    )
    assert claim.status_code == 201, claim.content
    claim_id = claim.json()["id"]
    assert api.post(f"{BASE}/claims/{claim_id}/submit", {}).json()["status"] == "submitted"
    paid = api.post(f"{BASE}/claims/{claim_id}/settle", {"outcome": "paid", "paid_fen": 250000})
    assert (paid.json()["status"], paid.json()["paid_fen"]) == ("paid", 250000)
    mine = api_as(cast, "branch_a_member").get(f"{BASE}/insured/mine").json()
    assert mine[0]["policy"]["cover_items"][0]["amount_fen"] == 34_000_000


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"premium_per_person_fen": -1}, 400, "invalid", "premium_per_person_fen"),
        ({"premium_per_person_fen": "80"}, 400, "invalid", "premium_per_person_fen"),
        ({"starts_on": "01/01/2021"}, 400, "invalid", "starts_on"),
        ({"ends_on": "2020-06-01"}, 400, "bad_period", "ends_on"),
        ({"cover_items": [{"name": "X", "amount_fen": 0}]}, 400, "invalid_amount", "cover_items"),
    ],
)
def test_bad_policy_input_changes_nothing(cast, change, status, code, field):
    api = api_as(cast, "office_admin")
    before = table_counts()
    response = api.post(f"{BASE}/policies", {**POLICY, **change})
    body = assert_error(response, status, response.json()["code"], field)
    if code != "invalid":
        assert body["code"] == code
    assert table_counts() == before


def test_claim_scope_and_permissions(cast, insured_policy, claim):
    member_b, liaison_a = api_as(cast, "branch_b_member"), api_as(cast, "branch_a_liaison")
    assert_error(member_b.get(f"{BASE}/claims/{claim.pk}"), 404, "not_found")
    assert api_as(cast, "branch_a_member").get(f"{BASE}/claims/{claim.pk}").status_code == 200
    before = table_counts()
    response = liaison_a.post(f"{BASE}/claims/{claim.pk}/submit", {})
    assert_error(response, 403, "forbidden")
    response = member_b.post(
        f"{BASE}/claims",
        {
            "person_id": cast.people["branch_a_member"].pk,
            "policy_id": insured_policy.pk,
            "incident_on": "2021-04-01",
            "description": "x",
        },
    )
    assert_error(response, 404, "not_found")
    assert table_counts() == before
    assert member_b.get(f"{BASE}/claims").json()["count"] == 0
    assert liaison_a.get(f"{BASE}/claims").json()["count"] == 1


def test_settle_with_bad_amounts_changes_nothing(cast, claim):
    api = api_as(cast, "office_admin")
    api.post(f"{BASE}/claims/{claim.pk}/submit", {})
    before = table_counts()
    assert_error(
        api.post(f"{BASE}/claims/{claim.pk}/settle", {"outcome": "paid", "paid_fen": -5}),
        400,
        "invalid",
        "paid_fen",
    )
    assert_error(
        api.post(f"{BASE}/claims/{claim.pk}/settle", {"outcome": "paid", "paid_fen": 0}),
        400,
        "paid_amount_required",
        "paid_fen",
    )
    assert_error(
        api.post(f"{BASE}/claims/{claim.pk}/settle", {"outcome": "paid", "paid_fen": "ten"}),
        400,
        "invalid",
        "paid_fen",
    )
    assert table_counts() == before
    assert InsuranceClaim.objects.get().status == "submitted"


def test_member_applies_for_own_child_only(cast, child, add_child):
    other = add_child("branch_b_member", name="Other")
    api, office = api_as(cast, "branch_a_member"), api_as(cast, "office_admin")
    created = api.post(
        f"{BASE}/school-places",
        {"child_id": child.pk, "stage": "primary", "wished_school": "Xiangcheng Primary"},
    )
    assert created.status_code == 201, created.content
    before = table_counts()
    assert_error(
        api.post(
            f"{BASE}/school-places",
            {"child_id": other.pk, "stage": "primary", "wished_school": "X"},
        ),
        404,
        "not_found",
    )
    refused = office.post(
        f"{BASE}/school-places",
        {
            "person_id": cast.people["branch_a_member"].pk,
            "child_id": other.pk,
            "stage": "primary",
            "wished_school": "X",
        },
    )
    assert_error(refused, 400, "not_your_child", "child_id")
    assert table_counts() == before
    pk = created.json()["id"]
    assert office.post(f"{BASE}/school-places/{pk}/forward", {}).json()["status"] == "forwarded"
    decided = office.post(
        f"{BASE}/school-places/{pk}/decide",
        {"outcome": "placed", "outcome_school": "Xiangcheng Primary"},
    )
    assert decided.json()["status"] == "placed"
    year = decided.json()["year"]
    summary = office.get(f"{BASE}/school-places/summary", {"year": year}).json()
    assert summary["by_stage"]["primary"]["placed"] == 1
    assert api.get(f"{BASE}/school-places/mine").json()["count"] == 1
    assert_error(api.get(f"{BASE}/school-places/summary", {"year": 2021}), 403, "forbidden")
    assert_error(
        api.post(f"{BASE}/school-places/{pk}/decide", {"outcome": "not_placed"}), 403, "forbidden"
    )


def test_anonymous_gets_401(cast):
    response = api_as(cast, "anonymous").get(f"{BASE}/claims")
    assert response.status_code == 401


def test_lists_run_fixed_queries(cast, insured_policy):
    office = api_as(cast, "office_admin")
    make_claims(cast, insured_policy, 1)
    make_applications(cast, 1)
    paths = [
        f"{BASE}/claims",
        f"{BASE}/school-places",
        f"{BASE}/policies",
        f"{BASE}/policies/{insured_policy.pk}/roster",
    ]
    few = {path: query_count(office, path) for path in paths}
    make_claims(cast, insured_policy, 12)
    make_applications(cast, 12, start=1)
    InsurancePolicy.objects.count()
    assert {path: query_count(office, path) for path in paths} == few
    member = api_as(cast, "branch_a_member")
    mine = query_count(member, f"{BASE}/insured/mine")
    make_claims(cast, insured_policy, 7)
    assert query_count(member, f"{BASE}/insured/mine") == mine
    assert SchoolPlaceApplication.objects.count() == 13


def test_api_errors_are_translated(cast, claim):
    from django.test import Client
    from django.utils import translation
    from django.utils.translation import gettext

    from tongxin.accounts import services as accounts

    _token, key = accounts.api_token_create(actor=cast.actor("office_admin"), name="zh")
    response = Client().post(
        f"/api/v1{BASE}/claims/{claim.pk}/settle",
        {"outcome": "refused"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "accept-language": "zh-hans"},
    )
    with translation.override("zh-hans"):
        expected = gettext("This cannot be done while the status is “%(status)s”.") % {
            "status": gettext("Reported to the union")
        }
    assert response.json()["message"] == expected
    assert expected != "This cannot be done while the status is “Reported to the union”."
