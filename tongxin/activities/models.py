"""Activities (one model for every kind), their time slots and branch quotas, sign-ups,
lottery draws and calendar feeds."""

from typing import cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.models import OrgNode

from .choices import (
    LIVE_STATUSES,
    ActivityKind,
    ActivityStatus,
    Allocation,
    FamilyScope,
    SignUpStatus,
    StaffScope,
)


class Activity(BaseModel):
    """One activity of any kind: who organises it, when and where, who may join, how places
    are given out (first come or lottery, optional approval) and how people check in.

    Audience rules are fields: the subtree of ``audience_node``, members only or all staff,
    retirees, gender and age band for staff, family members (children by age band) and
    outside participants. ``quota`` caps the places (None: no cap); branch quotas and slot
    capacities cap them further.
    """

    SCOPE_NODE_FIELD = "organiser"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    organiser = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        related_name="organised_activities",
        verbose_name=_("organiser"),
    )
    co_organisers = models.ManyToManyField(
        OrgNode, blank=True, related_name="co_organised_activities", verbose_name=_("co-organisers")
    )
    outside_co_organisers = models.CharField(
        _("outside co-organisers"),
        max_length=300,
        blank=True,
        help_text=_("Outside bodies organising with us, separated by commas."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    sign_up_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    sign_up_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("places"), null=True, blank=True)
    requires_approval = models.BooleanField(_("sign-ups need approval"), default=False)
    allocation = models.CharField(
        _("allocation"), max_length=12, choices=Allocation.choices, default=Allocation.FIRST_COME
    )
    lottery_at = models.DateTimeField(_("lottery time"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed place"),
        default=24,
        help_text=_("0 confirms the next person on the waitlist at once."),
    )
    audience_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("open to")
    )
    staff_scope = models.CharField(
        _("who may join"), max_length=12, choices=StaffScope.choices, default=StaffScope.MEMBERS
    )
    include_retirees = models.BooleanField(_("retirees may join"), default=False)
    staff_allowed = models.BooleanField(_("staff sign up themselves"), default=True)
    gender = models.CharField(
        _("gender"),
        max_length=8,
        blank=True,
        choices=[("male", _("Male")), ("female", _("Female"))],
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    family_scope = models.CharField(
        _("family members"), max_length=10, choices=FamilyScope.choices, default=FamilyScope.NONE
    )
    child_min_age = models.PositiveSmallIntegerField(_("children from age"), null=True, blank=True)
    child_max_age = models.PositiveSmallIntegerField(_("children up to age"), null=True, blank=True)
    outsiders_allowed = models.BooleanField(_("outside participants"), default=False)
    check_in_code = models.CharField(_("event check-in code"), max_length=8, blank=True)
    estimated_cost_fen = models.BigIntegerField(_("estimated cost (fen)"), default=0)
    budget_line = models.CharField(_("budget line"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="activity_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(quota__gt=0), name="activity_quota_positive"
            ),
            models.CheckConstraint(
                condition=Q(sign_up_deadline__isnull=True) | Q(sign_up_deadline__lte=F("ends_at")),
                name="activity_deadline_before_end",
            ),
            models.CheckConstraint(
                condition=~Q(allocation=Allocation.LOTTERY) | Q(lottery_at__isnull=False),
                name="activity_lottery_has_time",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="activity_age_band_ordered",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost_fen__gte=0), name="activity_cost_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "status", "starts_at"], name="activity_school_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.organiser.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def closes_at(self):  # type: ignore[no-untyped-def]
        """When sign-up ends: the deadline, or the start when there is none."""
        return self.sign_up_deadline or self.starts_at

    @property
    def is_lottery(self) -> bool:
        return self.allocation == Allocation.LOTTERY


class ActivitySlot(models.Model):
    """A bookable time slot with its own capacity (the dental check: one per day)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(_("label"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="slot_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="slot_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.starts_at:%Y-%m-%d %H:%M}"


class ActivityBranchQuota(models.Model):
    """At most ``places`` sign-ups from one branch (a per-branch limit); others are capped by the total."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="branch_quotas")
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("branch quota")
        verbose_name_plural = _("branch quotas")
        ordering = ["node__path"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "node"], name="branch_quota_once"),
        ]

    def __str__(self) -> str:
        return f"{self.node_id}: {self.places}"


class SignUp(BaseModel):
    """One place asked for: a staff person, a child signed up by their staff parent, or an
    outside participant registered by the organiser.

    ``node`` is the branch of the person (the organiser's node for outsiders) at sign-up; it
    counts against branch quotas and scopes who sees the row. ``check_in_token`` (in the QR
    code) and ``check_in_code`` (typed) are unguessable and local to the activity.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sign_ups")
    slot = models.ForeignKey(
        ActivitySlot, on_delete=models.PROTECT, null=True, blank=True, related_name="sign_ups"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="sign_ups"
    )
    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="sign_ups"
    )
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    outsider_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    outsider_phone = models.CharField(_("mobile"), max_length=20, blank=True)
    outsider_organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SignUpStatus.choices)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    check_in_token = models.CharField(max_length=32, unique=True, editable=False)
    check_in_code = models.CharField(_("check-in code"), max_length=8, editable=False)
    guardian_consent_at = models.DateTimeField(_("guardian consent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = models.CharField(_("comment"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(
                    family_member__isnull=True, person__isnull=False, status__in=LIVE_STATUSES
                ),
                name="signup_one_live_per_person",
            ),
            models.UniqueConstraint(
                fields=["activity", "family_member"],
                condition=Q(family_member__isnull=False, status__in=LIVE_STATUSES),
                name="signup_one_live_per_family_member",
            ),
            models.UniqueConstraint(
                fields=["activity", "check_in_code"], name="signup_check_in_code_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(outsider_name=""),
                name="signup_person_or_outsider",
            ),
            models.CheckConstraint(
                condition=Q(family_member__isnull=True) | Q(person__isnull=False),
                name="signup_family_member_has_person",
            ),
            models.CheckConstraint(
                condition=~Q(status=SignUpStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="signup_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SignUpStatus.values), name="signup_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status"], name="signup_activity_status_idx"),
            models.Index(fields=["person", "status"], name="signup_person_status_idx"),
            models.Index(fields=["status", "offer_expires_at"], name="signup_offer_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} @ {self.activity_id}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.person_id}) if self.person_id else frozenset()

    @property
    def participant_name(self) -> str:
        """Who takes the place: the child, the staff person or the outsider."""
        if self.family_member_id:
            return cast(FamilyMember, self.family_member).name
        if self.person_id:
            return cast(Person, self.person).name
        return self.outsider_name

    @property
    def is_outsider(self) -> bool:
        return self.person_id is None


class LotteryDraw(models.Model):
    """The record of one lottery: everything needed to replay it, and what it decided.

    ``candidates`` is ``[[sign_up_id, branch_id, slot_id], …]`` sorted by id, as locked at
    the draw; ``capacity`` the places still free then (total, per branch, per slot). Each
    candidate's ticket is SHA-256 of ``"<seed>:<sign_up_id>"``; tickets are taken in
    ascending order and each goes to a place if one is free for it, else to the waitlist.
    """

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="lottery_draw")
    seed = models.CharField(_("seed"), max_length=64)
    algorithm = models.CharField(_("algorithm"), max_length=40)
    candidates = models.JSONField(_("candidates"))
    capacity = models.JSONField(_("free places"))
    winner_ids = models.JSONField(_("winners"))
    waitlist_ids = models.JSONField(_("waitlist"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drawn_by_label = models.CharField(_("drawn by"), max_length=120)

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.drawn_at:%Y-%m-%d %H:%M}"

    @property
    def scope_path(self) -> str:
        return self.activity.organiser.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class CalendarFeed(BaseModel):
    """A person's secret calendar address: phone calendars subscribe without a session."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=48, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person_id}"


class ActivityCost(BaseModel):
    """One cost of an activity paid from union funds: what was bought, from whom, how much,
    which node's fund paid (the organiser's, or a branch co-organising it) under which staff
    activities category, and the journal entry that paid it.

    A posted cost never changes; a mistake is corrected by ``activity_cost_reverse``, which
    posts the mirror entry and keeps the row, marked reversed.
    """

    SCOPE_NODE_FIELD = "activity__organiser"

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="costs")
    description = models.CharField(_("item"), max_length=200)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    incurred_on = models.DateField(_("incurred on"))
    paying_node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid by")
    )
    category_key = models.CharField(_("fund category"), max_length=100)
    payee = models.CharField(_("payee or supplier"), max_length=200, blank=True)
    journal_entry = models.OneToOneField(
        "funds.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("journal entry"),
    )
    reversal_entry = models.OneToOneField(
        "funds.JournalEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversal entry"),
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reverse_reason = models.CharField(_("reason for reversal"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("activity cost")
        verbose_name_plural = _("activity costs")
        ordering = ["activity", "incurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="activity_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.activity_id})"

    @property
    def scope_path(self) -> str:
        return self.activity.organiser.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None
