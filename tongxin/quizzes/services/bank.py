"""The question bank: categories of an organising node and their questions.

A question's shape is checked in one place (``check_question``), used by the forms, the API
and the spreadsheet import alike: single choice has exactly one correct option, multiple
choice at least one, true/false has no options and the answer true or false; two to six
options, none empty or repeated; points from 1 to 100.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.deletion import delete_or_refuse
from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.orgs import access
from tongxin.orgs.actor import Actor
from tongxin.orgs.models import OrgNode

from .. import events
from ..choices import MAX_OPTIONS, MIN_OPTIONS, QuestionKind
from ..errors import QuizzesErrorCode
from ..models import AttemptItem, Question, QuestionCategory, QuizPool
from ..permissions import QuizzesPermission
from .common import clean_text

P = QuizzesPermission
STEM_MAX_LENGTH = 1000
OPTION_MAX_LENGTH = 300
EXPLANATION_MAX_LENGTH = 2000
MAX_POINTS = 100


@dataclass(frozen=True)
class QuestionData:
    kind: str
    stem: str
    options: list[str]
    answer: list[int]
    explanation: str = ""
    points: int = 1


def check_question(data: QuestionData) -> QuestionData:
    """The question cleaned, or ``ValidationFailed`` naming the field at fault."""
    if data.kind not in QuestionKind.values:
        raise ValidationFailed(_("Choose the type of question."), field="kind")
    stem = clean_text(data.stem, field="stem", max_length=STEM_MAX_LENGTH)
    explanation = clean_text(
        data.explanation, field="explanation", max_length=EXPLANATION_MAX_LENGTH, required=False
    )
    if not isinstance(data.points, int) or not 1 <= data.points <= MAX_POINTS:
        raise ValidationFailed(
            _("Points must be a whole number from 1 to %(max)d.") % {"max": MAX_POINTS},
            field="points",
        )
    answer = sorted(set(data.answer))
    if data.kind == QuestionKind.TRUE_FALSE:
        if answer not in ([0], [1]):
            raise ValidationFailed(
                _("The answer of a true/false question is true or false."),
                code=QuizzesErrorCode.BAD_ANSWER,
                field="answer",
            )
        return QuestionData(data.kind, stem, [], answer, explanation, data.points)
    options = [(option or "").strip() for option in data.options]
    while options and not options[-1]:
        options.pop()
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS or any(not o for o in options):
        raise ValidationFailed(
            _("Give from %(min)d to %(max)d options, without gaps.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            code=QuizzesErrorCode.BAD_OPTIONS,
            field="options",
        )
    if len(set(options)) != len(options):
        raise ValidationFailed(
            _("Two options have the same text."), code=QuizzesErrorCode.BAD_OPTIONS, field="options"
        )
    if any(len(option) > OPTION_MAX_LENGTH for option in options):
        raise ValidationFailed(
            _("An option is longer than %(count)d characters.") % {"count": OPTION_MAX_LENGTH},
            code=QuizzesErrorCode.BAD_OPTIONS,
            field="options",
        )
    if not answer or any(not 0 <= index < len(options) for index in answer):
        raise ValidationFailed(
            _("The answer must name one of the options."),
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answer",
        )
    if data.kind == QuestionKind.SINGLE and len(answer) != 1:
        raise ValidationFailed(
            _("A single-choice question has exactly one correct option."),
            code=QuizzesErrorCode.BAD_ANSWER,
            field="answer",
        )
    return QuestionData(data.kind, stem, options, answer, explanation, data.points)


def _category_exists(name: str) -> DomainError:
    return DomainError(
        _("There is already a category “%(name)s”.") % {"name": name},
        code=QuizzesErrorCode.CATEGORY_EXISTS,
        field="name",
    )


def category_create(
    *, actor: Actor, node: OrgNode, name: str, sort_order: int = 0
) -> QuestionCategory:
    """Add a category to ``node``'s bank; names are unique within a node. Audited."""
    access.require_at(actor, P.MANAGE_BANK, node)
    name = clean_text(name, field="name", max_length=60)
    with transaction.atomic():
        category = QuestionCategory(node=node, name=name, sort_order=sort_order)
        try:
            with transaction.atomic():
                category.save(force_insert=True)
        except IntegrityError:
            raise _category_exists(name) from None
        audit.record(
            actor=actor,
            event=events.CATEGORY_CREATED,
            target=category,
            changes={"name": name},
            node_path=node.path,
        )
    return category


