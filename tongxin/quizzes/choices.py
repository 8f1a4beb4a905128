from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class QuizStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", pgettext_lazy("quiz attempt", "Submitted")
    TIMED_OUT = "timed_out", _("Time ran out")


FINISHED_STATUSES = (AttemptStatus.SUBMITTED, AttemptStatus.TIMED_OUT)

QUIZ_TRANSITIONS: dict[str, frozenset[str]] = {
    QuizStatus.DRAFT: frozenset({QuizStatus.PUBLISHED}),
    QuizStatus.PUBLISHED: frozenset({QuizStatus.CLOSED}),
    QuizStatus.CLOSED: frozenset(),
}

# Options of a choice question: at least two, at most six (A to F, as the import sheet has).
MIN_OPTIONS, MAX_OPTIONS = 2, 6
OPTION_LETTERS = "ABCDEF"
