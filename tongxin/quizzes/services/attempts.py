"""Taking a quiz: start an attempt, save answers as one goes, submit; scoring and the best
attempt. Every time is the server's (``activities.clock``); the client's countdown is only a
display.

Rules and why:
- An attempt's questions, their order and option orders are drawn once at the start from a
  recorded seed and stored, so reloading the page or another device shows the same quiz and a
  review can replay the draw.
- The deadline is fixed at the start: start + time limit + grace (for network delays), but
  never after the quiz closes. After it, saving and submitting are refused with ``time_up``
  and nothing changes; the attempt is then scored with what was saved in time (when the
  person next looks at it, when they start another attempt, or when the quiz closes).
- A person has ``attempts_allowed`` attempts; a running one is resumed, not duplicated. The
  person's row is locked while starting, and the database refuses a second running attempt
  or a repeated attempt number, so two simultaneous starts make one attempt.
- Scoring is on the server only: single choice and true/false score when the chosen option
  is the correct one, multiple choice only when exactly the correct set is chosen (all or
  nothing). The client is never sent the correct options before the attempt is finished.
- A person's best attempt (score, then shorter time, then earlier) is the one ranked, and
  one participation of kind ``quiz`` records that they took part.
"""

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.activities import clock
from tongxin.core import audit
from tongxin.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.members.models import Person
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import OrgNodeKind
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.services import participation_record

from .. import events
from ..audience import audience_problem
from ..choices import AttemptStatus, QuestionKind, QuizStatus
from ..errors import QuizzesErrorCode
from ..models import Attempt, AttemptItem, Question, Quiz
from ..permissions import QuizzesPermission
from ..sampling import draw, new_seed
from .quizzes import quiz_pool_parts

P = QuizzesPermission
TRUE_FALSE_OPTIONS = 2


def deadline_for(quiz: Quiz, started_at: dt.datetime) -> dt.datetime:
    """The last moment an answer of an attempt started at ``started_at`` is accepted."""
    limit = dt.timedelta(minutes=quiz.time_limit_minutes, seconds=quiz.grace_seconds)
    return min(started_at + limit, quiz.closes_at)


def _time_up() -> DomainError:
    return Conflict(
        _("The time for this attempt is up; answers sent after the deadline are not accepted."),
        code=QuizzesErrorCode.TIME_UP,
    )


def _already_finished() -> DomainError:
    return Conflict(
        _("This attempt has already been submitted."), code=QuizzesErrorCode.ALREADY_SUBMITTED
    )


def _branch_id(person: Person) -> int:
    node = person.node
    return node.parent_id if node.kind == OrgNodeKind.GROUP and node.parent_id else node.pk


def _check_open(quiz: Quiz, now: dt.datetime) -> None:
    if quiz.status != QuizStatus.PUBLISHED or not quiz.opens_at <= now < quiz.closes_at:
        raise DomainError(
            _("The quiz is open from %(opens)s to %(closes)s.")
            % {
                "opens": timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M"),
                "closes": timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M"),
            },
            code=QuizzesErrorCode.NOT_OPEN,
        )


