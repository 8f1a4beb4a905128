"""Quizzes over HTTP: the same services and queries as the pages, one error shape.

Members list the quizzes open to them, start an attempt, save answers, submit and read their
result and the ranking (masked names); officers list their quizzes, every attempt in their
subtree and the named ranking.
"""

from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.activities import clock
from tongxin.core.errors import Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.orgs import access

from . import queries, services
from .permissions import QuizzesPermission
from .schemas import (
    AnswersIn,
    AttemptOut,
    AttemptRowOut,
    MemberQuizOut,
    QuizOut,
    RankingOut,
    SavedOut,
    attempt_out,
)

P = QuizzesPermission
router = Router(tags=["quizzes"])


@router.get("/manage", response=list[QuizOut], operation_id="quiz_list")
@paginate(Pagination)
def quiz_list(request: ActorRequest, status: str = ""):  # type: ignore[no-untyped-def]
    """Quizzes of the officer's subtree."""
    if not access.holds_somewhere(request.actor, P.VIEW_QUIZ):
        raise Forbidden()
    return queries.quiz_list_office(actor=request.actor, status=status[:20])


@router.get("/open", response=list[MemberQuizOut], operation_id="quiz_list_open")
@paginate(Pagination)
def quiz_list_open(request: ActorRequest):  # type: ignore[no-untyped-def]
    """Quizzes for the member: open, coming and taken ones, with their attempts."""
    return queries.quiz_list_member(actor=request.actor)


def _attempt(request: ActorRequest, pk: int) -> dict:
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    return attempt_out(attempt, queries.attempt_items(attempt), clock.now())


@router.get("/attempts/{pk}", response=AttemptOut, operation_id="attempt_get")
def attempt_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """An attempt with its questions as shown; correct options only once it is finished."""
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    if not attempt.is_finished and clock.now() > attempt.deadline:
        services.attempt_expire(actor=request.actor, attempt=attempt)
    return _attempt(request, pk)


@router.post("/attempts/{pk}/answers", response=SavedOut, operation_id="attempt_save")
def attempt_save(request: ActorRequest, pk: Id, payload: AnswersIn):  # type: ignore[no-untyped-def]
    """Save answers (positions as shown, 0 = A); refused after the deadline."""
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    changed = services.attempt_save(actor=request.actor, attempt=attempt, answers=payload.as_map())
    return {"changed": changed}


@router.post("/attempts/{pk}/submit", response=AttemptOut, operation_id="attempt_submit")
def attempt_submit(request: ActorRequest, pk: Id, payload: AnswersIn):  # type: ignore[no-untyped-def]
    """Hand the attempt in (with last answers) and get the scored result."""
    attempt = queries.attempt_get(actor=request.actor, pk=pk)
    services.attempt_submit(actor=request.actor, attempt=attempt, answers=payload.as_map())
    return _attempt(request, pk)


@router.get("/{pk}", response=MemberQuizOut, operation_id="quiz_get")
def quiz_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """A quiz: as its organisers see it, or as a member of its audience."""
    try:
        quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    except NotFound:
        quiz = queries.quiz_get(actor=request.actor, pk=pk)
        quiz.my_attempts = []
    return quiz


@router.post("/{pk}/attempts", response={201: AttemptOut}, operation_id="attempt_start")
def attempt_start(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Start an attempt (or get the running one back)."""
    quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    attempt = services.attempt_start(actor=request.actor, quiz=quiz)
    return Status(201, _attempt(request, attempt.pk))


@router.get("/{pk}/ranking", response=RankingOut, operation_id="quiz_ranking")
def quiz_ranking(request: ActorRequest, pk: Id, branch_id: Id | None = None):  # type: ignore[no-untyped-def]
    """Officers: named, their subtree. Members: when results are shown, masked top N."""
    if access.holds_somewhere(request.actor, P.VIEW_RESULTS):
        try:
            quiz = queries.quiz_get(actor=request.actor, pk=pk)
        except NotFound:
            quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    else:
        quiz = queries.quiz_get_member(actor=request.actor, pk=pk)
    ranking = queries.ranking(actor=request.actor, quiz=quiz, branch_id=branch_id)
    return {
        "quiz_id": quiz.pk,
        "names_shown": ranking.names_shown,
        "total": ranking.total,
        "rows": ranking.rows,
        "me": ranking.me,
    }


@router.get("/{pk}/attempts", response=list[AttemptRowOut], operation_id="quiz_attempts")
@paginate(Pagination)
def quiz_attempts(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Every attempt at the quiz by people of the officer's subtree."""
    if not access.holds_somewhere(request.actor, P.VIEW_RESULTS):
        raise Forbidden()
    quiz = queries.quiz_get(actor=request.actor, pk=pk)
    return queries.attempts_of_quiz(actor=request.actor, quiz=quiz)
