"""Quizzes: set up as a draft, published (frozen), closed; the results switch any time.

A draft can be edited freely. Publishing checks that the pool can give every attempt its
questions and that the times make sense; from then on what is asked is fixed. Closing ends
the quiz early or after its close time and scores attempts whose time ran out with what they
saved.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.activities.models import Activity
from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import AttemptStatus, QuizStatus
from ..errors import QuizzesErrorCode
from ..models import Attempt, Question, QuestionCategory, Quiz, QuizPool
from ..permissions import QuizzesPermission
from ..sampling import PoolPart, pool_size
from .common import check_quiz_transition, clean_text, require_quiz_status

P = QuizzesPermission
MAX_TIME_LIMIT = 600
MAX_ATTEMPTS = 20
MAX_GRACE = 300


@dataclass
class QuizData:
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    audience_node: OrgNode
    pool: list[tuple[QuestionCategory, int | None]] = field(default_factory=list)
    description: str = ""
    gender: str = ""
    activity: Activity | None = None
    time_limit_minutes: int = 20
    grace_seconds: int = 30
    question_count: int | None = None
    shuffle_questions: bool = True
    shuffle_options: bool = True
    attempts_allowed: int = 1
    results_public: bool = False
    ranking_size: int = 10


_FIELDS = [
    "title",
    "description",
    "opens_at",
    "closes_at",
    "audience_node_id",
    "gender",
    "activity_id",
    "time_limit_minutes",
    "grace_seconds",
    "question_count",
    "shuffle_questions",
    "shuffle_options",
    "attempts_allowed",
    "results_public",
    "ranking_size",
]


def _check(organiser: OrgNode, data: QuizData) -> QuizData:
    data.title = clean_text(data.title, field="title", max_length=200)
    data.description = clean_text(
        data.description, field="description", max_length=4000, required=False
    )
    if data.closes_at <= data.opens_at:
        raise ValidationFailed(
            _("The quiz must close after it opens."),
            code=QuizzesErrorCode.BAD_TIMES,
            field="closes_at",
        )
    if not data.audience_node.path.startswith(organiser.path):
        raise ValidationFailed(
            _("The audience must lie within the organiser's part of the union."),
            field="audience_node",
        )
    if data.gender not in ("", "male", "female"):
        raise ValidationFailed(_("Choose women, men or everyone."), field="gender")
    if not 1 <= data.time_limit_minutes <= MAX_TIME_LIMIT:
        raise ValidationFailed(
            _("The time limit is from 1 to %(max)d minutes.") % {"max": MAX_TIME_LIMIT},
            field="time_limit_minutes",
        )
    if not 0 <= data.grace_seconds <= MAX_GRACE:
        raise ValidationFailed(
            _("The grace is from 0 to %(max)d seconds.") % {"max": MAX_GRACE},
            field="grace_seconds",
        )
    if not 1 <= data.attempts_allowed <= MAX_ATTEMPTS:
        raise ValidationFailed(
            _("A person may have from 1 to %(max)d attempts.") % {"max": MAX_ATTEMPTS},
            field="attempts_allowed",
        )
    if data.question_count is not None and data.question_count < 1:
        raise ValidationFailed(_("Ask at least one question."), field="question_count")
    if not 1 <= data.ranking_size <= 100:
        raise ValidationFailed(_("Show from 1 to 100 places."), field="ranking_size")
    seen = set()
    for category, count in data.pool:
        if category.node_id != organiser.pk and not organiser.path.startswith(category.node.path):
            raise ValidationFailed(
                _("The category “%(name)s” is not in a bank this organiser may use.")
                % {"name": category.name},
                field="pool",
            )
        if category.pk in seen:
            raise ValidationFailed(_("A category is listed twice."), field="pool")
        if count is not None and count < 1:
            raise ValidationFailed(_("Draw at least one question per category."), field="pool")
        seen.add(category.pk)
    if data.activity is not None and data.activity.school_id != organiser.school_id:
        raise ValidationFailed(_("Choose an activity of this union."), field="activity")
    return data


def _school_of(node: OrgNode) -> int:
    return node.school_id or node.pk


def _save_pool(quiz: Quiz, pool: list[tuple[QuestionCategory, int | None]]) -> None:
    QuizPool.objects.filter(quiz=quiz).delete()
    QuizPool.objects.bulk_create(
        [QuizPool(quiz=quiz, category=category, count=count) for category, count in pool]
    )


def quiz_create(*, actor: Actor, organiser: OrgNode, data: QuizData) -> Quiz:
    """Create a draft quiz organised by ``organiser`` (the office or a branch) drawing from
    its own bank or an ancestor's. Audited."""
    access.require_at(actor, P.MANAGE_QUIZ, organiser)
    data = _check(organiser, data)
    with transaction.atomic():
        quiz = Quiz(school_id=_school_of(organiser), organiser=organiser)
        for name in _FIELDS:
            setattr(quiz, name.removesuffix("_id"), getattr(data, name.removesuffix("_id")))
        quiz.save(force_insert=True)
        _save_pool(quiz, data.pool)
        audit.record(
            actor=actor,
            event=events.QUIZ_CREATED,
            target=quiz,
            changes={"title": quiz.title, "pool": [[c.pk, n] for c, n in data.pool]},
            node_path=organiser.path,
        )
    return quiz


def _lock(quiz: Quiz) -> Quiz:
    return Quiz.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=quiz.pk)


