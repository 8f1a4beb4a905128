"""Pages: office bank, quiz set-up, results and export; the member's list, taking a quiz with
autosave, the result; query counts that do not grow with the rows."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tongxin.quizzes import services
from tongxin.quizzes.models import Attempt, AttemptItem, Question, Quiz
from tongxin.testing.api import table_counts

from .conftest import START, add_questions


def _login(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


def _count(client, url):
    client.get(url)  # warm the per-actor caches (menus, record)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def test_office_pages_render(cast, client, quiz, bank):
    _login(client, cast, "office_admin")
    for url in (
        reverse("quizzes:bank"),
        reverse("quizzes:bank") + f"?category={bank['history'].pk}&kind=single&q=Q",
        reverse("quizzes:category-create"),
        reverse("quizzes:question-create"),
        reverse("quizzes:question-edit", args=[Question.objects.first().pk]),
        reverse("quizzes:import"),
        reverse("quizzes:quiz-list"),
        reverse("quizzes:quiz-create"),
        reverse("quizzes:quiz-detail", args=[quiz.pk]),
        reverse("quizzes:quiz-results", args=[quiz.pk]),
    ):
        assert client.get(url).status_code == 200, url
    template = client.get(reverse("quizzes:import-template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_member_cannot_open_office_pages(cast, client, quiz):
    _login(client, cast, "branch_a_member")
    for url in (
        reverse("quizzes:bank"),
        reverse("quizzes:quiz-list"),
        reverse("quizzes:quiz-create"),
        reverse("quizzes:quiz-results", args=[quiz.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_office_adds_a_question_and_a_quiz_and_publishes(cast, client, bank, now):
    _login(client, cast, "office_admin")
    response = client.post(
        reverse("quizzes:question-create"),
        {
            "category": bank["union"].pk,
            "kind": "multiple",
            "stem": "Which are duties of the union?",
            "option_0": "Protect",
            "option_1": "Build",
            "option_2": "Sell",
            "answer": "AB",
            "points": 3,
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(stem="Which are duties of the union?")
    assert (question.answer, question.points) == ([0, 1], 3)
    response = client.post(
        reverse("quizzes:quiz-create"),
        {
            "organiser": cast.school.pk,
            "title": "Women's day quiz",
            "audience_node": cast.school.pk,
            "gender": "female",
            "opens_at": "2021-03-01T08:00",
            "closes_at": "2021-03-08T22:00",
            "time_limit_minutes": 15,
            "grace_seconds": 30,
            "attempts_allowed": 2,
            "ranking_size": 10,
            "shuffle_questions": "on",
            f"pool_{bank['history'].pk}": 3,
            f"pool_{bank['union'].pk}": 0,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    quiz = Quiz.objects.get()
    assert (quiz.gender, quiz.attempts_allowed, quiz.shuffle_options) == ("female", 2, False)
    assert sorted((p.category_id, p.count) for p in quiz.pool.all()) == sorted(
        [(bank["history"].pk, 3), (bank["union"].pk, None)]
    )
    client.post(reverse("quizzes:quiz-publish", args=[quiz.pk]))
    quiz.refresh_from_db()
    assert quiz.status == "published"


def test_wrong_answer_letters_show_on_the_form(cast, client, bank):
    _login(client, cast, "office_admin")
    before = table_counts()
    response = client.post(
        reverse("quizzes:question-create"),
        {
            "category": bank["union"].pk,
            "kind": "single",
            "stem": "Q",
            "option_0": "a",
            "option_1": "b",
            "answer": "Z",
            "points": 1,
        },
    )
    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    assert table_counts() == before


def test_import_page_dry_run_then_apply(cast, client):
    from tongxin.quizzes.spreadsheets import template_workbook

    _login(client, cast, "office_admin")
    upload = io.BytesIO(template_workbook())
    upload.name = "questions.xlsx"
    before = Question.objects.count()
    response = client.post(reverse("quizzes:import"), {"node": cast.school.pk, "file": upload})
    assert response.status_code == 200
    assert response.context["report"].valid == 3
    assert Question.objects.count() == before
    content = response.context["form"].initial["content"]
    response = client.post(
        reverse("quizzes:import"), {"node": cast.school.pk, "content": content, "apply": "1"}
    )
    assert response.status_code == 302
    assert Question.objects.count() == before + 3


def test_member_takes_a_quiz_with_autosave(cast, client, quiz, now):
    _login(client, cast, "branch_a_member")
    assert quiz.title in client.get(reverse("quizzes:mine")).content.decode()
    assert client.get(reverse("quizzes:quiz-view", args=[quiz.pk])).status_code == 200
    response = client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("quizzes:attempt-take", args=[attempt.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-remaining="600"' in html
    items = list(AttemptItem.objects.filter(attempt=attempt).order_by("position"))
    assert "Because." not in html  # no explanations (nor answers) before handing in
    first = items[0]
    shown = (
        [first.option_order.index(i) for i in first.correct]
        if first.option_order
        else first.correct
    )
    saved = client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]),
        {"question": first.question_id, f"q{first.question_id}": shown},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    first.refresh_from_db()
    assert first.chosen == sorted(first.correct)
    response = client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]),
        {f"q{first.question_id}": shown},
    )
    assert response.url == reverse("quizzes:attempt-result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.score == first.points
    result = client.get(response.url).content.decode()
    assert "Because." in result


def test_late_submit_page_shows_the_error_and_changes_nothing(cast, client, quiz, now):
    _login(client, cast, "branch_a_member")
    client.post(reverse("quizzes:quiz-start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    now(START + dt.timedelta(minutes=11))
    before = table_counts()
    response = client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {})
    late = client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]), {"question": "1", "q1": "0"}
    )
    assert late.status_code == 409
    assert table_counts() == before
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    # The result page then shows the error and scores what was saved in time.
    page = client.get(response.url).content.decode()
    with translation.override("zh-hans"):
        expected = gettext(
            "The time for this attempt is up; answers sent after the deadline are not accepted."
        )
    assert expected in page
    attempt.refresh_from_db()
    assert attempt.status == "timed_out"


def test_other_people_cannot_open_an_attempt(cast, client, quiz):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    _login(client, cast, "branch_b_member")
    assert client.get(reverse("quizzes:attempt-take", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("quizzes:attempt-result", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:attempt-submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


def test_export_page(cast, client, quiz):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    services.attempt_submit(actor=cast.actor("branch_a_member"), attempt=attempt)
    _login(client, cast, "office_admin")
    response = client.get(reverse("quizzes:quiz-export", args=[quiz.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "各分工会", "全部答题记录"]
    _login(client, cast, "branch_a_liaison")
    assert client.get(reverse("quizzes:quiz-export", args=[quiz.pk])).status_code in (403, 404)


def _take_for(cast, quiz, person):
    attempt = services.attempt_start(actor=cast.actor("system"), quiz=quiz, person=person)
    services.attempt_submit(actor=cast.actor("system"), attempt=attempt)


@pytest.mark.parametrize("persona", ["office_admin", "branch_a_member"])
def test_query_counts_do_not_grow(cast, client, make_quiz, bank, persona):
    quiz = make_quiz(results_public=True)
    _take_for(cast, quiz, cast.people["branch_b_member"])
    _login(client, cast, persona)
    if persona == "office_admin":
        urls = [
            reverse("quizzes:quiz-list"),
            reverse("quizzes:bank"),
            reverse("quizzes:quiz-results", args=[quiz.pk]),
            reverse("quizzes:quiz-detail", args=[quiz.pk]),
        ]
    else:
        urls = [reverse("quizzes:mine"), reverse("quizzes:quiz-view", args=[quiz.pk])]
    few = [_count(client, url) for url in urls]
    make_quiz(results_public=True)
    add_questions(cast, bank["union"], 6)
    services.category_create(actor=cast.actor("office_admin"), node=cast.school, name="More")
    members = [p for p in cast.people.values() if p.membership_status == "member"]
    for person in members:
        if person.pk != cast.people["branch_b_member"].pk:
            _take_for(cast, quiz, person)
    many = [_count(client, url) for url in urls]
    assert many == few


def test_office_reviews_an_attempt_from_the_ranking(cast, client, quiz):
    attempt = services.attempt_start(actor=cast.actor("branch_a_member"), quiz=quiz)
    services.attempt_submit(actor=cast.actor("branch_a_member"), attempt=attempt)
    _login(client, cast, "office_admin")
    results = client.get(reverse("quizzes:quiz-results", args=[quiz.pk])).content.decode()
    url = reverse("quizzes:attempt-result", args=[attempt.pk])
    assert url in results
    page = client.get(url).content.decode()
    assert str(attempt.seed) in page
    assert "Because." in page