def attempt_start(*, actor: Actor, quiz: Quiz, person: Person | None = None) -> Attempt:
    """Start (or resume) ``person``'s attempt at ``quiz`` — the actor's own person by default.

    Rules: only the person themself takes a quiz; the quiz is published and open now; the
    person is in its audience; a running attempt within its time is returned as it is; one
    whose time ran out is scored first; no more than ``attempts_allowed`` attempts.
    Effects: the attempt with its drawn questions; audited.
    """
    if person is None:
        if actor.person_id is None:
            raise NotFound()
        person = Person.objects.select_related("node").get(pk=actor.person_id)
    access.require(actor, P.TAKE_QUIZ, person)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("node").get(pk=person.pk)
        )
        quiz = Quiz.objects.select_related("audience_node", "organiser").get(pk=quiz.pk)
        now = clock.now()
        _check_open(quiz, now)
        problem = audience_problem(quiz, person)
        if problem:
            raise DomainError(problem, code=QuizzesErrorCode.NOT_IN_AUDIENCE)
        previous = list(
            Attempt.objects.select_for_update(of=("self",))
            .filter(quiz=quiz, person=person)
            .select_related("node")
            .order_by("number")
        )
        for attempt in previous:
            if attempt.status == AttemptStatus.IN_PROGRESS:
                if now <= attempt.deadline:
                    return attempt
                attempt.quiz, attempt.person = quiz, person
                finish_attempt(actor, attempt, attempt.deadline, AttemptStatus.TIMED_OUT)
        if len(previous) >= quiz.attempts_allowed:
            raise DomainError(
                _("You have used all %(count)d attempts at this quiz.")
                % {"count": quiz.attempts_allowed},
                code=QuizzesErrorCode.ATTEMPTS_USED,
            )
        return _create(actor, quiz, person, number=len(previous) + 1, now=now)


def _create(actor: Actor, quiz: Quiz, person: Person, *, number: int, now: dt.datetime) -> Attempt:
    parts = quiz_pool_parts(quiz)
    ids = [qid for part in parts for qid in part.question_ids]
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
    seed = new_seed()
    drawn = draw(
        seed,
        parts,
        total=quiz.question_count,
        option_counts={pk: len(q.options) for pk, q in questions.items()},
        shuffle_questions=quiz.shuffle_questions,
        shuffle_options=quiz.shuffle_options,
    )
    if not drawn:
        raise DomainError(
            _("The quiz has no questions to ask."), code=QuizzesErrorCode.NOT_ENOUGH_QUESTIONS
        )
    attempt = Attempt(
        quiz=quiz,
        person=person,
        node=person.node,
        branch_id=_branch_id(person),
        number=number,
        seed=seed,
        started_at=now,
        deadline=deadline_for(quiz, now),
        max_score=sum(questions[d.question_id].points for d in drawn),
    )
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError:
        raise DomainError(
            _("An attempt at this quiz was just started; open it from the quiz page."),
            code=QuizzesErrorCode.ATTEMPTS_USED,
        ) from None
    AttemptItem.objects.bulk_create(
        [
            AttemptItem(
                attempt=attempt,
                question_id=d.question_id,
                position=index,
                option_order=list(d.option_order),
                points=questions[d.question_id].points,
                correct=list(questions[d.question_id].answer),
            )
            for index, d in enumerate(drawn, start=1)
        ]
    )
    audit.record(
        actor=actor,
        event=events.ATTEMPT_STARTED,
        target=attempt,
        changes={"number": number, "seed": seed, "questions": len(drawn)},
        node_path=person.node.path,
    )
    return attempt


def _require_owner(actor: Actor, attempt: Attempt) -> None:
    """Only the person themself answers; others who may see the attempt get ``Forbidden``."""
    if actor.is_system or (actor.person_id is not None and actor.person_id == attempt.person_id):
        return
    if access.can(actor, P.VIEW_ATTEMPT, attempt):
        raise Forbidden()
    raise NotFound()


def _lock(attempt: Attempt) -> Attempt:
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz", "person", "node")
        .get(pk=attempt.pk)
    )


def _question_kinds(items: Sequence[AttemptItem]) -> dict[int, str]:
    return dict(
        Question.objects.filter(pk__in=[i.question_id for i in items]).values_list("pk", "kind")
    )


def _to_bank(item: AttemptItem, kind: str, shown: Sequence[int], question_id: int) -> list[int]:
    """Positions as shown (0 = the first option on screen) → option indices of the bank."""
    size = len(item.option_order) or TRUE_FALSE_OPTIONS
    positions = sorted(set(shown))
    if any(not isinstance(p, int) or isinstance(p, bool) or not 0 <= p < size for p in positions):
        raise ValidationFailed(
            _("An answer names an option the question does not have."),
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answers",
            extra={"question_id": question_id},
        )
    if kind != QuestionKind.MULTIPLE and len(positions) > 1:
        raise ValidationFailed(
            _("Choose one option only for this question."),
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answers",
            extra={"question_id": question_id},
        )
    if not item.option_order:
        return positions
    return sorted(item.option_order[p] for p in positions)


