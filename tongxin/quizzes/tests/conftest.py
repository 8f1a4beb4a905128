"""Quiz fixtures: a bank with questions of every kind and quizzes over it, built through the
services; a fixed clock so timing rules are tested without sleeping."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone

from tongxin.activities import clock
from tongxin.quizzes import services
from tongxin.quizzes.models import QuestionCategory, Quiz
from tongxin.quizzes.services import QuestionData, QuizData
from tongxin.testing.personas import Cast

START = timezone.make_aware(dt.datetime(2021, 3, 1, 9, 0))


@pytest.fixture
def now() -> Iterator[Callable[[dt.datetime], None]]:
    """``now(moment)`` fixes the clock at ``moment`` for the rest of the test."""
    tokens = []

    def _set(moment: dt.datetime) -> None:
        tokens.append(clock._fixed.set(moment))

    _set(START)
    yield _set
    for token in reversed(tokens):
        clock._fixed.reset(token)


def add_questions(cast: Cast, category: QuestionCategory, n: int, *, points: int = 2) -> list:
    office = cast.actor("office_admin")
    made = []
    for i in range(n):
        kind = ("single", "multiple", "true_false")[i % 3]
        data = {
            "single": QuestionData("single", f"Q{i} single", ["a", "b", "c", "d"], [1]),
            "multiple": QuestionData("multiple", f"Q{i} multi", ["a", "b", "c", "d"], [0, 2]),
            "true_false": QuestionData("true_false", f"Q{i} tf", [], [0]),
        }[kind]
        data = QuestionData(data.kind, data.stem, data.options, data.answer, "Because.", points)
        made.append(services.question_create(actor=office, category=category, data=data))
    return made


@pytest.fixture
def bank(cast: Cast) -> dict[str, QuestionCategory]:
    office = cast.actor("office_admin")
    history = services.category_create(actor=office, node=cast.school, name="Party history")
    union = services.category_create(actor=office, node=cast.school, name="Union knowledge")
    add_questions(cast, history, 6)
    add_questions(cast, union, 6)
    return {"history": history, "union": union}


@pytest.fixture
def make_quiz(cast: Cast, bank, now) -> Callable[..., Quiz]:
    def _make(*, publish: bool = True, audience=None, pool=None, organiser=None, **fields) -> Quiz:
        data = QuizData(
            title="Party history quiz",
            opens_at=START - dt.timedelta(hours=1),
            closes_at=START + dt.timedelta(days=2),
            audience_node=audience or cast.school,
            pool=pool if pool is not None else [(bank["history"], 3), (bank["union"], 2)],
            time_limit_minutes=10,
            **fields,
        )
        office = cast.actor("office_admin")
        quiz = services.quiz_create(actor=office, organiser=organiser or cast.school, data=data)
        if publish:
            quiz = services.quiz_publish(actor=office, quiz=quiz)
        return quiz

    return _make


@pytest.fixture
def quiz(make_quiz) -> Quiz:
    return make_quiz()
