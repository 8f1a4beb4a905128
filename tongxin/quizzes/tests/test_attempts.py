"""Rules of taking a quiz: drawing, timing, attempts, scoring, the best attempt."""

import datetime as dt

import pytest

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.participation.models import Participation
from tongxin.quizzes import services
from tongxin.quizzes.choices import AttemptStatus
from tongxin.quizzes.models import Attempt, AttemptItem, Question
from tongxin.quizzes.sampling import draw
from tongxin.testing.api import table_counts

from .conftest import START

MEMBER = "branch_a_member"


def _start(cast, quiz, persona=MEMBER):
    return services.attempt_start(actor=cast.actor(persona), quiz=quiz)


def _items(attempt):
    return list(AttemptItem.objects.filter(attempt=attempt).select_related("question"))


def _shown(item, bank_indices):
    """The on-screen positions of the given bank options of ``item``."""
    if not item.option_order:
        return list(bank_indices)
    return [item.option_order.index(i) for i in bank_indices]


def test_start_draws_the_sampled_count_per_category(cast, quiz, bank):
    attempt = _start(cast, quiz)
    items = _items(attempt)
    by_category = {}
    for item in items:
        by_category.setdefault(item.question.category_id, 0)
        by_category[item.question.category_id] += 1
    assert by_category == {bank["history"].pk: 3, bank["union"].pk: 2}
    assert [i.position for i in sorted(items, key=lambda i: i.position)] == [1, 2, 3, 4, 5]
    assert attempt.max_score == 10
    assert attempt.deadline == START + dt.timedelta(minutes=10, seconds=30)


def test_total_count_draws_from_the_whole_pool(cast, make_quiz, bank):
    quiz = make_quiz(pool=[(bank["history"], None), (bank["union"], None)], question_count=7)
    assert len(_items(_start(cast, quiz))) == 7


def test_draw_is_deterministic_by_seed_and_replays(cast, quiz):
    attempt = _start(cast, quiz)
    parts = services.quiz_pool_parts(quiz)
    counts = {q.pk: len(q.options) for q in Question.objects.all()}
    kwargs = {
        "total": None,
        "option_counts": counts,
        "shuffle_questions": True,
        "shuffle_options": True,
    }
    replay = draw(attempt.seed, parts, **kwargs)
    stored = sorted(_items(attempt), key=lambda i: i.position)
    assert [(d.question_id, list(d.option_order)) for d in replay] == [
        (i.question_id, i.option_order) for i in stored
    ]
    assert draw(attempt.seed, parts, **kwargs) == replay
    others = {tuple(draw(seed, parts, **kwargs)) for seed in range(1, 30)}
    assert len(others) > 1  # different seeds shuffle differently


def test_no_shuffle_keeps_bank_order(cast, make_quiz, bank):
    quiz = make_quiz(pool=[(bank["history"], None)], shuffle_questions=False, shuffle_options=False)
    items = sorted(_items(_start(cast, quiz)), key=lambda i: i.position)
    assert [i.question_id for i in items] == sorted(i.question_id for i in items)
    assert all(i.option_order == list(range(len(i.question.options))) for i in items)


def test_a_running_attempt_is_resumed_not_duplicated(cast, quiz):
    first = _start(cast, quiz)
    assert _start(cast, quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_attempts_limit(cast, make_quiz):
    quiz = make_quiz(attempts_allowed=2)
    for _ in range(2):
        attempt = _start(cast, quiz)
        services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt)
    before = table_counts()
    with pytest.raises(DomainError) as error:
        _start(cast, quiz)
    assert error.value.code == "attempts_used"
    assert table_counts() == before


def test_scoring_single_multiple_and_true_false(cast, make_quiz, bank):
    quiz = make_quiz(pool=[(bank["history"], None)])  # 2 of each kind, 2 points each
    attempt = _start(cast, quiz)
    items = sorted(_items(attempt), key=lambda i: i.position)
    answers = {}
    expected = 0
    for item in items:
        kind = item.question.kind
        seen = [k for k in answers if Question.objects.get(pk=k).kind == kind]
        if not seen:  # the first of each kind right
            answers[item.question_id] = _shown(item, item.correct)
            expected += 2
        elif kind == "multiple":  # one of the two correct options only: all or nothing
            answers[item.question_id] = _shown(item, item.correct[:1])
        elif kind == "single":
            answers[item.question_id] = _shown(item, [0])  # wrong (the answer is option B)
        # the second true/false question is left blank
    attempt = services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt, answers=answers)
    assert (attempt.status, attempt.score, attempt.max_score) == ("submitted", expected, 12)
    assert attempt.correct_count == 3
    blank = [i for i in _items(attempt) if not i.chosen]
    assert len(blank) == 1
    assert blank[0].is_correct is None
    assert attempt.is_best
    assert Participation.objects.filter(person_id=attempt.person_id, kind="quiz").count() == 1


