"""Care visits (with their encrypted attachments), hardship files and their thresholds, and
tuition waivers for children of deceased staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.approvals.models import ApprovalRequest
from tongxin.core.crypto import EncryptedTextField
from tongxin.core.models import BaseModel
from tongxin.members.models import FamilyMember, Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import (
    AttachmentType,
    CareKind,
    HardshipClass,
    HardshipStatus,
    PaymentForm,
    VisitStatus,
    WaiverStatus,
)


class HardshipThresholds(BaseModel):
    """The local thresholds that classify hardship, for a school from a date (configurable data).

    Defaults come from ``care/data/hardship.py``; the office records a new row when the local
    minimum living standard changes. A row is never edited.
    """

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("in force from"))
    minimum_living_monthly_fen = models.BigIntegerField(
        _("local minimum living standard per person per month (fen)")
    )
    relative_factor_percent = models.PositiveSmallIntegerField(
        _("relative hardship below this share of the minimum (%)"), default=200
    )
    accident_income_percent = models.PositiveSmallIntegerField(
        _("accident costs above this share of yearly income (%)"), default=80
    )
    valid_months = models.PositiveSmallIntegerField(_("re-verify after (months)"), default=12)

    class Meta:
        verbose_name = _("hardship thresholds")
        verbose_name_plural = _("hardship thresholds")
        ordering = ["school", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "effective_from"], name="hardshipthresholds_unique_from"
            ),
            models.CheckConstraint(
                condition=Q(minimum_living_monthly_fen__gt=0), name="hardshipthresholds_min_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.effective_from}"

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class HardshipFile(PersonScoped, BaseModel):
    """A member household's hardship file: application, verification, class, yearly review.

    The inputs are kept with the class computed from them and the thresholds used, so the
    class can be explained later; ``valid_until`` forces a yearly re-verification.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("member")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=HardshipStatus.choices, default=HardshipStatus.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    household_size = models.PositiveSmallIntegerField(_("household size"))
    annual_income_fen = models.BigIntegerField(_("family disposable income per year (fen)"))
    rigid_expenses_fen = models.BigIntegerField(_("rigid expenses per year (fen)"), default=0)
    incident_costs_fen = models.BigIntegerField(
        _("disaster, accident or major illness costs this year (fen)"), default=0
    )
    major_incident = models.BooleanField(
        _("death or disability in a major incident"), default=False
    )
    excluded = models.BooleanField(
        _("excluded (e.g. children at high-fee private schools or abroad at own cost)"),
        default=False,
    )
    situation = EncryptedTextField(_("situation (confidential)"), blank=True)
    monthly_per_capita_fen = models.BigIntegerField(_("monthly income per person (fen)"), default=0)
    hardship_class = models.CharField(
        _("class"), max_length=16, choices=HardshipClass.choices, blank=True, default=""
    )
    thresholds = models.ForeignKey(
        HardshipThresholds, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minimum_living_monthly_fen = models.BigIntegerField(_("minimum used (fen)"), default=0)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    approved_on = models.DateField(_("on file since"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(household_size__gte=1), name="hardshipfile_household_gte_1"
            ),
            models.CheckConstraint(
                condition=Q(annual_income_fen__gte=0)
                & Q(rigid_expenses_fen__gte=0)
                & Q(incident_costs_fen__gte=0),
                name="hardshipfile_amounts_gte_0",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["applied", "verified", "active"]),
                name="hardshipfile_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["node", "status"], name="hardshipfile_node_status_idx")]

    def __str__(self) -> str:
        return f"{self.person.name} {self.applied_on}"


class CareVisit(PersonScoped, BaseModel):
    """One care visit for a member: kind, event date, amount, approval and payment.

    ``node`` is the member's branch (the fund that pays); the standard's payment form and
    fund category are copied at filing. The diagnosis is health data: encrypted, shown only to
    the approval chain, every read logged. ``disclosure_consent`` is the person's separate
    consent to appear (name, kind, amount) on the notice list.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="care_visits", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CareKind.choices)
    event_on = models.DateField(_("event date"))
    filed_on = models.DateField(_("filed on"))
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    payment_form = models.CharField(_("paid as"), max_length=8, choices=PaymentForm.choices)
    category_key = models.CharField(_("fund category"), max_length=100)
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.SUBMITTED
    )
    relative = models.ForeignKey(
        FamilyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relative who died"),
    )
    payee = models.ForeignKey(
        FamilyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid to (next of kin)"),
    )
    hardship_file = models.ForeignKey(
        HardshipFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("hardship file"),
    )
    diagnosis = EncryptedTextField(_("diagnosis and health details"), blank=True)
    note = models.TextField(_("note"), blank=True)
    documents_to_follow = models.BooleanField(_("documents will follow"), default=False)
    disclosure_consent = models.BooleanField(_("consents to the notice list"), default=False)
    disclosure_consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    approval = models.ForeignKey(
        ApprovalRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    journal_entry_id = models.BigIntegerField(_("ledger entry"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The union office's authorisation to pay beyond the approved budget (funds' override,
    # applied when finance pays); the reason goes on the ledger entry.
    budget_override_reason = models.TextField(_("reason for paying beyond the budget"), blank=True)
    budget_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_override_at = models.DateTimeField(
        _("payment beyond the budget authorised at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="carevisit_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(kind__in=CareKind.values), name="carevisit_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VisitStatus.values), name="carevisit_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["node", "status"], name="carevisit_node_status_idx"),
            models.Index(fields=["person", "kind", "event_on"], name="carevisit_person_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.event_on}"


class CareAttachment(BaseModel):
    """A document of a care visit (certificate, hospital record): content encrypted at rest."""

    SCOPE_NODE_FIELD = "visit__node"
    SCOPE_OWNER_FIELD = "visit__person_id"

    visit = models.ForeignKey(CareVisit, on_delete=models.PROTECT, related_name="attachments")
    label = models.CharField(_("document"), max_length=100)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=32, choices=AttachmentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = EncryptedTextField(_("content (encrypted)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("care attachment")
        verbose_name_plural = _("care attachments")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def scope_path(self) -> str:
        return self.visit.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset({self.visit.person_id})


class TuitionWaiver(PersonScoped, BaseModel):
    """A request to the school to waive a deceased staff member's child's tuition, and the
    school's decision (granted with the amount waived per year, or refused, with its note)."""

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    school = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("deceased staff member")
    )
    child = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    school_year = models.PositiveSmallIntegerField(_("school year starting"))
    requested_on = models.DateField(_("requested on"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WaiverStatus.choices, default=WaiverStatus.REQUESTED
    )
    submitted_on = models.DateField(_("submitted to the school on"), null=True, blank=True)
    decided_on = models.DateField(_("school decided on"), null=True, blank=True)
    amount_waived_fen = models.BigIntegerField(_("amount waived per year (fen)"), default=0)
    school_note = models.TextField(_("school's note"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tuition waiver")
        verbose_name_plural = _("tuition waivers")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "school_year"], name="tuitionwaiver_one_per_child_year"
            ),
            models.CheckConstraint(
                condition=Q(amount_waived_fen__gte=0), name="tuitionwaiver_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child.name} {self.school_year}"
