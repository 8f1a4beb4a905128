"""The staff congress: a term (届) of a school, its delegations (代表团) and representatives.

A representative belongs to one delegation of one term. ``kind`` says whether they vote:
only formal representatives do; invited representatives (e.g. retirees with retained
membership) and observers attend without a vote. A representative stops on ``ended_on``
(recall, replacement, leaving the school, end of term); the row stays for the history.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from .choices import (
    EndReason,
    MajorityBase,
    QuorumBase,
    RepresentativeKind,
    RepresentativeSource,
    TermStatus,
    TermYears,
)


class CongressTerm(BaseModel):
    """One term (届) of a school's staff congress, 3 or 5 years long, and its counting rules."""

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    years = models.PositiveSmallIntegerField(
        _("length in years"), choices=TermYears.choices, default=TermYears.FIVE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TermStatus.choices, default=TermStatus.PREPARING
    )
    # Counting rules (configurable per term; the defaults are the national ones).
    quorum_base = models.CharField(
        _("quorum counted on"),
        max_length=10,
        choices=QuorumBase.choices,
        default=QuorumBase.SEATED,
    )
    majority_base = models.CharField(
        _("majority counted on"),
        max_length=10,
        choices=MajorityBase.choices,
        default=MajorityBase.SEATED,
    )
    teacher_floor_pct = models.PositiveSmallIntegerField(_("teachers at least (%)"), default=60)
    leader_ceiling_pct = models.PositiveSmallIntegerField(_("leaders at most (%)"), default=25)
    women_floor_pct = models.PositiveSmallIntegerField(_("women at least (%)"), default=0)
    young_floor_pct = models.PositiveSmallIntegerField(_("young staff at least (%)"), default=0)
    young_max_age = models.PositiveSmallIntegerField(_("young means at most (age)"), default=40)
    roll_confirmed_at = models.DateTimeField(_("roll confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("congress term")
        verbose_name_plural = _("congress terms")
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="congress_term_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="congress_term_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(years__in=TermYears.values), name="congress_term_years_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TermStatus.values), name="congress_term_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(teacher_floor_pct__lte=100)
                & Q(leader_ceiling_pct__lte=100)
                & Q(women_floor_pct__lte=100)
                & Q(young_floor_pct__lte=100),
                name="congress_term_pcts_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id}#{self.number}"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Delegation(BaseModel):
    """A delegation (代表团) of a term: the representatives elected by one branch or unit."""

    SCOPE_NODE_FIELD = "node"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="delegations")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch or unit")
    )
    name = models.CharField(_("name"), max_length=100)
    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of delegation"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["term", "sort_order", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="congress_delegation_name"),
            models.UniqueConstraint(fields=["term", "node"], name="congress_delegation_node"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.head_id}) if self.head_id else frozenset()


class Representative(BaseModel):
    """A person's seat in a term: from ``elected_on`` until ``ended_on`` (open: still seated)."""

    SCOPE_NODE_FIELD = "delegation__node"
    SCOPE_OWNER_FIELD = "person_id"

    term = models.ForeignKey(CongressTerm, on_delete=models.PROTECT, related_name="representatives")
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="representatives"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=RepresentativeKind.choices,
        default=RepresentativeKind.FORMAL,
    )
    source = models.CharField(
        _("how seated"),
        max_length=12,
        choices=RepresentativeSource.choices,
        default=RepresentativeSource.ELECTION,
    )
    elected_on = models.DateField(_("elected on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=10, choices=EndReason.choices, blank=True
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["term", "delegation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "person"],
                condition=Q(ended_on__isnull=True),
                name="congress_rep_once_current",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RepresentativeKind.values), name="congress_rep_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (
                    Q(ended_on__isnull=False)
                    & Q(ended_on__gte=F("elected_on"))
                    & Q(end_reason__in=EndReason.values)
                ),
                name="congress_rep_end_consistent",
            ),
        ]
        indexes = [models.Index(fields=["term", "kind", "ended_on"], name="congress_rep_seat_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.term_id}"

    @property
    def has_vote(self) -> bool:
        return self.kind == RepresentativeKind.FORMAL and self.ended_on is None

    @property
    def scope_path(self) -> str:
        return self.delegation.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})
