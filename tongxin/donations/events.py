"""Audit event kinds of donations."""

from django.utils.translation import gettext_lazy as _

CAMPAIGN_CREATED = "donation_campaign.created"
CAMPAIGN_UPDATED = "donation_campaign.updated"
CAMPAIGN_OPENED = "donation_campaign.opened"
CAMPAIGN_CLOSED = "donation_campaign.closed"
CAMPAIGN_REOPENED = "donation_campaign.reopened"
CAMPAIGN_HANDED_OVER = "donation_campaign.handed_over"
DONATION_RECORDED = "donation.recorded"
DONATION_REPORTED = "donation.reported"
DONATION_CONFIRMED = "donation.confirmed"
DONATION_REJECTED = "donation.rejected"
DONATION_CANCELLED = "donation.cancelled"
BATCH_POSTED = "donation_batch.posted"
DONATIONS_EXPORTED = "donation.exported"

LABELS = {
    CAMPAIGN_CREATED: _("Donation campaign created"),
    CAMPAIGN_UPDATED: _("Donation campaign changed"),
    CAMPAIGN_OPENED: _("Donation campaign opened"),
    CAMPAIGN_CLOSED: _("Donation campaign closed"),
    CAMPAIGN_REOPENED: _("Donation campaign reopened"),
    CAMPAIGN_HANDED_OVER: _("Donations handed over to the recipient"),
    DONATION_RECORDED: _("Donation recorded"),
    DONATION_REPORTED: _("Donation reported by the donor"),
    DONATION_CONFIRMED: _("Donation confirmed"),
    DONATION_REJECTED: _("Donation report rejected"),
    DONATION_CANCELLED: _("Donation cancelled and refunded"),
    BATCH_POSTED: _("Donations posted to the books"),
    DONATIONS_EXPORTED: _("Donations exported"),
}
