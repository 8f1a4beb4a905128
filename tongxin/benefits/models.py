"""Holiday benefit batches, one receipt per person and the people a batch left out over the cap."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.activities.models import Activity
from tongxin.core.models import BaseModel
from tongxin.funds.choices import Festival
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import BatchSource, BatchStatus, ReceiptStatus, SignMethod


class BenefitBatch(BaseModel):
    """One distribution of goods: a festival's gift packs for the members in good standing on
    ``cutoff_on`` (retirees by choice, optionally only a subtree), or an activity's gifts for
    those who attended it.

    Planned as a draft; confirming it creates the receipts, checks the yearly cap (festivals
    only), records the value given and posts the cost. ``distribute_on`` dates the cost, the
    participations and so the calendar year whose cap applies.
    """

    SCOPE_NODE_FIELD = "school"

    school = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("school union")
    )
    title = models.CharField(_("title"), max_length=120)
    source = models.CharField(
        _("given for"), max_length=12, choices=BatchSource.choices, default=BatchSource.FESTIVAL
    )
    festival = models.CharField(_("festival"), max_length=20, choices=Festival.choices, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    goods = models.CharField(_("goods"), max_length=200)
    unit_cost_fen = models.BigIntegerField(_("cost per person (fen)"))
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    cutoff_on = models.DateField(_("members on"))
    distribute_on = models.DateField(_("given on"))
    include_retirees = models.BooleanField(_("retirees included"), default=False)
    audience_node = models.ForeignKey(
        OrgNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only this part of the union"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    total_cost_fen = models.BigIntegerField(_("total cost (fen)"), default=0)
    journal_entry_id = models.BigIntegerField(_("ledger entry"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("benefit batch")
        verbose_name_plural = _("benefit batches")
        ordering = ["-distribute_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_cost_fen__gt=0), name="benefitbatch_unit_cost_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="benefitbatch_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source=BatchSource.FESTIVAL, activity__isnull=True) & ~Q(festival="")
                | Q(source=BatchSource.ACTIVITY, activity__isnull=False, festival=""),
                name="benefitbatch_one_source",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"], name="benefitbatch_school_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.school.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()

    @property
    def is_festival(self) -> bool:
        return self.source == BatchSource.FESTIVAL


class BenefitReceipt(PersonScoped, BaseModel):
    """One person's goods of one batch, on their branch's pickup list.

    ``node`` is where the person was a member on the cut-off date (where they collect);
    ``branch`` is that node's branch, for the per-branch lists and progress. ``token`` is the
    unguessable code in the member's QR code and link; re-issuing a lost receipt replaces it.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    batch = models.ForeignKey(
        BenefitBatch, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("batch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="benefit_receipts", verbose_name=_("member")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("collects at")
    )
    branch = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReceiptStatus.choices, default=ReceiptStatus.PENDING
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    value_fen = models.BigIntegerField(_("value (fen)"))
    cap_overridden = models.BooleanField(_("over the cap by decision"), default=False)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    sign_method = models.CharField(_("how"), max_length=12, choices=SignMethod.choices, blank=True)
    proxy_name = models.CharField(_("collected by"), max_length=50, blank=True)
    mail_address = models.CharField(_("mailing address"), max_length=200, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    reissue_count = models.PositiveSmallIntegerField(_("times re-issued"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("benefit receipt")
        verbose_name_plural = _("benefit receipts")
        ordering = ["batch", "branch__path", "person__staff_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="benefitreceipt_once"),
            models.CheckConstraint(
                condition=Q(status__in=ReceiptStatus.values), name="benefitreceipt_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReceiptStatus.SIGNED) | Q(signed_at__isnull=False),
                name="benefitreceipt_signed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(sign_method=SignMethod.PROXY) | ~Q(proxy_name=""),
                name="benefitreceipt_proxy_has_name",
            ),
            models.CheckConstraint(
                condition=Q(value_fen__gte=0), name="benefitreceipt_value_gte_0"
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "branch", "status"], name="benefitreceipt_branch_idx"),
            models.Index(fields=["person", "status"], name="benefitreceipt_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} · {self.person_id}"


class CapExclusion(PersonScoped, BaseModel):
    """A member the yearly cap would have left out of a festival batch, found at confirmation.

    ``overridden`` people were given the goods anyway, by a decision with a ``reason``.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    batch = models.ForeignKey(
        BenefitBatch, on_delete=models.PROTECT, related_name="exclusions", verbose_name=_("batch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    node = models.ForeignKey(OrgNode, on_delete=models.PROTECT, related_name="+")
    year_total_fen = models.BigIntegerField(_("received this year before (fen)"))
    cap_fen = models.BigIntegerField(_("yearly cap (fen)"))
    overridden = models.BooleanField(_("given anyway"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cap exclusion")
        verbose_name_plural = _("cap exclusions")
        ordering = ["batch", "person__staff_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="capexclusion_once"),
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(reason=""), name="capexclusion_override_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} · {self.person_id}"
