"""A question bank with categories, quizzes drawn from it, and members' timed attempts.

An attempt fixes at its start which questions it asks, in which order, with which option
order, and what each is worth and its correct options (``AttemptItem``): later edits of the
bank never change a running or finished attempt, and the recorded ``seed`` replays the draw.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.activities.models import Activity
from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import OPTION_LETTERS, AttemptStatus, QuestionKind, QuizStatus


class QuestionCategory(BaseModel):
    """A heading of an organising node's question bank (party history, union knowledge, …)."""

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["sort_order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="quiz_category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Question(BaseModel):
    """One question of the bank. ``options`` are the texts of choices A, B, … (empty for a
    true/false question, whose options are “true” and “false”); ``answer`` the indices of the
    correct ones (one for single choice and true/false, one or more for multiple choice)."""

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("category"),
    )
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    stem = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    answer = models.JSONField(_("correct answer"), default=list)
    explanation = models.TextField(_("explanation"), blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="quiz_question_kind_valid"
            ),
            models.CheckConstraint(condition=Q(points__gte=1), name="quiz_question_points_gte_1"),
        ]
        indexes = [
            models.Index(fields=["category", "is_active"], name="quiz_question_cat_idx"),
        ]

    def __str__(self) -> str:
        return self.stem[:60]

    @property
    def lettered_options(self) -> list[tuple[str, str]]:
        return [(OPTION_LETTERS[i], text) for i, text in enumerate(self.options)]

    @property
    def answer_letters(self) -> str:
        if self.kind == QuestionKind.TRUE_FALSE:
            return "T" if self.answer == [0] else "F"
        return "".join(OPTION_LETTERS[i] for i in self.answer)

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Quiz(BaseModel):
    """An online quiz: who organises it, who may take it (the members of ``audience_node``'s
    subtree, optionally women or men only), when it is open, how long one attempt lasts, how
    questions are drawn, how many attempts a person has, and whether results are shown."""

    # Not a column: the member's own attempts, set by the queries that show a quiz to them.
    my_attempts: "list[Attempt]"

    SCOPE_NODE_FIELD = "organiser"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    organiser = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    audience_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("open to")
    )
    gender = models.CharField(
        _("gender"),
        max_length=8,
        blank=True,
        choices=[("male", _("Male")), ("female", _("Female"))],
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=QuizStatus.choices, default=QuizStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=20)
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace (seconds)"),
        default=30,
        help_text=_("Answers sent this long after the time limit still count (network delays)."),
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions in total"),
        null=True,
        blank=True,
        help_text=_("Draw this many from the categories below; empty asks them all."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    results_public = models.BooleanField(_("show results and ranking to members"), default=False)
    ranking_size = models.PositiveSmallIntegerField(
        _("ranking shown to members (top N)"), default=10
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="quiz_times_ordered"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1), name="quiz_time_limit_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(attempts_allowed__gte=1), name="quiz_attempts_allowed_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(status__in=QuizStatus.values), name="quiz_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="quiz_status_closes_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.organiser.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class QuizPool(models.Model):
    """A category a quiz draws from: ``count`` questions of it, or all of them when empty."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="pool")
    category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("questions to draw"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "category"], name="quiz_pool_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}:{self.category_id}"


class Attempt(PersonScoped, BaseModel):
    """One person's go at a quiz. Times are the server's; ``deadline`` is fixed at the start:
    the earlier of start + time limit + grace and the quiz's close. ``branch`` is the person's
    branch at the start (per-branch rankings); ``is_best`` marks the attempt that counts."""

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff")
    )
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    seed = models.BigIntegerField(_("draw seed"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AttemptStatus.choices,
        default=AttemptStatus.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("time taken (seconds)"), null=True, blank=True)
    score = models.PositiveIntegerField(_("score"), default=0)
    max_score = models.PositiveIntegerField(_("full marks"), default=0)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    is_best = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "person", "number"], name="quiz_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "person"],
                condition=Q(status=AttemptStatus.IN_PROGRESS),
                name="quiz_attempt_one_running",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttemptStatus.values), name="quiz_attempt_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")), name="quiz_attempt_score_lte_max"
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "is_best", "-score"], name="quiz_attempt_rank_idx"),
            models.Index(fields=["quiz", "person"], name="quiz_attempt_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.person_id}#{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS


class AttemptItem(models.Model):
    """One question of an attempt, fixed at the start: its position, the order its options
    are shown in (``option_order[k]`` is the bank index shown in place k), its worth and
    correct options at that time; then the person's saved choice (bank indices)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)
    points = models.PositiveSmallIntegerField()
    correct = models.JSONField(default=list)
    chosen = models.JSONField(default=list)
    saved_at = models.DateTimeField(null=True, blank=True)
    awarded = models.PositiveSmallIntegerField(default=0)
    is_correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quiz_attempt_item_unique_question"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quiz_attempt_item_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"
