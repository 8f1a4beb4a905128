"""The submissions API: calls, works with multipart upload, scores, ranking, gallery."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.submissions import services
from tongxin.submissions.models import SubmissionCall, Work
from tongxin.testing.api import API, api_as, assert_error, query_count, table_counts
from tongxin.testing.personas import SYSTEM
from tongxin.testing.submissions import PDF, PNG, TEXT

from .conftest import stored_files


def _upload(client, call, data):  # type: ignore[no-untyped-def]
    return client.client.post(
        f"{API}/submissions/calls/{call.pk}/works", data, headers=client._headers()
    )


def test_member_uploads_a_work_multipart(cast, call, children, media_root) -> None:
    api = api_as(cast, "branch_a_member")
    response = _upload(
        api,
        call,
        {
            "title": "Rainbow",
            "child_id": children["a"].pk,
            "file": SimpleUploadedFile("r.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["kind"], body["content_type"]) == ("Rainbow", "image", "image/png")
    assert body["file_url"].endswith(f"/works/{body['id']}/file/")
    mine = api.get("/submissions/works/mine").json()
    assert [item["id"] for item in mine["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("content", "child", "code", "field"),
    [
        (TEXT, "a", "file_type_not_allowed", "file"),
        (PNG, "b", "child_not_yours", "child_id"),
        (PNG, None, "child_required", "child"),
    ],
)
def test_bad_uploads_leave_nothing(
    cast, call, children, media_root, content, child, code, field
) -> None:
    api = api_as(cast, "branch_a_member")
    before = table_counts()
    data = {"title": "Bad", "file": SimpleUploadedFile("bad.jpg", content)}
    if child:
        data["child_id"] = children[child].pk
    response = _upload(api, call, data)
    assert_error(response, 400, code, field)
    assert table_counts() == before
    assert stored_files(media_root) == []


def test_unknown_child_id_is_the_same_error(cast, call, children, media_root) -> None:
    api = api_as(cast, "branch_a_member")
    response = _upload(
        api, call, {"title": "X", "child_id": 999999, "file": SimpleUploadedFile("x.png", PNG)}
    )
    assert_error(response, 400, "child_not_yours", "child_id")


def test_oversize_upload_is_refused(cast, call, children, media_root, settings) -> None:
    settings.SUBMISSIONS_MAX_BYTES = {"image": 10}
    api = api_as(cast, "branch_a_member")
    response = _upload(
        api,
        call,
        {"title": "Big", "child_id": children["a"].pk, "file": SimpleUploadedFile("b.png", PNG)},
    )
    assert_error(response, 400, "file_too_large", "file")
    assert stored_files(media_root) == []


def test_outsider_and_anonymous_cannot_upload(cast, call, children) -> None:
    for persona, status in (("outsider", 404), ("anonymous", 401)):
        response = _upload(
            api_as(cast, persona),
            call,
            {"title": "X", "file": SimpleUploadedFile("x.pdf", PDF)},
        )
        assert response.status_code == status
    assert not Work.objects.exists()


def test_office_creates_and_opens_a_call(cast) -> None:
    api = api_as(cast, "office_admin")
    today = timezone.localdate().isoformat()
    response = api.post(
        "/submissions/calls",
        {
            "title": "Story call",
            "kinds": ["pdf"],
            "eligibility": "staff",
            "opens_on": today,
            "closes_on": today,
            "criteria": [{"name": "Story", "weight": 70}, {"name": "Language", "weight": 30}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["weight"] for c in body["criteria"]] == [70, 30]
    opened = api.post(f"/submissions/calls/{body['id']}/open")
    assert opened.json()["status"] == "open"


def test_member_cannot_create_a_call(cast) -> None:
    today = timezone.localdate().isoformat()
    response = api_as(cast, "branch_a_member").post(
        "/submissions/calls",
        {
            "title": "Mine",
            "kinds": ["pdf"],
            "eligibility": "staff",
            "opens_on": today,
            "closes_on": today,
            "criteria": [{"name": "Story", "weight": 1}],
        },
    )
    assert_error(response, 403, "forbidden")
    assert not SubmissionCall.objects.exclude(title="").filter(title="Mine").exists()


def test_call_validation_error_shape(cast) -> None:
    today = timezone.localdate().isoformat()
    response = api_as(cast, "office_admin").post(
        "/submissions/calls",
        {
            "title": "Bad",
            "kinds": [],
            "eligibility": "staff",
            "opens_on": today,
            "closes_on": today,
            "criteria": [{"name": "Story", "weight": 1}],
        },
    )
    assert_error(response, 400, "kinds_required", "kinds")


def test_judge_scores_and_ranking_and_gallery(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    criteria = list(call.criteria.order_by("position"))
    judge = api_as(cast, "branch_a_chair")
    response = judge.post(
        f"/submissions/works/{works['a'].pk}/scores",
        {"scores": [{"criterion_id": c.pk, "value": 90} for c in criteria]},
    )
    assert response.status_code == 200, response.content
    refused = judge.post(
        f"/submissions/works/{works['a'].pk}/scores",
        {"scores": [{"criterion_id": criteria[0].pk, "value": 101}]},
    )
    assert_error(refused, 400, "score_out_of_range", f"criterion_{criteria[0].pk}")
    own = api_as(cast, "office_admin").post(
        f"/submissions/works/{works['office'].pk}/scores",
        {"scores": [{"criterion_id": criteria[0].pk, "value": 50}]},
    )
    assert_error(own, 400, "judge_own_work")
    not_judge = api_as(cast, "branch_b_member").post(
        f"/submissions/works/{works['a'].pk}/scores",
        {"scores": [{"criterion_id": criteria[0].pk, "value": 50}]},
    )
    assert not_judge.status_code == 404
    ranking = api_as(cast, "office_admin").get(f"/submissions/calls/{call.pk}/ranking").json()
    assert ranking["count"] == 4
    ranking = ranking["items"]
    assert ranking[0]["work_id"] == works["a"].pk
    assert ranking[0]["score"] == 90.0
    assert (
        api_as(cast, "branch_b_member").get(f"/submissions/calls/{call.pk}/ranking").status_code
        == 404
    )
    gallery = api_as(cast, "branch_b_member").get(f"/submissions/calls/{call.pk}/gallery").json()
    assert gallery["count"] == 4
    assert all(item["prize"] is None for item in gallery["items"])


def test_screening_over_the_api(cast, submit) -> None:
    work = submit()
    office = api_as(cast, "office_admin")
    refused = office.post(f"/submissions/works/{work.pk}/reject", {"note": ""})
    assert_error(refused, 400, "invalid", "note")
    member = api_as(cast, "branch_a_member").post(f"/submissions/works/{work.pk}/accept", {})
    assert_error(member, 404, "not_found")  # the office's call is outside a member's scope
    chair = api_as(cast, "branch_a_chair").post(f"/submissions/works/{work.pk}/accept", {})
    assert chair.status_code == 404
    accepted = office.post(f"/submissions/works/{work.pk}/accept", {})
    assert accepted.json()["status"] == "accepted"


def test_other_members_cannot_read_a_work(cast, submit) -> None:
    work = submit()
    assert api_as(cast, "branch_b_member").get(f"/submissions/works/{work.pk}").status_code == 404
    assert api_as(cast, "branch_a_member").get(f"/submissions/works/{work.pk}").status_code == 200


def _more(cast, call, children, count):  # type: ignore[no-untyped-def]
    from tongxin.members import services as members

    for index in range(count):
        child = members.family_member_add(
            actor=SYSTEM,
            person=cast.people["branch_a_member"],
            relation="child",
            name=f"Kid {index}",
            birth_on=children["a"].birth_on,
        )
        work = services.work_submit(
            actor=SYSTEM,
            call=call,
            submitter=cast.people["branch_a_member"],
            child=child,
            title=f"W{index}",
            upload=SimpleUploadedFile("x.png", PNG),
        )
        services.work_accept(actor=SYSTEM, work=work)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("office_admin", "/submissions/calls"),
        ("office_admin", "/submissions/calls/{pk}/works"),
        ("branch_a_member", "/submissions/works/mine"),
        ("branch_b_member", "/submissions/calls/{pk}/gallery"),
        ("office_admin", "/submissions/calls/{pk}/ranking"),
        ("branch_a_member", "/submissions/calls/open"),
    ],
)
def test_list_query_counts_are_constant(cast, call, children, persona, path) -> None:
    api = api_as(cast, persona)
    url = path.format(pk=call.pk)
    _more(cast, call, children, 1)
    api.get(url)
    one = query_count(api, url)
    _more(cast, call, children, 5)
    assert query_count(api, url) == one


def test_office_runs_judging_to_results_over_the_api(cast, judging) -> None:
    call, works = judging["call"], judging["works"]
    office = api_as(cast, "office_admin")
    appointed = office.post(
        f"/submissions/calls/{call.pk}/judges", {"person_id": cast.people["branch_a_liaison"].pk}
    )
    assert appointed.status_code == 201, appointed.content
    again = office.post(
        f"/submissions/calls/{call.pk}/judges", {"person_id": cast.people["branch_a_liaison"].pk}
    )
    assert_error(again, 400, "judge_exists", "person_id")
    too_big = office.post(
        f"/submissions/calls/{call.pk}/prize-levels",
        {"name": "Big", "count": 1, "amount_fen": 10_000_000},
    )
    assert_error(too_big, 400, "prize_over_cap", "amount_fen")
    level = office.post(
        f"/submissions/calls/{call.pk}/prize-levels",
        {"name": "First", "count": 1, "amount_fen": 500},
    )
    assert level.status_code == 201
    criteria = list(call.criteria.all())
    services.score_set(
        actor=cast.actor("branch_a_chair"), work=works["b"], values={c.pk: 90 for c in criteria}
    )
    awards = office.post(f"/submissions/calls/{call.pk}/awards-by-ranking").json()
    assert [a["work_id"] for a in awards] == [works["b"].pk]
    member = api_as(cast, "branch_a_member").post(f"/submissions/calls/{call.pk}/publish", {})
    assert member.status_code == 404
    published = office.post(f"/submissions/calls/{call.pk}/publish", {"pay_prizes": True})
    assert published.json()["status"] == "published"
    gallery = api_as(cast, "branch_b_member").get(f"/submissions/calls/{call.pk}/gallery").json()
    assert gallery["items"][0]["prize"] == "First"