def category_update(
    *, actor: Actor, category: QuestionCategory, name: str, sort_order: int = 0
) -> QuestionCategory:
    """Rename or reorder a category. Audited."""
    access.require(actor, P.MANAGE_BANK, category)
    name = clean_text(name, field="name", max_length=60)
    with transaction.atomic():
        before = audit.snapshot(category, ["name", "sort_order"])
        category.name, category.sort_order = name, sort_order
        try:
            with transaction.atomic():
                category.save(update_fields=["name", "sort_order", "updated_at"])
        except IntegrityError:
            raise _category_exists(name) from None
        changes = audit.diff(before, audit.snapshot(category, ["name", "sort_order"]))
        if changes:
            audit.record(
                actor=actor,
                event=events.CATEGORY_UPDATED,
                target=category,
                changes=changes,
                node_path=category.node.path,
            )
    return category


def category_delete(*, actor: Actor, category: QuestionCategory) -> None:
    """Delete an empty category that no quiz draws from. Audited."""
    access.require(actor, P.MANAGE_BANK, category)
    with transaction.atomic():
        if (
            Question.objects.filter(category=category).exists()
            or QuizPool.objects.filter(category=category).exists()
        ):
            raise DomainError(
                _("The category has questions or a quiz draws from it; it cannot be deleted."),
                code=QuizzesErrorCode.CATEGORY_IN_USE,
            )
        audit.record(
            actor=actor,
            event=events.CATEGORY_DELETED,
            target=category,
            changes={"name": category.name},
            node_path=category.node.path,
        )
        delete_or_refuse(category)


def question_create(*, actor: Actor, category: QuestionCategory, data: QuestionData) -> Question:
    """Add a question to a category (checked by ``check_question``). Audited."""
    access.require(actor, P.MANAGE_BANK, category)
    data = check_question(data)
    with transaction.atomic():
        question = Question.objects.create(
            node=category.node,
            category=category,
            kind=data.kind,
            stem=data.stem,
            options=data.options,
            answer=data.answer,
            explanation=data.explanation,
            points=data.points,
        )
        audit.record(
            actor=actor,
            event=events.QUESTION_CREATED,
            target=question,
            changes={"category": category.pk, "kind": data.kind},
            node_path=category.node.path,
        )
    return question


_FIELDS = ["category_id", "kind", "stem", "options", "answer", "explanation", "points"]


def question_update(
    *,
    actor: Actor,
    question: Question,
    data: QuestionData,
    category: QuestionCategory | None = None,
) -> Question:
    """Change a question. Attempts already started keep the version they were given (their
    items hold the points and the correct options), so a fix never rescores them. Audited."""
    access.require(actor, P.MANAGE_BANK, question)
    if category is not None and category.node_id != question.node_id:
        raise ValidationFailed(_("Choose a category of the same bank."), field="category")
    data = check_question(data)
    with transaction.atomic():
        before = audit.snapshot(question, _FIELDS)
        if category is not None:
            question.category = category
        question.kind, question.stem, question.options = data.kind, data.stem, data.options
        question.answer, question.explanation = data.answer, data.explanation
        question.points = data.points
        changes = audit.diff(before, audit.snapshot(question, _FIELDS))
        if changes:
            question.save()
            audit.record(
                actor=actor,
                event=events.QUESTION_UPDATED,
                target=question,
                changes=changes,
                node_path=question.node.path,
            )
    return question


def question_archive(*, actor: Actor, question: Question, active: bool = False) -> Question:
    """Take a question out of use (new attempts no longer draw it) or put it back. Questions
    are never deleted once asked; an unasked one is deleted outright. Audited."""
    access.require(actor, P.MANAGE_BANK, question)
    with transaction.atomic():
        if question.is_active == active:
            return question
        audit.record(
            actor=actor,
            event=events.QUESTION_ARCHIVED,
            target=question,
            changes={"is_active": [question.is_active, active]},
            node_path=question.node.path,
        )
        question.is_active = active
        question.save(update_fields=["is_active", "updated_at"])
    return question


def question_is_asked(question: Question) -> bool:
    return AttemptItem.objects.filter(question=question).exists()