def _apply_answers(
    attempt: Attempt, answers: Mapping[int, Sequence[int]], now: dt.datetime
) -> tuple[list[AttemptItem], list[AttemptItem]]:
    """Check and set ``answers`` on the attempt's items (not saved): (all items, changed)."""
    items = {item.question_id: item for item in AttemptItem.objects.filter(attempt=attempt)}
    unknown = [qid for qid in answers if qid not in items]
    if unknown:
        raise ValidationFailed(
            _("An answer was sent for a question that is not part of this attempt."),
            code=QuizzesErrorCode.QUESTION_NOT_IN_ATTEMPT,
            field="answers",
            extra={"question_ids": unknown},
        )
    kinds = _question_kinds([items[qid] for qid in answers]) if answers else {}
    changed = []
    for qid, shown in answers.items():
        item = items[qid]
        chosen = _to_bank(item, kinds[qid], list(shown), qid)
        if chosen != item.chosen:
            item.chosen, item.saved_at = chosen, now
            changed.append(item)
    return list(items.values()), changed


def _save_chosen(items: list[AttemptItem], now: dt.datetime) -> None:
    """One update per distinct answer (a handful), cheaper than a per-row CASE update."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for item in items:
        groups.setdefault(tuple(item.chosen), []).append(item.pk)
    for chosen, pks in groups.items():
        AttemptItem.objects.filter(pk__in=pks).update(chosen=list(chosen), saved_at=now)


def attempt_save(*, actor: Actor, attempt: Attempt, answers: Mapping[int, Sequence[int]]) -> int:
    """Save some answers of one's running attempt (autosave); returns how many changed.

    ``answers`` maps a question id of the attempt to the chosen positions as shown on screen
    (an empty list clears the answer). Refused, changing nothing: after the deadline
    (``time_up``), once finished (``already_submitted``), for a question not in the attempt
    or an option it does not have. Not audited one by one: each item keeps when it was saved,
    and the submission is audited with the score.
    """
    _require_owner(actor, attempt)
    with transaction.atomic():
        attempt = _lock(attempt)
        if attempt.is_finished:
            raise _already_finished()
        now = clock.now()
        if now > attempt.deadline:
            raise _time_up()
        _items, changed = _apply_answers(attempt, answers, now)
        _save_chosen(changed, now)
        return len(changed)


def attempt_submit(
    *, actor: Actor, attempt: Attempt, answers: Mapping[int, Sequence[int]] | None = None
) -> Attempt:
    """Hand in one's attempt (with last answers, if given) and score it.

    Rules: before the deadline, else ``time_up`` and nothing changes; once only, else
    ``already_submitted``. Effects: the score, the best attempt, the participation; audited.
    """
    _require_owner(actor, attempt)
    with transaction.atomic():
        attempt = _lock(attempt)
        if attempt.is_finished:
            raise _already_finished()
        now = clock.now()
        if now > attempt.deadline:
            raise _time_up()
        items, changed = _apply_answers(attempt, answers or {}, now)
        _save_chosen(changed, now)
        finish_attempt(actor, attempt, now, AttemptStatus.SUBMITTED, items=items)
    return attempt


def attempt_expire(*, actor: Actor, attempt: Attempt) -> Attempt:
    """Score a running attempt whose deadline has passed with the answers saved in time
    (status ``timed_out``); does nothing to any other attempt. Audited when it acts."""
    if not (
        actor.is_system
        or actor.person_id == attempt.person_id
        or access.can(actor, P.VIEW_RESULTS, attempt)
    ):
        raise NotFound()
    with transaction.atomic():
        attempt = _lock(attempt)
        if attempt.is_finished or clock.now() <= attempt.deadline:
            return attempt
        finish_attempt(actor, attempt, attempt.deadline, AttemptStatus.TIMED_OUT)
    return attempt


def quiz_expire_overdue(*, actor: Actor, quiz: Quiz) -> int:
    """Score every attempt of ``quiz`` whose time has run out (before showing results)."""
    overdue = list(
        Attempt.objects.filter(
            quiz=quiz, status=AttemptStatus.IN_PROGRESS, deadline__lt=clock.now()
        ).only("pk")
    )
    for attempt in overdue:
        attempt_expire(actor=Actor.system(), attempt=attempt)
    return len(overdue)


def score_item(item: AttemptItem) -> tuple[int, bool | None]:
    """Points awarded and whether right (None: not answered). All or nothing."""
    if not item.chosen:
        return 0, None
    right = sorted(item.chosen) == sorted(item.correct)
    return (item.points if right else 0), right


def finish_attempt(
    actor: Actor,
    attempt: Attempt,
    finished_at: dt.datetime,
    status: str,
    *,
    items: list[AttemptItem] | None = None,
) -> None:
    """Score ``attempt`` (locked by the caller) with the answers it holds (or ``items`` with
    answers just saved) and end it."""
    if items is None:
        items = list(AttemptItem.objects.filter(attempt=attempt))
    score = correct = 0
    for item in items:
        if item.saved_at is not None and item.saved_at > finished_at:
            item.awarded, item.is_correct = 0, None  # saved too late: never counts
        else:
            item.awarded, item.is_correct = score_item(item)
        score += item.awarded
        correct += bool(item.is_correct)
    results: dict[tuple[int, bool | None], list[int]] = {}
    for item in items:
        results.setdefault((item.awarded, item.is_correct), []).append(item.pk)
    for (awarded, is_correct), pks in results.items():
        if (awarded, is_correct) != (0, None):  # the default: nothing to write
            AttemptItem.objects.filter(pk__in=pks).update(awarded=awarded, is_correct=is_correct)
    attempt.status = status
    attempt.finished_at = finished_at
    attempt.duration_seconds = max(0, int((finished_at - attempt.started_at).total_seconds()))
    attempt.score, attempt.correct_count = score, correct
    _mark_best(attempt)
    attempt.save(
        update_fields=[
            "status",
            "finished_at",
            "duration_seconds",
            "score",
            "correct_count",
            "is_best",
            "updated_at",
        ]
    )
    participation_record(
        person=attempt.person,
        kind=ParticipationKind.QUIZ,
        occasion=attempt.quiz,
        occurred_on=timezone.localtime(finished_at).date(),
    )
    audit.record(
        actor=actor,
        event=events.ATTEMPT_SUBMITTED
        if status == AttemptStatus.SUBMITTED
        else events.ATTEMPT_TIMED_OUT,
        target=attempt,
        changes={
            "score": score,
            "max_score": attempt.max_score,
            "seconds": attempt.duration_seconds,
        },
        node_path=attempt.node.path,
    )


def _mark_best(attempt: Attempt) -> None:
    """Set ``attempt.is_best`` (saved by the caller) and fix the flag on the person's other
    finished attempts: the best is the highest score, then the shorter time, then the earlier."""
    others = list(
        Attempt.objects.filter(quiz_id=attempt.quiz_id, person_id=attempt.person_id)
        .exclude(pk=attempt.pk)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .only("pk", "score", "duration_seconds", "finished_at", "is_best")
    )
    best = min(
        [*others, attempt],
        key=lambda a: (-a.score, a.duration_seconds or 0, a.finished_at, a.pk),
    )
    attempt.is_best = best.pk == attempt.pk
    for other in others:
        if other.is_best != (other.pk == best.pk):
            Attempt.objects.filter(pk=other.pk).update(is_best=other.pk == best.pk)
