"""The care API: filing, deciding, the chain-only health endpoint, lists with constant
queries, hardship files and waivers, and the one error shape."""

import base64
import datetime as dt

import pytest
from django.utils import timezone

from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.testing.api import api_as, assert_error, query_count, table_counts
from tongxin.testing.care import PDF, file_visit

pytestmark = pytest.mark.django_db
RECENT = (timezone.localdate() - dt.timedelta(days=10)).isoformat()


def _payload(cast, **changes):
    body = {
        "person_id": cast.people["branch_a_member"].pk,
        "kind": "hospitalisation",
        "event_on": RECENT,
        "amount_fen": 30_000,
        "diagnosis": "Appendicitis",
        "attachments": [
            {
                "label": "住院证明或出院记录",
                "filename": "record.pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            }
        ],
    }
    body.update(changes)
    return body


def test_file_and_read(cast, books):
    api = api_as(cast, "branch_a_liaison")
    response = api.post("/care/visits", _payload(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["current_step"] == 1
    assert body["has_health_details"] is True
    assert "diagnosis" not in body
    assert len(body["attachments"]) == 1


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"amount_fen": 50_001}, 400, "over_standard", "amount"),
        ({"amount_fen": 0}, 400, "invalid_amount", "amount"),
        ({"kind": "picnic"}, 400, "invalid_input", "kind"),
        ({"event_on": "2020-01-01"}, 400, "out_of_window", "event_on"),
        ({"attachments": []}, 400, "missing_attachment", "attachments"),
        (
            {"attachments": [{"label": "x", "filename": "a.pdf", "content_base64": "!!"}]},
            400,
            "bad_attachment",
            "attachments",
        ),
    ],
)
def test_bad_input_changes_nothing(cast, books, changes, status, code, field):
    api = api_as(cast, "branch_a_liaison")
    before = table_counts()
    assert_error(api.post("/care/visits", _payload(cast, **changes)), status, code, field)
    assert table_counts() == before


@pytest.mark.parametrize("amount", [-100, "100", 12.5])
def test_malformed_amount_is_a_4xx(cast, books, amount):
    api = api_as(cast, "branch_a_liaison")
    before = table_counts()
    response = api.post("/care/visits", _payload(cast, amount_fen=amount))
    assert 400 <= response.status_code < 500
    assert table_counts() == before


def test_other_branch_is_not_found(cast, books):
    api = api_as(cast, "branch_a_liaison")
    before = table_counts()
    body = _payload(cast, person_id=cast.people["branch_b_member"].pk)
    assert_error(api.post("/care/visits", body), 404, "not_found")
    assert table_counts() == before


def test_decide_through_the_api(cast, books):
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    finance = api_as(cast, "finance_officer")
    before = table_counts()
    assert_error(
        finance.post(f"/care/visits/{visit.pk}/decide", {"outcome": "approve"}), 403, "forbidden"
    )
    assert table_counts() == before
    chair = api_as(cast, "branch_a_chair")
    response = chair.post(f"/care/visits/{visit.pk}/decide", {"outcome": "approve"})
    assert response.status_code == 200
    assert response.json()["current_step"] == 2
    response = api_as(cast, "office_admin").post(
        f"/care/visits/{visit.pk}/decide", {"outcome": "reject", "comment": "Duplicate"}
    )
    assert response.json()["status"] == "rejected"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("branch_a_liaison", 200),
        ("branch_a_member", 200),
        ("office_admin", 200),
        ("auditor", 403),
        ("finance_officer", 403),
        ("branch_b_member", 404),
    ],
)
def test_health_endpoint_for_the_chain_only(cast, books, persona, status):
    visit = file_visit(
        cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Fracture"
    )
    reads = AuditEvent.objects.filter(is_sensitive_read=True).count()
    response = api_as(cast, persona).get(f"/care/visits/{visit.pk}/health")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"diagnosis": "Fracture"}
        assert AuditEvent.objects.filter(is_sensitive_read=True).count() == reads + 1
    else:
        assert AuditEvent.objects.filter(is_sensitive_read=True).count() == reads


