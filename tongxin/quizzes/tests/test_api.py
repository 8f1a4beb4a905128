"""The quiz API: the member's flow, errors in the one shape, scoping, list query counts."""

import datetime as dt

import pytest

from tongxin.quizzes import services
from tongxin.quizzes.models import Attempt, AttemptItem
from tongxin.testing.api import api_as, assert_error, query_count, table_counts

from .conftest import START


def test_member_flow(cast, quiz, now):
    api = api_as(cast, "branch_a_member")
    listed = api.get("/quizzes/open")
    assert listed.status_code == 200
    assert [q["id"] for q in listed.json()["items"]] == [quiz.pk]
    assert api.get(f"/quizzes/{quiz.pk}").json()["my_attempts"] == []
    started = api.post(f"/quizzes/{quiz.pk}/attempts")
    assert started.status_code == 201
    body = started.json()
    assert body["seconds_left"] == 630
    assert len(body["questions"]) == 5
    for question in body["questions"]:
        assert question["explanation"] is None
        assert all(option["correct"] is None for option in question["options"])
    first = AttemptItem.objects.get(attempt_id=body["id"], position=1)
    shown = (
        [first.option_order.index(i) for i in first.correct]
        if first.option_order
        else first.correct
    )
    saved = api.post(
        f"/quizzes/attempts/{body['id']}/answers",
        {"answers": [{"question_id": first.question_id, "choices": shown}]},
    )
    assert saved.json() == {"changed": 1}
    done = api.post(f"/quizzes/attempts/{body['id']}/submit", {"answers": []})
    assert done.status_code == 200
    result = done.json()
    assert (result["finished"], result["score"], result["status"]) == (
        True,
        first.points,
        "submitted",
    )
    assert result["questions"][0]["explanation"] == "Because."
    again = api.post(f"/quizzes/attempts/{body['id']}/submit", {"answers": []})
    assert_error(again, 409, "already_submitted")


def test_late_submit_is_refused_and_changes_nothing(cast, quiz, now):
    api = api_as(cast, "branch_a_member")
    body = api.post(f"/quizzes/{quiz.pk}/attempts").json()
    now(START + dt.timedelta(minutes=10, seconds=31))
    before = table_counts()
    response = api.post(f"/quizzes/attempts/{body['id']}/submit", {"answers": []})
    assert_error(response, 409, "time_up")
    assert table_counts() == before


def test_bad_answers(cast, quiz):
    api = api_as(cast, "branch_a_member")
    body = api.post(f"/quizzes/{quiz.pk}/attempts").json()
    before = table_counts()
    other = 10**6
    response = api.post(
        f"/quizzes/attempts/{body['id']}/answers",
        {"answers": [{"question_id": other, "choices": [0]}]},
    )
    assert_error(response, 400, "question_not_in_attempt", "answers")
    response = api.post(
        f"/quizzes/attempts/{body['id']}/answers",
        {"answers": [{"question_id": "x", "choices": [0]}]},
    )
    assert response.status_code in (400, 422)
    assert table_counts() == before


def test_branch_b_member_cannot_start_a_branch_a_quiz(cast, make_quiz):
    quiz = make_quiz(audience=cast.branch_a)
    api = api_as(cast, "branch_b_member")
    assert_error(api.post(f"/quizzes/{quiz.pk}/attempts"), 404, "not_found")
    assert_error(api.get(f"/quizzes/{quiz.pk}"), 404, "not_found")
    assert Attempt.objects.count() == 0


def test_members_cannot_see_others_attempts(cast, quiz):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    assert_error(
        api_as(cast, "branch_b_member").get(f"/quizzes/attempts/{attempt.pk}"), 404, "not_found"
    )
    response = api_as(cast, "branch_b_member").post(
        f"/quizzes/attempts/{attempt.pk}/submit", {"answers": []}
    )
    assert_error(response, 404, "not_found")
    chair = api_as(cast, "branch_a_chair")
    assert chair.get(f"/quizzes/attempts/{attempt.pk}").status_code == 200
    assert_error(
        chair.post(f"/quizzes/attempts/{attempt.pk}/submit", {"answers": []}), 403, "forbidden"
    )


def test_office_lists_and_ranks(cast, quiz):
    for persona in ("branch_a_member", "branch_b_member"):
        attempt = services.attempt_start(actor=cast.actor(persona), quiz=quiz)
        services.attempt_submit(actor=cast.actor(persona), attempt=attempt)
    office = api_as(cast, "office_admin")
    assert office.get("/quizzes/manage").json()["count"] == 1
    ranking = office.get(f"/quizzes/{quiz.pk}/ranking").json()
    assert ranking["names_shown"] is True
    assert {r["name"] for r in ranking["rows"]} == {"Member A", "Member B"}
    branch = office.get(f"/quizzes/{quiz.pk}/ranking", {"branch_id": cast.branch_b.pk}).json()
    assert [r["name"] for r in branch["rows"]] == ["Member B"]
    assert office.get(f"/quizzes/{quiz.pk}/attempts").json()["count"] == 2
    member = api_as(cast, "branch_a_member")
    assert_error(member.get("/quizzes/manage"), 403, "forbidden")
    assert_error(member.get(f"/quizzes/{quiz.pk}/attempts"), 403, "forbidden")
    assert member.get(f"/quizzes/{quiz.pk}/ranking").json()["rows"] == []


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("office_admin", "/quizzes/manage"),
        ("branch_a_member", "/quizzes/open"),
        ("office_admin", "/quizzes/{pk}/attempts"),
        ("office_admin", "/quizzes/{pk}/ranking"),
    ],
)
def test_list_query_counts_are_constant(cast, make_quiz, persona, path):
    quiz = make_quiz()
    api = api_as(cast, persona)
    url = path.format(pk=quiz.pk)
    api.get(url)
    few = query_count(api, url)
    for _ in range(3):
        make_quiz()
    for name in ("branch_a_member", "branch_b_member", "branch_a_chair", "branch_a_liaison"):
        attempt = services.attempt_start(actor=cast.actor(name), quiz=quiz)
        services.attempt_submit(actor=cast.actor(name), attempt=attempt)
    assert query_count(api, url) == few
