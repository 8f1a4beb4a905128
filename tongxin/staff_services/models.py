"""Group accident insurance (policy, cover items, insured roster, claims) and school-place
applications for staff children."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.core.models import BaseModel
from tongxin.funds.models import JournalEntry
from tongxin.members.choices import SchoolStage
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import ClaimStatus, PlacementStatus


class InsurancePolicy(BaseModel):
    """A group accident insurance policy the union buys for its members for one period.

    ``node`` is the union node that holds the policy and pays its premium (usually the school
    union). The premium is posted once (``premium_entry``); see ``insurance_premium_post``.
    """

    SCOPE_NODE_FIELD = "node"

    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("union node")
    )
    name = models.CharField(_("policy name"), max_length=120)
    insurer = models.CharField(_("insurer"), max_length=120)
    policy_number = models.CharField(_("policy number"), max_length=64, blank=True)
    starts_on = models.DateField(_("cover starts"))
    ends_on = models.DateField(_("cover ends"))
    premium_per_person_fen = models.BigIntegerField(_("premium per person (fen)"))
    note = models.TextField(_("note"), blank=True)
    premium_entry = models.ForeignKey(
        JournalEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("premium entry"),
    )
    premium_people = models.PositiveIntegerField(_("people in the premium"), default=0)
    premium_posted_fen = models.BigIntegerField(_("premium posted (fen)"), default=0)

    class Meta:
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="insurancepolicy_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(premium_per_person_fen__gte=0),
                name="insurancepolicy_premium_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(premium_posted_fen__gte=0), name="insurancepolicy_posted_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%Y-%m-%d})"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    def covers(self, day: object) -> bool:
        return self.starts_on <= day <= self.ends_on  # type: ignore[operator]


class CoverItem(BaseModel):
    """One line of what the policy pays: the main cover (e.g. accidental death and
    disability, 340,000 yuan) or a rider (hospital allowance, serious illness, …)."""

    policy = models.ForeignKey(
        InsurancePolicy, on_delete=models.CASCADE, related_name="cover_items"
    )
    name = models.CharField(_("cover item"), max_length=120)
    amount_fen = models.BigIntegerField(_("sum insured (fen)"))
    is_rider = models.BooleanField(_("rider"), default=False)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)

    class Meta:
        verbose_name = _("cover item")
        verbose_name_plural = _("cover items")
        ordering = ["policy", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "name"], name="coveritem_name_once"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="coveritem_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class InsuredPerson(PersonScoped, BaseModel):
    """A person on a policy's roster; a person appears at most once per policy.

    ``node`` is the person's node when added, so a branch sees its own people.
    ``premium_entry`` is the entry that paid this person's premium (the policy's entry, or a
    supplement for someone added after it); ``refund_entry`` an insurer's refund on removal.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    policy = models.ForeignKey(InsurancePolicy, on_delete=models.PROTECT, related_name="insured")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="insurances", verbose_name=_("staff")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    added_on = models.DateField(_("covered from"))
    removed_on = models.DateField(_("covered until"), null=True, blank=True)
    removal_note = models.CharField(_("reason for removal"), max_length=200, blank=True)
    premium_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refund_fen = models.BigIntegerField(_("premium refunded (fen)"), default=0)
    refund_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("insured person")
        verbose_name_plural = _("insured people")
        ordering = ["policy", "node", "person__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "person"], name="insuredperson_once"),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("added_on")),
                name="insuredperson_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(refund_fen__gte=0), name="insuredperson_refund_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.policy_id}"

    def covered_on(self, day: object) -> bool:
        return self.added_on <= day and (self.removed_on is None or day <= self.removed_on)  # type: ignore[operator]


class InsuranceClaim(PersonScoped, BaseModel):
    """The union's help with one claim: reported → submitted to the insurer → paid / refused.

    ``paid_fen`` is what the insurer paid the member. It is not union money, so it is recorded
    here and never posted to the ledger.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    insured = models.ForeignKey(InsuredPerson, on_delete=models.PROTECT, related_name="claims")
    policy = models.ForeignKey(InsurancePolicy, on_delete=models.PROTECT, related_name="claims")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="insurance_claims", verbose_name=_("staff")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    incident_on = models.DateField(_("incident date"))
    description = models.TextField(_("what happened"))
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED
    )
    reported_on = models.DateField(_("reported on"))
    submitted_on = models.DateField(_("submitted to the insurer on"), null=True, blank=True)
    decided_on = models.DateField(_("insurer decided on"), null=True, blank=True)
    paid_fen = models.BigIntegerField(_("paid by the insurer (fen)"), default=0)
    note = models.TextField(_("note"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("insurance claim")
        verbose_name_plural = _("insurance claims")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="insuranceclaim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(paid_fen__gte=0), name="insuranceclaim_paid_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status=ClaimStatus.PAID, paid_fen__gt=0)
                | (~Q(status=ClaimStatus.PAID) & Q(paid_fen=0)),
                name="insuranceclaim_paid_amount_iff_paid",
            ),
        ]
        indexes = [models.Index(fields=["policy", "status"], name="claim_policy_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person.name}"


class SchoolPlaceApplication(PersonScoped, BaseModel):
    """A request for help with a kindergarten or school place for a staff member's child.

    ``year`` is the autumn the child would start; one application per child per year.
    ``node`` is the parent's node when applying. Forwarded to the town's education bureau on
    the office's list; the outcome is recorded when the bureau answers.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="school_place_applications",
        verbose_name=pgettext_lazy("school-place applicant", "parent"),
    )
    child = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("school year starting"))
    stage = models.CharField(_("stage"), max_length=16, choices=SchoolStage.choices)
    wished_school = models.CharField(_("wished school or kindergarten"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PlacementStatus.choices,
        default=PlacementStatus.SUBMITTED,
    )
    submitted_on = models.DateField(_("submitted on"))
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    decided_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_school = models.CharField(_("school placed in"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("school-place application")
        verbose_name_plural = _("school-place applications")
        ordering = ["-year", "-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "year"], name="schoolplace_once_per_year"),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values), name="schoolplace_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=PlacementStatus.PLACED) | ~Q(outcome_school=""),
                name="schoolplace_placed_has_school",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="schoolplace_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.child.name}"
