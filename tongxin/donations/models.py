"""Charity drives (campaigns), the donations made to them, and the batches posted to the ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import BaseModel
from tongxin.members.models import Person
from tongxin.orgs.models import OrgNode
from tongxin.orgs.scoping import PersonScoped

from .choices import CampaignStatus, Channel, DonationStatus


class Campaign(BaseModel):
    """A charity drive run by a school union for a recipient (e.g. a provincial foundation).

    ``receipt_counter`` is the last receipt number issued; it is only advanced with the row
    locked, so numbers are sequential and unique per campaign. The hand-over fields are set
    once, when the money collected is passed to the recipient.
    """

    SCOPE_NODE_FIELD = "organiser"

    title = models.CharField(_("title"), max_length=120)
    organiser = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    recipient = models.CharField(_("recipient"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    target_fen = models.BigIntegerField(_("target (fen)"), default=0)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    code = models.CharField(_("receipt prefix"), max_length=20)
    receipt_counter = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handover_amount_fen = models.BigIntegerField(_("amount handed over (fen)"), default=0)
    handover_receipt = models.CharField(_("recipient's receipt number"), max_length=60, blank=True)
    handover_note = models.TextField(_("hand-over note"), blank=True)
    handover_entry_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("donation campaign")
        verbose_name_plural = _("donation campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="donation_campaign_period"
            ),
            models.CheckConstraint(condition=Q(target_fen__gte=0), name="donation_campaign_target"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_path(self) -> str:
        return self.organiser.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class DonationBatch(BaseModel):
    """Donations confirmed together (a liaison's upload, a confirmation of several reports,
    one entry): one pass-through receipt in the ledger per batch."""

    SCOPE_NODE_FIELD = "node"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="batches", verbose_name=_("campaign")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    donation_count = models.PositiveIntegerField(_("donations"), default=0)
    total_fen = models.BigIntegerField(_("total (fen)"), default=0)
    entry_on = models.DateField(_("booked on"))
    journal_entry_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("donation batch")
        verbose_name_plural = _("donation batches")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"

    @property
    def scope_path(self) -> str:
        return self.node.path

    @property
    def scope_owner_ids(self) -> frozenset[int]:
        return frozenset()


class Donation(PersonScoped, BaseModel):
    """One gift by one person to a campaign (a person may give more than once).

    ``node`` is the donor's branch when they gave, so totals by branch stay right after a
    transfer. ``receipt_number`` is issued when the donation is confirmed.
    """

    SCOPE_NODE_FIELD = "node"
    SCOPE_OWNER_FIELD = "person_id"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="donations", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="donations", verbose_name=_("donor")
    )
    node = models.ForeignKey(
        OrgNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    donated_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    is_anonymous = models.BooleanField(_("anonymous on the honour roll"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=DonationStatus.choices, default=DonationStatus.PENDING
    )
    receipt_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    batch = models.ForeignKey(
        DonationBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("batch"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    decided_on = models.DateField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-id"]
        indexes = [models.Index(fields=["campaign", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="donation_amount_positive"),
            models.UniqueConstraint(
                fields=["campaign", "receipt_seq"],
                condition=Q(receipt_seq__isnull=False),
                name="donation_receipt_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or f"{self.campaign} / {self.pk}"
