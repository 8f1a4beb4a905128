import datetime as dt

from django.utils import timezone

from tests.e2e.conftest import log_in
from tongxin.quizzes import services
from tongxin.quizzes.services import QuestionData, QuizData


def _open_quiz(cast):
    office = cast.actor("office_admin")
    category = services.category_create(actor=office, node=cast.school, name="Party history")
    for index in range(4):
        services.question_create(
            actor=office,
            category=category,
            data=QuestionData(
                "single", f"Question {index}", ["One", "Two", "Three"], [1], "Because two."
            ),
        )
    now = timezone.now()
    quiz = services.quiz_create(
        actor=office,
        organiser=cast.school,
        data=QuizData(
            title="Party history quiz",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
            audience_node=cast.school,
            pool=[(category, 3)],
            time_limit_minutes=10,
        ),
    )
    return services.quiz_publish(actor=office, quiz=quiz)


def test_member_takes_a_quiz_on_a_phone(page, live_server, cast):
    # given an open quiz and a member on a 375 px screen
    quiz = _open_quiz(cast)
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    # when they open it from the tile on "Me" and start
    page.get_by_test_id("tile-quizzes").click()
    page.get_by_test_id("open-quizzes").get_by_text(quiz.title).click()
    page.get_by_test_id("quiz-start").click()
    # then the questions and the countdown show, and an answer is saved as they choose it
    assert page.get_by_test_id("question").count() == 3
    assert page.get_by_test_id("countdown").is_visible()
    first = page.get_by_test_id("question").first
    with page.expect_response(lambda r: "/save/" in r.url and r.status == 200):
        first.get_by_text("Two").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # and handing in shows the score with explanations
    page.get_by_test_id("quiz-submit").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("score").inner_text().strip() == "1/3"
    assert "Because two." in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