def quiz_update(*, actor: Actor, quiz: Quiz, data: QuizData) -> Quiz:
    """Change a draft quiz (a published one is fixed: people may be taking it). Audited."""
    access.require(actor, P.MANAGE_QUIZ, quiz)
    with transaction.atomic():
        quiz = _lock(quiz)
        require_quiz_status(quiz.status, QuizStatus.DRAFT)
        data = _check(quiz.organiser, data)
        before = audit.snapshot(quiz, _FIELDS)
        for name in _FIELDS:
            setattr(quiz, name.removesuffix("_id"), getattr(data, name.removesuffix("_id")))
        quiz.save()
        _save_pool(quiz, data.pool)
        changes = audit.diff(before, audit.snapshot(quiz, _FIELDS))
        changes["pool"] = [[c.pk, n] for c, n in data.pool]
        audit.record(
            actor=actor,
            event=events.QUIZ_UPDATED,
            target=quiz,
            changes=changes,
            node_path=quiz.organiser.path,
        )
    return quiz


def quiz_pool_parts(quiz: Quiz) -> list[PoolPart]:
    """The pool as the draw sees it: active questions per category, ids sorted (2 queries)."""
    rows = list(QuizPool.objects.filter(quiz=quiz).order_by("pk"))
    ids: dict[int, list[int]] = {row.category_id: [] for row in rows}
    for category_id, question_id in (
        Question.objects.filter(category_id__in=list(ids), is_active=True)
        .order_by("pk")
        .values_list("category_id", "pk")
    ):
        ids[category_id].append(question_id)
    return [PoolPart(row.category_id, row.count, tuple(ids[row.category_id])) for row in rows]


def quiz_publish(*, actor: Actor, quiz: Quiz) -> Quiz:
    """Publish a draft: its audience sees it and may take it between its open and close.

    Rules: the pool is not empty; every category has at least the questions it is to give;
    a total to draw is not larger than the pool; the close lies in the future. Audited.
    """
    access.require(actor, P.MANAGE_QUIZ, quiz)
    with transaction.atomic():
        quiz = _lock(quiz)
        check_quiz_transition(quiz.status, QuizStatus.PUBLISHED)
        parts = quiz_pool_parts(quiz)
        if not parts or pool_size(parts, None) == 0:
            raise DomainError(
                _("Choose the categories the quiz draws its questions from."),
                code=QuizzesErrorCode.EMPTY_POOL,
                field="pool",
            )
        short = [p for p in parts if p.count is not None and p.count > len(p.question_ids)]
        if short:
            names = dict(
                QuestionCategory.objects.filter(pk__in=[p.category_id for p in short]).values_list(
                    "pk", "name"
                )
            )
            raise DomainError(
                _("Not enough questions in: %(names)s.")
                % {
                    "names": ", ".join(
                        f"{names[p.category_id]} ({len(p.question_ids)}/{p.count})" for p in short
                    )
                },
                code=QuizzesErrorCode.NOT_ENOUGH_QUESTIONS,
                field="pool",
            )
        available = pool_size(parts, None)
        if quiz.question_count is not None and quiz.question_count > available:
            raise DomainError(
                _("The quiz asks %(count)d questions but its categories give only %(available)d.")
                % {"count": quiz.question_count, "available": available},
                code=QuizzesErrorCode.NOT_ENOUGH_QUESTIONS,
                field="question_count",
            )
        now = clock.now()
        if quiz.closes_at <= now:
            raise DomainError(
                _("The close time has passed; change it before publishing."),
                code=QuizzesErrorCode.BAD_TIMES,
                field="closes_at",
            )
        quiz.status, quiz.published_at = QuizStatus.PUBLISHED, now
        quiz.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.QUIZ_PUBLISHED,
            target=quiz,
            changes={"status": [QuizStatus.DRAFT, QuizStatus.PUBLISHED], "questions": available},
            node_path=quiz.organiser.path,
        )
    return quiz


def quiz_close(*, actor: Actor, quiz: Quiz) -> Quiz:
    """Close a published quiz: no new attempts or answers. Running attempts are scored with
    what they saved (status ``timed_out``), so every attempt ends with a score. Audited."""
    from .attempts import finish_attempt

    access.require(actor, P.MANAGE_QUIZ, quiz)
    with transaction.atomic():
        quiz = _lock(quiz)
        check_quiz_transition(quiz.status, QuizStatus.CLOSED)
        now = clock.now()
        quiz.status, quiz.closed_at = QuizStatus.CLOSED, now
        quiz.save(update_fields=["status", "closed_at", "updated_at"])
        running = list(
            Attempt.objects.select_for_update(of=("self",))
            .filter(quiz=quiz, status=AttemptStatus.IN_PROGRESS)
            .select_related("person", "node", "quiz")
        )
        for attempt in running:
            attempt.quiz = quiz
            finish_attempt(actor, attempt, min(now, attempt.deadline), AttemptStatus.TIMED_OUT)
        audit.record(
            actor=actor,
            event=events.QUIZ_CLOSED,
            target=quiz,
            changes={
                "status": [QuizStatus.PUBLISHED, QuizStatus.CLOSED],
                "timed_out": len(running),
            },
            node_path=quiz.organiser.path,
        )
    return quiz


def quiz_set_results_public(*, actor: Actor, quiz: Quiz, public: bool) -> Quiz:
    """Show or hide the results and ranking to members (any status). Audited."""
    access.require(actor, P.MANAGE_QUIZ, quiz)
    with transaction.atomic():
        quiz = _lock(quiz)
        if quiz.results_public != public:
            audit.record(
                actor=actor,
                event=events.QUIZ_RESULTS_SWITCHED,
                target=quiz,
                changes={"results_public": [quiz.results_public, public]},
                node_path=quiz.organiser.path,
            )
            quiz.results_public = public
            quiz.save(update_fields=["results_public", "updated_at"])
    return quiz
