"""Submission calls: a call for works, its judging criteria, judges and prize levels; the works
submitted with their files, the judges' scores and the prizes awarded."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.models import OrgNode

from .choices import CallStatus, Eligibility, WorkKind, WorkStatus


class SubmissionCall(BaseModel):
    """A call for works (children's paintings, songs, stories) organised by ``node``.

    ``kinds`` lists the allowed ``WorkKind`` values. With ``eligibility=children`` a staff
    member submits for a child (a ``FamilyMember``) whose age on the submission day lies in
    ``child_min_age``..``child_max_age``. ``max_works_per_author`` caps the counted works of
    one author (a person or a child).
    """

    SCOPE_NODE_FIELD = "node"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kinds = models.JSONField(_("kinds of work"), default=list)
    eligibility = models.CharField(_("who may submit"), max_length=16, choices=Eligibility.choices)
    child_min_age = models.PositiveSmallIntegerField(_("children from age"), null=True, blank=True)
    child_max_age = models.PositiveSmallIntegerField(_("children up to age"), null=True, blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    max_works_per_author = models.PositiveSmallIntegerField(_("works per author"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("submission call")
        verbose_name_plural = _("submission calls")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values), name="subcall_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(eligibility__in=Eligibility.values), name="subcall_eligibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="subcall_dates_order"
            ),
            models.CheckConstraint(
                condition=Q(max_works_per_author__gte=1), name="subcall_max_works_gte_1"
            ),
        ]
        indexes = [models.Index(fields=["status", "opens_on"], name="subcall_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_for_children(self) -> bool:
        return self.eligibility == Eligibility.CHILDREN

    def kind_labels(self) -> list[str]:
        return [str(WorkKind(kind).label) for kind in self.kinds if kind in WorkKind.values]


class Criterion(models.Model):
    """One judging criterion of a call with its weight (weights need not sum to 100)."""

    call = models.ForeignKey(SubmissionCall, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=60)
    weight = models.PositiveSmallIntegerField(_("weight"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")
        ordering = ["call", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="subcriterion_weight_gte_1")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Judge(BaseModel):
    """A person appointed by the office to score the accepted works of one call."""

    call = models.ForeignKey(SubmissionCall, on_delete=models.CASCADE, related_name="judges")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("judge")
    )

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "person"], name="subjudge_one_per_call")
        ]

    def __str__(self) -> str:
        return self.person.name


class PrizeLevel(models.Model):
    """A prize of a call (first, second, third prize, honourable mention): how many works may
    receive it and what each is worth (0 for an honorary prize)."""

    call = models.ForeignKey(SubmissionCall, on_delete=models.CASCADE, related_name="prize_levels")
    name = models.CharField(_("prize"), max_length=40)
    count = models.PositiveSmallIntegerField(_("number of prizes"))
    amount_fen = models.BigIntegerField(_("amount (fen)"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("prize level")
        verbose_name_plural = _("prize levels")
        ordering = ["call", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="subprize_count_gte_1"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="subprize_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name


class Work(BaseModel):
    """A work submitted to a call. The author is the staff ``submitter`` or their ``child``;
    ``author_key`` ("p<id>" or "c<id>") identifies the author for limits and the prize share.

    The file is stored under MEDIA_ROOT with a random name; ``kind`` and ``content_type`` come
    from sniffing its first bytes, never from the name the uploader gave.
    """

    # Not columns: set by the queries and views that list works for a page.
    shown_award: "Award | None"
    judge_scores: "list[Score]"
    my_scores: dict[int, int]
    conflict: bool
    rows: "list[tuple[Criterion, int | None]]"
    done: bool

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "submitter_id"

    call = models.ForeignKey(SubmissionCall, on_delete=models.PROTECT, related_name="works")
    submitter = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    child = models.ForeignKey(
        FamilyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("child"),
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    author_key = models.CharField(max_length=24, editable=False)
    author_name = models.CharField(pgettext_lazy("work", "author"), max_length=50)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=WorkKind.choices)
    file = models.FileField(_("file"), max_length=200)
    content_type = models.CharField(max_length=40)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkStatus.choices, default=WorkStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    screening_note = models.CharField(_("screening note"), max_length=500, blank=True)
    screened_on = models.DateField(_("screened on"), null=True, blank=True)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["call", "-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkStatus.values), name="subwork_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=WorkKind.values), name="subwork_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"], name="subwork_call_status_idx"),
            models.Index(fields=["call", "author_key"], name="subwork_call_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.submitter_id})


class Score(models.Model):
    """One judge's score (0–100) of one work on one criterion."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(pgettext_lazy("judge score", "score"))
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("judge score", "score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["work", "judge", "criterion"], name="subscore_one_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=100), name="subscore_value_lte_100"),
        ]

    def __str__(self) -> str:
        return f"{self.work_id}/{self.judge_id}/{self.criterion_id}: {self.value}"


class Award(BaseModel):
    """A prize given to a work (one prize per work, one per author in a call)."""

    call = models.ForeignKey(SubmissionCall, on_delete=models.PROTECT, related_name="awards")
    work = models.OneToOneField(Work, on_delete=models.PROTECT, related_name="award")
    level = models.ForeignKey(PrizeLevel, on_delete=models.PROTECT, related_name="awards")
    author_key = models.CharField(max_length=24, editable=False)
    amount_fen = models.BigIntegerField(_("amount (fen)"), default=0)
    journal_entry_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("prize awarded")
        verbose_name_plural = _("prizes awarded")
        ordering = ["call", "level__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "author_key"], name="subaward_one_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.level.name}: {self.work.title}"
