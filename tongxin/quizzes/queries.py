"""Reads of quizzes, scoped through ``orgs.access``; a fixed number of queries per page or
API list whatever the number of rows.

Who sees what:
- the bank and quizzes: the organiser's subtree (``view_bank``, ``view_quiz``);
- a quiz as a member: published or closed, with the member in its audience;
- attempts: one's own; officers those of people of their subtree (``view_attempt``);
- the ranking: officers with ``view_results`` see names of people in their subtree; members
  see it only when the quiz shows results, as the top N with names masked as elsewhere in
  Tongxin (``activities.queries.mask_name``: first and last character kept) plus their own
  place, named.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet

from tongxin.activities import clock
from tongxin.activities.queries import mask_name
from tongxin.core.errors import NotFound
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .audience import open_to_q
from .choices import FINISHED_STATUSES, AttemptStatus, QuizStatus
from .models import Attempt, AttemptItem, Question, QuestionCategory, Quiz, QuizPool
from .permissions import QuizzesPermission as P

# Bank --------------------------------------------------------------------------------------


def category_list(*, actor: Actor) -> QuerySet[QuestionCategory]:
    return (
        access.scope(QuestionCategory.objects.all(), actor, P.VIEW_BANK)
        .select_related("node")
        .annotate(
            question_total=Count("questions", filter=Q(questions__is_active=True), distinct=True)
        )
        .order_by("node__path", "sort_order", "name", "pk")
    )


def category_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_BANK) -> QuestionCategory:
    return access.get_scoped(
        QuestionCategory.objects.select_related("node"), actor, permission, pk=pk
    )


def categories_for(*, actor: Actor, organiser: OrgNode) -> QuerySet[QuestionCategory]:
    """Categories a quiz of ``organiser`` may draw from: its bank and its ancestors' banks."""
    from tongxin.activities.audience import ancestor_paths

    return (
        access.scope(QuestionCategory.objects.all(), actor, P.VIEW_BANK)
        .filter(node__path__in=ancestor_paths(organiser.path))
        .select_related("node")
        .order_by("node__path", "sort_order", "name")
    )


@dataclass(frozen=True)
class QuestionFilters:
    category_id: int | None = None
    kind: str = ""
    q: str = ""
    archived: bool = False


def question_list(*, actor: Actor, filters: QuestionFilters | None = None) -> QuerySet[Question]:
    filters = filters or QuestionFilters()
    qs = access.scope(Question.objects.all(), actor, P.VIEW_BANK).select_related("category", "node")
    qs = qs.filter(is_active=not filters.archived)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(stem__icontains=filters.q)
    return qs.order_by("category__sort_order", "category_id", "pk")


def question_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_BANK) -> Question:
    return access.get_scoped(
        Question.objects.select_related("category", "node"), actor, permission, pk=pk
    )


# Quizzes -----------------------------------------------------------------------------------


def _finished_count() -> Count:
    return Count("attempts", filter=Q(attempts__status__in=FINISHED_STATUSES))


def quiz_list_office(*, actor: Actor, status: str = "") -> QuerySet[Quiz]:
    qs = access.scope(Quiz.objects.all(), actor, P.VIEW_QUIZ).select_related(
        "organiser", "audience_node"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(finished_total=_finished_count()).order_by("-opens_at", "-pk")


def quiz_get(*, actor: Actor, pk: int | str, permission: str = P.VIEW_QUIZ) -> Quiz:
    return access.get_scoped(
        Quiz.objects.select_related("organiser", "audience_node", "activity"),
        actor,
        permission,
        pk=pk,
    )


def quiz_pool(quiz: Quiz) -> list[QuizPool]:
    return list(
        QuizPool.objects.filter(quiz=quiz)
        .select_related("category")
        .annotate(
            question_total=Count(
                "category__questions", filter=Q(category__questions__is_active=True)
            )
        )
        .order_by("pk")
    )


def _me(actor: Actor) -> Person | None:
    if actor.person_id is None:
        return None
    return Person.objects.select_related("node").filter(pk=actor.person_id).first()


def _member_quizzes(person: Person) -> QuerySet[Quiz]:
    return Quiz.objects.filter(
        open_to_q(person) & Q(status__in=(QuizStatus.PUBLISHED, QuizStatus.CLOSED))
    ) | Quiz.objects.filter(attempts__person=person)


def quiz_list_member(*, actor: Actor) -> list[Quiz]:
    """Quizzes for the member: open and coming ones of their audience, and those they took.
    Each carries ``my_attempts`` (their attempts, newest first). Three queries."""
    person = _me(actor)
    if person is None:
        return []
    now = clock.now()
    qs = (
        _member_quizzes(person)  # type: ignore[no-redef]  # stubs: to_attr is the declared Quiz.my_attempts
        .distinct()
        .filter(Q(closes_at__gte=now - dt.timedelta(days=60)) | Q(attempts__person=person))
        .distinct()
        .select_related("organiser")
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=Attempt.objects.filter(person=person).order_by("-number"),
                to_attr="my_attempts",
            )
        )
        .order_by("-closes_at", "-pk")
    )
    return list(qs[:50])


def quiz_get_member(*, actor: Actor, pk: int | str) -> Quiz:
    """A quiz as the member sees it; not published or not for them: ``NotFound``."""
    person = _me(actor)
    if person is None:
        raise NotFound()
    quiz = (
        _member_quizzes(person)
        .filter(pk=pk)
        .select_related("organiser", "audience_node", "activity")
        .distinct()
        .first()
        if str(pk).isdigit()
        else None
    )
    if quiz is None:
        raise NotFound()
    quiz.my_attempts = list(Attempt.objects.filter(quiz=quiz, person=person).order_by("-number"))
    return quiz


