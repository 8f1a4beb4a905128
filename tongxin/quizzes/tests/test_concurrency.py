"""Races: simultaneous starts of the same person's attempt, simultaneous submissions.

Each thread has its own connection (PostgreSQL as it is; SQLite through a shared file, see
``testing.burst``). The person's row lock and the unique constraints make one attempt only.
"""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from tongxin.core.errors import DomainError
from tongxin.quizzes import services
from tongxin.quizzes.models import Attempt
from tongxin.testing.burst import file_database

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _open_quiz(cast, bank, **fields):
    now = timezone.now()
    data = services.QuizData(
        title="Race quiz",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
        audience_node=cast.school,
        pool=[(bank["history"], 3)],
        **fields,
    )
    office = cast.actor("office_admin")
    quiz = services.quiz_create(actor=office, organiser=cast.school, data=data)
    return services.quiz_publish(actor=office, quiz=quiz)


def _race(bind, calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    lock = threading.Lock()

    def run(call):
        bind()
        try:
            barrier.wait()
            try:
                outcome = call()
            except DomainError as error:
                outcome = error
            with lock:
                results.append(outcome)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("allowed", [1, 2])
def test_two_starts_at_once_make_one_attempt(cast, bank, allowed):
    quiz = _open_quiz(cast, bank, attempts_allowed=allowed)
    member = cast.actor("branch_a_member")
    with file_database() as bind:
        results = _race(
            bind, [lambda: services.attempt_start(actor=member, quiz=quiz) for _ in range(4)]
        )
        in_thread_count = _count(bind, quiz)
    attempts = [r for r in results if isinstance(r, Attempt)]
    assert len(attempts) + sum(isinstance(r, DomainError) for r in results) == 4
    assert len({a.pk for a in attempts}) == 1
    assert in_thread_count == 1


def test_two_submissions_at_once_score_once(cast, bank):
    quiz = _open_quiz(cast, bank)
    member = cast.actor("branch_a_member")
    attempt = services.attempt_start(actor=member, quiz=quiz)
    with file_database() as bind:
        results = _race(
            bind, [lambda: services.attempt_submit(actor=member, attempt=attempt) for _ in range(3)]
        )
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 2
    assert {e.code for e in errors} == {"already_submitted"}


def _count(bind, quiz):
    box = []

    def run():
        bind()
        try:
            box.append(Attempt.objects.filter(quiz_id=quiz.pk).count())
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return box[0]
