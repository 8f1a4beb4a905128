from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignStatus(models.TextChoices):
    """draft → open → closed → handed_over; donations are taken only while open."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", pgettext_lazy("donation campaign", "Closed")
    HANDED_OVER = "handed_over", _("Handed over")


class Channel(models.TextChoices):
    """How the money reached the union."""

    CASH = "cash", _("Cash via liaison")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    WECHAT_PAY = "wechat_pay", _("WeChat Pay")
    PAYROLL = "payroll", _("Payroll deduction")


class DonationStatus(models.TextChoices):
    """A member's own record waits for a liaison or the office; their entries are confirmed.
    A confirmed donation entered in error is cancelled (the money goes back; receipt voided)."""

    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled (refunded)")


CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignStatus.DRAFT: frozenset({CampaignStatus.OPEN}),
    CampaignStatus.OPEN: frozenset({CampaignStatus.CLOSED}),
    CampaignStatus.CLOSED: frozenset({CampaignStatus.HANDED_OVER, CampaignStatus.OPEN}),
    CampaignStatus.HANDED_OVER: frozenset(),
}
