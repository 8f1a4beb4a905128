"""Clubs (standing interest groups): their leaders, membership history, yearly budgets,
recurring sessions (each session is an ``activities.Activity`` of kind ``club_session``) and
spending paid from the owning node's fund."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode

from .choices import DEFAULT_CATEGORY_KEY, ClubKind, ClubStatus, Weekday


class Club(BaseModel):
    """A standing club owned by the school union or a branch (whose fund pays for it and
    whose people may join)."""

    SCOPE_NODE_FIELD = "node"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="clubs", verbose_name=_("owned by")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("sport or kind"), max_length=20, choices=ClubKind.choices)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("usual place"), max_length=200, blank=True)
    category_key = models.CharField(
        _("fund category"), max_length=100, default=DEFAULT_CATEGORY_KEY
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClubStatus.choices, default=ClubStatus.ACTIVE
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="club_name_per_school"),
            models.CheckConstraint(condition=Q(kind__in=ClubKind.values), name="club_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ClubStatus.values), name="club_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_active(self) -> bool:
        return self.status == ClubStatus.ACTIVE


class ClubLeader(BaseModel):
    """A person leading a club from ``starts_on`` until ``ends_on`` (open: still leading)."""

    SCOPE_NODE_FIELD = "club__node"

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="leaders")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("club leader")
        verbose_name_plural = _("club leaders")
        ordering = ["club", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "person"],
                condition=Q(ends_on__isnull=True),
                name="club_leader_once_current",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="club_leader_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.club_id}"

    @property
    def scope_path(self) -> str:
        return self.club.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})


class ClubMembership(BaseModel):
    """One stretch of membership: joined on ``joined_on``, left on ``left_on`` (not a member
    from that day). A person has at most one open stretch per club; rejoining opens a new one,
    so the history stays. Members on day D: ``joined_on <= D`` and (``left_on`` is empty or
    after D), see ``queries.members_on``."""

    SCOPE_NODE_FIELD = "club__node"
    SCOPE_OWNER_FIELD = "person_id"

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="club_memberships")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("club membership")
        verbose_name_plural = _("club memberships")
        ordering = ["club", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "person"],
                condition=Q(left_on__isnull=True),
                name="club_member_once_active",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="club_membership_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["club", "joined_on"], name="club_member_joined_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.club_id}"

    @property
    def scope_path(self) -> str:
        return self.club.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id})


class ClubBudget(BaseModel):
    """What a club may spend in a calendar (fiscal) year, in fen."""

    SCOPE_NODE_FIELD = "club__node"

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount_fen = models.BigIntegerField(_("budget (fen)"))

    class Meta:
        verbose_name = _("club budget")
        verbose_name_plural = _("club budgets")
        ordering = ["club", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["club", "year"], name="club_budget_once_per_year"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="club_budget_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.club_id} {self.year}"


class ClubSessionSeries(BaseModel):
    """Weekly sessions: every ``weekday`` from ``first_on`` to ``last_on``, ``starts_at`` to
    ``ends_at``, at ``place``, ``capacity`` places each."""

    SCOPE_NODE_FIELD = "club__node"

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="series")
    title = models.CharField(_("title"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    first_on = models.DateField(_("from"))
    last_on = models.DateField(_("until"))
    capacity = models.PositiveIntegerField(_("places"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("session series")
        verbose_name_plural = _("session series")
        ordering = ["club", "first_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="club_series_capacity_gt_0"),
            models.CheckConstraint(
                condition=Q(last_on__gte=F("first_on")), name="club_series_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="club_series_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ClubSession(models.Model):
    """One session of a club: the activity people sign up for and check in to."""

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="sessions")
    series = models.ForeignKey(
        ClubSessionSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.PROTECT, related_name="club_session"
    )
    on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("club session")
        verbose_name_plural = _("club sessions")
        ordering = ["club", "on", "id"]
        indexes = [models.Index(fields=["club", "on"], name="club_session_on_idx")]

    def __str__(self) -> str:
        return f"{self.club_id} {self.on}"


class ClubExpense(BaseModel):
    """Money a club spent, paid from its owning node's fund; never edited, only reversed."""

    SCOPE_NODE_FIELD = "club__node"

    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="expenses")
    description = models.CharField(_("item"), max_length=200)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    incurred_on = models.DateField(_("date"))
    category_key = models.CharField(_("fund category"), max_length=100)
    payee = models.CharField(_("payee or supplier"), max_length=200, blank=True)
    override_reason = models.CharField(_("reason to exceed the budget"), max_length=500, blank=True)
    journal_entry = models.OneToOneField(
        "funds.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversal_entry = models.OneToOneField(
        "funds.JournalEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reverse_reason = models.CharField(_("reason for reversal"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("club expense")
        verbose_name_plural = _("club expenses")
        ordering = ["club", "incurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="club_expense_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.club_id})"

    @property
    def scope_path(self) -> str:
        return self.club.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()
