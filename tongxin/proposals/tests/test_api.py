"""The proposal API: the whole flow, one error shape, refusals change nothing, fixed queries."""

import base64

from tongxin.proposals.models import Proposal, ProposalCoSignature

from .factories import make_proposals

API = "/api/v1/proposals"


def _as(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


def _post(client, url, data=None):
    return client.post(f"{API}{url}", data or {}, content_type="application/json")


def test_flow_through_the_api(cast, client, collection, department):
    _as(client, cast, "branch_a_member")
    created = _post(
        client,
        "/",
        {
            "collection_id": collection.pk,
            "title": "Shuttle bus",
            "reasons": "The new campus is far.",
            "measures": "A bus every 30 minutes.",
            "category": "logistics",
        },
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert _post(client, f"/{pk}/send").json()["status"] == "co_signing"
    for persona in ("branch_b_member", "rep_b2"):
        _as(client, cast, persona)
        body = _post(client, f"/{pk}/co-sign").json()
    assert (body["status"], body["number"], len(body["co_signers"])) == ("submitted", 1, 2)
    _as(client, cast, "committee")
    accepted = _post(client, f"/{pk}/accept", {"lead_department_id": department.pk})
    assert accepted.json()["status"] == "assigned"
    assert accepted.json()["departments"] == [
        {"department_id": department.pk, "name": department.name, "role": "lead"}
    ]
    _as(client, cast, "department_handler")
    pdf = base64.b64encode(b"%PDF-1.4 timetable").decode()
    replied = _post(
        client,
        f"/{pk}/reply",
        {"text": "From May.", "attachments": [{"filename": "t.pdf", "content_base64": pdf}]},
    )
    assert replied.json()["replies"][0]["attachments"][0]["filename"] == "t.pdf"
    _as(client, cast, "branch_a_member")
    rated = _post(client, f"/{pk}/rate", {"rating": "satisfied"})
    assert (rated.json()["status"], rated.json()["rating"]) == ("closed", "satisfied")
    _as(client, cast, "committee")
    report = client.get(f"{API}/collections/{collection.pk}/report").json()
    assert (report["total"], report["replied"], report["on_time"]) == (1, 1, 1)


def test_errors_have_the_one_shape_and_change_nothing(cast, client, submitted):
    proposal = submitted()
    _as(client, cast, "branch_b_member")
    twice = _post(client, f"/{proposal.pk}/co-sign")
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_co_signed"
    _as(client, cast, "branch_a_liaison")
    refused = _post(
        client,
        "/",
        {
            "collection_id": proposal.collection_id,
            "title": "x",
            "reasons": "y",
            "measures": "z",
            "category": "other",
        },
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_representative")
    _as(client, cast, "committee")
    bad = _post(client, f"/{proposal.pk}/reject", {"reason": "   "})
    assert (bad.status_code, bad.json()["field"]) == (400, "reason")
    assert Proposal.objects.count() == 1
    assert ProposalCoSignature.objects.count() == 2
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    _as(client, cast, "outsider")
    assert client.get(f"{API}/{proposal.pk}").status_code == 404


def test_tracker_runs_fixed_queries(cast, client, collection, django_assert_num_queries):
    make_proposals(collection, cast.people["branch_b_member"], 2)
    _as(client, cast, "branch_a_liaison")
    client.get(f"{API}/tracker")
    with django_assert_num_queries(4):
        client.get(f"{API}/tracker")
    make_proposals(collection, cast.people["branch_b_member"], 20)
    with django_assert_num_queries(4):
        assert client.get(f"{API}/tracker").json()["count"] == 22
