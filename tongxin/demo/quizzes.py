"""Demo step: the question bank and the two online quizzes of the seed year.

The women's day online party-history quiz (March, women members, two attempts each,
linked to the women's day study session) and the mind-sports online preliminaries (May,
about three players per branch, one attempt). Every attempt goes through the services on the
quiz clock: started at its moment, answered with the person's own accuracy, handed in a few
minutes later; a few run out of time and are scored when the quiz closes.
"""

import datetime as dt

from tongxin.activities import clock
from tongxin.activities.models import Activity
from tongxin.members.models import Person
from tongxin.quizzes import services
from tongxin.quizzes.importing import parse_answer
from tongxin.quizzes.models import AttemptItem, QuestionCategory, Quiz
from tongxin.quizzes.services import QuestionData, QuizData

from .activity_steps import active_members, at
from .data import quizzes as data
from .seed import DemoContext

WOMEN_TAKING_PART = 230  # "a few hundred" attempts by women members, with the retakes
RETAKE_SHARE = 0.2
TIMED_OUT_SHARE = 0.03


def _bank(ctx: DemoContext) -> dict[str, QuestionCategory]:
    with clock.at(at(ctx, 2, 20)):
        categories = {
            name: services.category_create(
                actor=ctx.system, node=ctx.school, name=name, sort_order=index
            )
            for index, name in enumerate(data.CATEGORIES)
        }
        for category, kind, stem, options, answer, explanation, points in data.QUESTIONS:
            services.question_create(
                actor=ctx.system,
                category=categories[category],
                data=QuestionData(
                    kind=kind,
                    stem=stem,
                    options=list(options),
                    answer=parse_answer(kind, answer),
                    explanation=explanation,
                    points=points,
                ),
            )
    return categories


def _quiz(ctx: DemoContext, *, published: dt.datetime, data_: QuizData) -> Quiz:
    with clock.at(published):
        quiz = services.quiz_create(actor=ctx.system, organiser=ctx.school, data=data_)
        return services.quiz_publish(actor=ctx.system, quiz=quiz)


def _answers(ctx: DemoContext, attempt_id: int, accuracy: float) -> dict[int, list[int]]:
    """Positions as shown: the correct ones with probability ``accuracy``, else a wrong one."""
    answers = {}
    for item in AttemptItem.objects.filter(attempt_id=attempt_id).order_by("position"):
        size = len(item.option_order) or 2
        shown_correct = (
            [item.option_order.index(i) for i in item.correct]
            if item.option_order
            else list(item.correct)
        )
        if ctx.rng.random() < accuracy:
            answers[item.question_id] = shown_correct
        else:
            wrong = [p for p in range(size) if p not in shown_correct]
            answers[item.question_id] = [ctx.rng.choice(wrong)] if wrong else shown_correct[:1]
    return answers


def _take(
    ctx: DemoContext, quiz: Quiz, person: Person, start: dt.datetime, accuracy: float
) -> None:
    with clock.at(start):
        attempt = services.attempt_start(actor=ctx.system, quiz=quiz, person=person)
    answers = _answers(ctx, attempt.pk, accuracy)
    if ctx.rng.random() < TIMED_OUT_SHARE:
        # Saves half the answers, then leaves the page open: scored when the quiz closes.
        half = dict(list(answers.items())[: len(answers) // 2])
        with clock.at(start + dt.timedelta(minutes=4)):
            services.attempt_save(actor=ctx.system, attempt=attempt, answers=half)
        return
    limit = quiz.time_limit_minutes * 60
    seconds = ctx.rng.randint(limit // 4, limit - 20)
    with clock.at(start + dt.timedelta(seconds=seconds)):
        services.attempt_submit(actor=ctx.system, attempt=attempt, answers=answers)


def _moment(ctx: DemoContext, opens: dt.datetime, days: int, limit_minutes: int) -> dt.datetime:
    """A time of day people start: from 8:00 on one of the open days, early enough that the
    time limit runs out by 22:00 (the quizzes close at 22:00 on their last day), so every
    hand-in lands while the quiz is open."""
    day = ctx.rng.randrange(days)
    return opens.replace(hour=8, minute=0) + dt.timedelta(
        days=day, minutes=ctx.rng.randrange(14 * 60 - limit_minutes)
    )


def _womens_day(ctx: DemoContext, categories: dict[str, QuestionCategory]) -> Quiz:
    title, description = data.WOMENS_DAY_QUIZ
    study = (
        Activity.objects.filter(school=ctx.school, kind="womens_day")
        .order_by("starts_at", "pk")
        .first()
    )
    opens, closes = at(ctx, 3, 1, 8), at(ctx, 3, 7, 22)
    quiz = _quiz(
        ctx,
        published=at(ctx, 2, 26, 10),
        data_=QuizData(
            title=title,
            description=description,
            opens_at=opens,
            closes_at=closes,
            audience_node=ctx.school,
            gender="female",
            activity=study,
            pool=[
                (categories[data.HISTORY], 8),
                (categories[data.WOMEN], 4),
                (categories[data.UNION], 3),
            ],
            time_limit_minutes=15,
            attempts_allowed=2,
            results_public=True,
            ranking_size=20,
        ),
    )
    women = [p for p in active_members(ctx) if p.gender == "female"]
    players = ctx.rng.sample(women, min(WOMEN_TAKING_PART, len(women)))
    for person in players:
        accuracy = ctx.rng.uniform(0.55, 0.97)
        start = _moment(ctx, opens, 6, quiz.time_limit_minutes)
        _take(ctx, quiz, person, start, accuracy)
        if ctx.rng.random() < RETAKE_SHARE:
            later = start + dt.timedelta(hours=ctx.rng.randint(1, 20))
            if later < closes - dt.timedelta(minutes=20):
                _take(ctx, quiz, person, later, min(accuracy + 0.05, 0.99))
    with clock.at(closes + dt.timedelta(minutes=1)):
        services.quiz_close(actor=ctx.system, quiz=quiz)
    return quiz


def _mind_sports(ctx: DemoContext, categories: dict[str, QuestionCategory]) -> Quiz:
    title, description = data.MIND_SPORTS_QUIZ
    opens, closes = at(ctx, 5, 10, 8), at(ctx, 5, 14, 22)
    quiz = _quiz(
        ctx,
        published=at(ctx, 5, 6, 10),
        data_=QuizData(
            title=title,
            description=description,
            opens_at=opens,
            closes_at=closes,
            audience_node=ctx.school,
            pool=[(categories[data.MIND_SPORTS], None)],
            question_count=10,
            time_limit_minutes=10,
            attempts_allowed=1,
            results_public=True,
            ranking_size=16,
        ),
    )
    members = active_members(ctx)
    for branch in ctx.branches:
        local = [p for p in members if p.node_id == branch.pk]
        for person in ctx.rng.sample(local, min(3, len(local))):
            _take(
                ctx,
                quiz,
                person,
                _moment(ctx, opens, 5, quiz.time_limit_minutes),
                ctx.rng.uniform(0.5, 0.95),
            )
    with clock.at(closes + dt.timedelta(minutes=1)):
        services.quiz_close(actor=ctx.system, quiz=quiz)
    return quiz


def seed(ctx: DemoContext) -> None:
    categories = _bank(ctx)
    womens_day = _womens_day(ctx, categories)
    mind_sports = _mind_sports(ctx, categories)
    ctx.extra["quizzes"] = {"womens_day": womens_day, "mind_sports": mind_sports}
    for quiz in (womens_day, mind_sports):
        finished = quiz.attempts.exclude(status="in_progress").count()
        ctx.say(f"  quiz {quiz.pk}: {finished} attempts")
