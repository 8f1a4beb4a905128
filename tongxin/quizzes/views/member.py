"""Member pages (mobile first): open quizzes, taking one, the result with explanations.

The countdown on the page is a display; the server decides. Answers are saved as the member
goes (one htmx post per question changed) and all together on submit.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.activities import clock
from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest

from .. import queries, services
from ..choices import OPTION_LETTERS, QuestionKind
from ..models import Attempt, AttemptItem


@login_required
def quiz_mine(request: ActorRequest) -> HttpResponse:
    quizzes = queries.quiz_list_member(actor=request.actor)
    now = clock.now()
    return render(
        request,
        "quizzes/member_list.html",
        {
            "open": [
                q for q in quizzes if q.status == "published" and q.opens_at <= now < q.closes_at
            ],
            "coming": [q for q in quizzes if q.status == "published" and now < q.opens_at],
            "past": [
                q
                for q in quizzes
                if q.status == "closed" or (q.status == "published" and q.closes_at <= now)
            ],
        },
    )


@login_required
def quiz_view(request: ActorRequest, pk: int) -> HttpResponse:
    quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    now = clock.now()
    running = next(
        (a for a in quiz.my_attempts if a.status == "in_progress" and now <= a.deadline), None
    )
    used = len(quiz.my_attempts)
    return render(
        request,
        "quizzes/member_quiz.html",
        {
            "quiz": quiz,
            "attempts": quiz.my_attempts,
            "running": running,
            "can_start": quiz.status == "published"
            and quiz.opens_at <= now < quiz.closes_at
            and (running is not None or used < quiz.attempts_allowed),
            "ranking": queries.ranking(actor=request.actor, quiz=quiz)
            if quiz.results_public
            else None,
        },
    )


@login_required
@require_POST
def quiz_start(request: ActorRequest, pk: int) -> HttpResponse:
    quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    try:
        attempt = services.attempt_start(actor=request.actor, quiz=quiz)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("quizzes:quiz-view", pk=quiz.pk)
    return redirect("quizzes:attempt-take", pk=attempt.pk)


@dataclass
class ShownOption:
    position: int
    letter: str
    text: str
    chosen: bool
    correct: bool


@dataclass
class ShownItem:
    item: AttemptItem
    kind: str
    stem: str
    explanation: str
    options: list[ShownOption]
    multiple: bool


def _shown(items: list[AttemptItem], *, reveal: bool) -> list[ShownItem]:
    result = []
    for item in items:
        question = item.question
        if question.kind == QuestionKind.TRUE_FALSE:
            pairs = [(0, _("True")), (1, _("False"))]
        else:
            pairs = [(bank, question.options[bank]) for bank in item.option_order]
        options = [
            ShownOption(
                position=position,
                letter=OPTION_LETTERS[position],
                text=text,
                chosen=bank in item.chosen,
                correct=reveal and bank in item.correct,
            )
            for position, (bank, text) in enumerate(pairs)
        ]
        result.append(
            ShownItem(
                item=item,
                kind=question.get_kind_display(),
                stem=question.stem,
                explanation=question.explanation if reveal else "",
                options=options,
                multiple=question.kind == QuestionKind.MULTIPLE,
            )
        )
    return result


def _own_attempt(request: ActorRequest, pk: int) -> Attempt:
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    if attempt.person_id != request.actor.person_id:
        raise NotFound()
    return attempt


@login_required
def attempt_take(request: ActorRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    now = clock.now()
    if attempt.is_finished or now > attempt.deadline:
        return redirect("quizzes:attempt-result", pk=attempt.pk)
    return render(
        request,
        "quizzes/take.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": _shown(queries.attempt_items(attempt), reveal=False),
            "remaining": _seconds_left(attempt, now),
        },
    )


def _seconds_left(attempt: Attempt, now) -> int:  # type: ignore[no-untyped-def]
    """Seconds of the time limit left (the grace is the server's, not shown)."""
    quiz = attempt.quiz
    end = min(attempt.started_at + dt.timedelta(minutes=quiz.time_limit_minutes), quiz.closes_at)
    return max(0, int((end - now).total_seconds()))


def _answers(request: ActorRequest, question_ids: list[int]) -> dict[int, list[int]]:
    answers = {}
    for qid in question_ids:
        values = request.POST.getlist(f"q{qid}")
        answers[qid] = [int(v) for v in values if v.isdigit()]
    return answers


@login_required
@require_POST
def attempt_save(request: ActorRequest, pk: int) -> HttpResponse:
    """Autosave of one question (htmx): a short status line, never the correct answer."""
    attempt = _own_attempt(request, pk)
    question = request.POST.get("question", "")
    if not question.isdigit():
        return HttpResponse(_("Not saved."), status=400)
    try:
        services.attempt_save(
            actor=request.actor, attempt=attempt, answers=_answers(request, [int(question)])
        )
    except DomainError as error:
        return HttpResponse(error.message, status=error.status)
    return HttpResponse(_("Saved"))


@login_required
@require_POST
def attempt_submit(request: ActorRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    ids = list(AttemptItem.objects.filter(attempt=attempt).values_list("question_id", flat=True))
    try:
        services.attempt_submit(
            actor=request.actor, attempt=attempt, answers=_answers(request, ids)
        )
    except DomainError as error:
        messages.error(request, error.message)
        if attempt.is_finished or error.code == "time_up":
            return redirect("quizzes:attempt-result", pk=attempt.pk)
        return redirect("quizzes:attempt-take", pk=attempt.pk)
    messages.success(request, _("Your answers have been handed in."))
    return redirect("quizzes:attempt-result", pk=attempt.pk)


@login_required
def attempt_result(request: ActorRequest, pk: int) -> HttpResponse:
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    if not attempt.is_finished and clock.now() > attempt.deadline:
        attempt = services.attempt_expire(actor=request.actor, attempt=attempt)
        attempt = queries.attempt_get(actor=request.actor, pk=pk)
    if not attempt.is_finished:
        return redirect("quizzes:attempt-take", pk=attempt.pk)
    quiz = attempt.quiz
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "items": _shown(queries.attempt_items(attempt), reveal=True),
            "ranking": queries.ranking(actor=request.actor, quiz=quiz)
            if quiz.results_public
            else None,
            "is_mine": attempt.person_id == request.actor.person_id,
        },
    )