def test_answer_after_the_deadline_is_refused_and_changes_nothing(cast, quiz, now):
    attempt = _start(cast, quiz)
    item = _items(attempt)[0]
    services.attempt_save(
        actor=cast.actor(MEMBER),
        attempt=attempt,
        answers={item.question_id: _shown(item, item.correct)},
    )
    now(START + dt.timedelta(minutes=10, seconds=31))
    before = table_counts()
    with pytest.raises(DomainError) as error:
        services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt, answers={})
    assert error.value.code == "time_up"
    assert error.value.status == 409
    with pytest.raises(DomainError) as error:
        services.attempt_save(
            actor=cast.actor(MEMBER), attempt=attempt, answers={item.question_id: []}
        )
    assert error.value.code == "time_up"
    assert table_counts() == before
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    # Looking at it later scores what was saved in time.
    services.attempt_expire(actor=cast.actor(MEMBER), attempt=attempt)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == (AttemptStatus.TIMED_OUT, item.points)
    assert attempt.finished_at == attempt.deadline


def test_within_the_grace_an_answer_still_counts(cast, quiz, now):
    attempt = _start(cast, quiz)
    now(START + dt.timedelta(minutes=10, seconds=29))
    attempt = services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt)
    assert attempt.status == "submitted"
    assert attempt.duration_seconds == 629


def test_deadline_never_after_the_quiz_closes(cast, make_quiz, now):
    quiz = make_quiz()
    now(quiz.closes_at - dt.timedelta(minutes=3))
    attempt = _start(cast, quiz)
    assert attempt.deadline == quiz.closes_at


def test_quiz_not_open_refuses_a_start(cast, make_quiz, now):
    quiz = make_quiz()
    now(quiz.closes_at + dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as error:
        _start(cast, quiz)
    assert error.value.code == "not_open"
    draft = make_quiz(publish=False)
    with pytest.raises(DomainError):
        _start(cast, draft)
    assert Attempt.objects.count() == 0


def test_an_expired_running_attempt_is_scored_before_the_next(cast, make_quiz, now):
    quiz = make_quiz(attempts_allowed=2)
    first = _start(cast, quiz)
    now(START + dt.timedelta(hours=1))
    second = _start(cast, quiz)
    first.refresh_from_db()
    assert first.status == "timed_out"
    assert second.number == 2


def test_answer_for_a_question_not_in_the_attempt_is_refused(cast, quiz):
    attempt = _start(cast, quiz)
    asked = {i.question_id for i in _items(attempt)}
    other = Question.objects.exclude(pk__in=asked).first()
    before = table_counts()
    with pytest.raises(ValidationFailed) as error:
        services.attempt_save(actor=cast.actor(MEMBER), attempt=attempt, answers={other.pk: [0]})
    assert error.value.code == "question_not_in_attempt"
    item = _items(attempt)[0]
    with pytest.raises(ValidationFailed) as error:
        services.attempt_save(
            actor=cast.actor(MEMBER), attempt=attempt, answers={item.question_id: [9]}
        )
    assert error.value.code == "bad_answer"
    assert table_counts() == before


def test_single_choice_takes_one_option(cast, make_quiz, bank):
    quiz = make_quiz(pool=[(bank["history"], None)])
    attempt = _start(cast, quiz)
    single = next(i for i in _items(attempt) if i.question.kind == "single")
    with pytest.raises(ValidationFailed):
        services.attempt_save(
            actor=cast.actor(MEMBER), attempt=attempt, answers={single.question_id: [0, 1]}
        )


def test_double_submit_is_refused(cast, quiz):
    attempt = _start(cast, quiz)
    services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt)
    before = (table_counts(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as error:
        services.attempt_submit(actor=cast.actor(MEMBER), attempt=attempt)
    assert error.value.code == "already_submitted"
    with pytest.raises(DomainError):
        services.attempt_save(actor=cast.actor(MEMBER), attempt=attempt, answers={})
    assert (table_counts(), AuditEvent.objects.count()) == before


def test_best_attempt_is_ranked_and_one_participation(cast, make_quiz, bank, now):
    quiz = make_quiz(attempts_allowed=3, pool=[(bank["history"], None)])
    member = cast.actor(MEMBER)
    first = _start(cast, quiz)
    items = _items(first)
    services.attempt_submit(
        actor=member, attempt=first, answers={i.question_id: _shown(i, i.correct) for i in items}
    )
    second = _start(cast, quiz)
    services.attempt_submit(actor=member, attempt=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_best
    assert not second.is_best
    assert Participation.objects.filter(kind="quiz").count() == 1


def test_bank_edit_after_start_does_not_change_the_attempt(cast, quiz):
    attempt = _start(cast, quiz)
    item = _items(attempt)[0]
    question = item.question
    services.question_update(
        actor=cast.actor("office_admin"),
        question=question,
        data=services.QuestionData(
            question.kind, question.stem, question.options, question.answer, "", 50
        ),
    )
    attempt = services.attempt_submit(
        actor=cast.actor(MEMBER),
        attempt=attempt,
        answers={item.question_id: _shown(item, item.correct)},
    )
    assert attempt.score == 2


def test_close_scores_running_attempts(cast, quiz, now):
    attempt = _start(cast, quiz)
    now(START + dt.timedelta(minutes=5))
    services.quiz_close(actor=cast.actor("office_admin"), quiz=quiz)
    attempt.refresh_from_db()
    assert attempt.status == "timed_out"
    assert attempt.duration_seconds == 300