# Attempts ----------------------------------------------------------------------------------


def attempt_get(*, actor: Actor, pk: int | str) -> Attempt:
    return access.get_scoped(
        Attempt.objects.select_related("quiz", "person", "node", "branch"),
        actor,
        P.VIEW_ATTEMPT,
        pk=pk,
    )


def attempt_items(attempt: Attempt) -> list[AttemptItem]:
    """The attempt's questions in order, each with its question (two queries)."""
    return list(
        AttemptItem.objects.filter(attempt=attempt).select_related("question").order_by("position")
    )


def attempts_of_quiz(*, actor: Actor, quiz: Quiz) -> QuerySet[Attempt]:
    return (
        access.scope(Attempt.objects.filter(quiz=quiz), actor, P.VIEW_RESULTS)
        .select_related("person", "branch")
        .order_by("-started_at", "-pk")
    )


# Ranking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    rank: int
    attempt_id: int
    person_id: int
    name: str
    staff_number: str
    branch_name: str
    score: int
    max_score: int
    correct_count: int
    duration_seconds: int
    finished_at: dt.datetime | None
    is_me: bool


@dataclass(frozen=True)
class Ranking:
    rows: list[RankRow]
    me: RankRow | None
    total: int
    names_shown: bool


def _ranked(attempts: list[Attempt], actor: Actor, *, names: bool) -> list[RankRow]:
    rows: list[RankRow] = []
    previous: tuple[int, int] | None = None
    rank = 0
    for index, attempt in enumerate(attempts, start=1):
        key = (attempt.score, attempt.duration_seconds or 0)
        if key != previous:
            rank, previous = index, key
        is_me = actor.person_id is not None and attempt.person_id == actor.person_id
        rows.append(
            RankRow(
                rank=rank,
                attempt_id=attempt.pk,
                person_id=attempt.person_id,
                name=attempt.person.name if names or is_me else mask_name(attempt.person.name),
                staff_number=attempt.person.staff_number if names else "",
                branch_name=attempt.branch.name,
                score=attempt.score,
                max_score=attempt.max_score,
                correct_count=attempt.correct_count,
                duration_seconds=attempt.duration_seconds or 0,
                finished_at=attempt.finished_at,
                is_me=is_me,
            )
        )
    return rows


def _best(quiz: Quiz, branch_id: int | None) -> QuerySet[Attempt]:
    qs = Attempt.objects.filter(quiz=quiz, is_best=True).select_related("person", "branch")
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    return qs.order_by("-score", "duration_seconds", "finished_at", "pk")


def ranking(*, actor: Actor, quiz: Quiz, branch_id: int | None = None) -> Ranking:
    """The ranking of best attempts: score high to low, then time short to long; equal score
    and time share a place. Officers: everyone of their subtree, named. Members: only when the
    quiz shows results, the top ``ranking_size`` masked, and their own row."""
    if access.holds_somewhere(actor, P.VIEW_RESULTS):
        condition = access.scope_q(Attempt, actor, P.VIEW_RESULTS)
        attempts = list(
            _best(quiz, branch_id).filter(condition) if condition else _best(quiz, branch_id)
        )
        rows = _ranked(attempts, actor, names=True)
        me = next((row for row in rows if row.is_me), None)
        return Ranking(rows=rows, me=me, total=len(rows), names_shown=True)
    if not quiz.results_public:
        return Ranking(rows=[], me=None, total=0, names_shown=False)
    attempts = list(_best(quiz, branch_id))
    rows = _ranked(attempts, actor, names=False)
    me = next((row for row in rows if row.is_me), None)
    return Ranking(rows=rows[: quiz.ranking_size], me=me, total=len(rows), names_shown=False)


@dataclass(frozen=True)
class BranchRow:
    rank: int
    branch_id: int
    branch_name: str
    participants: int
    average_score: float
    top_score: int


def branch_table(*, actor: Actor, quiz: Quiz) -> list[BranchRow]:
    """Branches by average best score (then participants): one query."""
    qs = access.scope(Attempt.objects.filter(quiz=quiz, is_best=True), actor, P.VIEW_RESULTS)
    rows = (
        qs.values("branch_id", "branch__name")
        .annotate(participants=Count("pk"), average=Avg("score"), top=Max("score"))
        .order_by("-average", "-participants", "branch__name")
    )
    return [
        BranchRow(
            rank=index,
            branch_id=row["branch_id"],
            branch_name=row["branch__name"],
            participants=row["participants"],
            average_score=round(float(row["average"] or 0), 1),
            top_score=row["top"] or 0,
        )
        for index, row in enumerate(rows, start=1)
    ]


def quiz_summary(quiz: Quiz) -> dict[str, int]:
    counts = Attempt.objects.filter(quiz=quiz).aggregate(
        started=Count("pk"),
        finished=Count("pk", filter=Q(status__in=FINISHED_STATUSES)),
        running=Count("pk", filter=Q(status=AttemptStatus.IN_PROGRESS)),
        people=Count("person", distinct=True),
    )
    return {key: value or 0 for key, value in counts.items()}


def organiser_choices(*, actor: Actor, permission: str = P.MANAGE_QUIZ) -> list[OrgNode]:
    """Live nodes (school, branches, groups) where the actor may run quizzes or keep a bank."""
    qs = access.scope(
        OrgNode.objects.filter(is_archived=False, school__isnull=False), actor, permission
    )
    return list(qs.order_by("path"))
