"""Audit event kinds of holiday benefits."""

from django.utils.translation import gettext_lazy as _

BATCH_CREATED = "benefit_batch.created"
BATCH_UPDATED = "benefit_batch.updated"
BATCH_CONFIRMED = "benefit_batch.confirmed"
BATCH_CANCELLED = "benefit_batch.cancelled"
BATCH_CLOSED = "benefit_batch.closed"
CAP_OVERRIDDEN = "benefit_batch.cap_overridden"
RECEIPT_SIGNED = "benefit_receipt.signed"
RECEIPT_REISSUED = "benefit_receipt.reissued"
RECEIPT_UNDELIVERED = "benefit_receipt.undelivered"
RECEIPT_MAILED = "benefit_receipt.mailed"
PICKUP_EXPORTED = "benefit_batch.pickup_exported"

LABELS = {
    BATCH_CREATED: _("Benefit batch created"),
    BATCH_UPDATED: _("Benefit batch changed"),
    BATCH_CONFIRMED: _("Benefit batch confirmed"),
    BATCH_CANCELLED: _("Benefit batch cancelled"),
    BATCH_CLOSED: _("Benefit batch closed"),
    CAP_OVERRIDDEN: _("Yearly cap overridden"),
    RECEIPT_SIGNED: _("Benefit signed for"),
    RECEIPT_REISSUED: _("Benefit receipt re-issued"),
    RECEIPT_UNDELIVERED: _("Benefit marked not delivered"),
    RECEIPT_MAILED: _("Benefit mailed out"),
    PICKUP_EXPORTED: _("Pickup list exported"),
}