def _many(cast, n):
    kinds = ["hospitalisation", "childbirth", "marriage", "retirement", "other"]
    for i in range(n):
        file_visit(
            cast.actor("branch_a_liaison"),
            cast.people["branch_a_member"],
            kind=kinds[i % 5],
            amount_fen=10_000,
        )


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("office_admin", "/care/visits"),
        ("branch_a_liaison", "/care/visits"),
        ("branch_a_member", "/care/visits/mine"),
    ],
)
def test_list_queries_are_constant(cast, books, persona, path):
    _many(cast, 1)
    api = api_as(cast, persona)
    one = query_count(api, path)
    _many(cast, 4)
    assert query_count(api, path) == one
    assert api.get(path).json()["count"] == 5


def test_list_never_carries_the_diagnosis(cast, books):
    file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis="Secret")
    for persona in ("office_admin", "auditor", "branch_a_member"):
        response = api_as(cast, persona).get("/care/visits")
        assert b"Secret" not in response.content


def test_hardship_through_the_api(cast, books):
    liaison = api_as(cast, "branch_a_liaison")
    response = liaison.post(
        "/care/hardship-files",
        {
            "person_id": cast.people["branch_a_member"].pk,
            "household_size": 3,
            "annual_income_fen": 6_000_000,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hardship_class"] == "relative"
    pk = body["id"]
    assert_error(liaison.post(f"/care/hardship-files/{pk}/verify", {}), 403, "forbidden")
    chair = api_as(cast, "branch_a_chair")
    assert chair.post(f"/care/hardship-files/{pk}/verify", {}).json()["status"] == "verified"
    office = api_as(cast, "office_admin")
    assert office.post(f"/care/hardship-files/{pk}/approve", {}).json()["status"] == "active"
    assert api_as(cast, "branch_b_member").get(f"/care/hardship-files/{pk}").status_code == 404
    assert office.get("/care/hardship-files").json()["count"] == 1


def test_waiver_through_the_api(cast, books):
    person = cast.people["branch_a_member"]
    child = members.family_member_add(
        actor=cast.actor("system"), person=person, relation="child", name="Child A"
    )
    members.membership_record_death(
        actor=cast.actor("system"), person=person, on=dt.date(2021, 5, 1)
    )
    office = api_as(cast, "office_admin")
    response = office.post(
        "/care/waivers", {"person_id": person.pk, "child_id": child.pk, "school_year": 2021}
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert office.post(f"/care/waivers/{pk}/submit", {}).json()["status"] == "submitted"
    assert_error(
        office.post(f"/care/waivers/{pk}/decide", {"granted": False}),
        400,
        "note_required",
        "school_note",
    )
    body = office.post(
        f"/care/waivers/{pk}/decide", {"granted": True, "amount_waived_fen": 500_000}
    ).json()
    assert (body["status"], body["amount_waived_fen"]) == ("granted", 500_000)
    assert api_as(cast, "branch_a_chair").get("/care/waivers").json()["count"] == 1
    assert_error(api_as(cast, "branch_b_member").get(f"/care/waivers/{pk}"), 404, "not_found")
    # the deceased member's account was closed with the death (members.hooks)
    assert api_as(cast, "branch_a_member").get(f"/care/waivers/{pk}").status_code == 401


def test_thresholds_through_the_api(cast):
    office = api_as(cast, "office_admin")
    body = {
        "school_id": cast.school.pk,
        "effective_from": "2021-01-01",
        "minimum_living_monthly_fen": 120_000,
    }
    chair, auditor = api_as(cast, "branch_a_chair"), api_as(cast, "auditor")
    before = table_counts()
    assert_error(chair.post("/care/hardship-thresholds", body), 404, "not_found")
    assert_error(auditor.post("/care/hardship-thresholds", body), 403, "forbidden")
    assert_error(
        office.post("/care/hardship-thresholds", {**body, "school_id": cast.branch_a.pk}),
        400,
        "invalid_input",
        "school_id",
    )
    assert table_counts() == before
    assert office.post("/care/hardship-thresholds", body).status_code == 201
    assert office.get("/care/hardship-thresholds").json()["count"] == 1
