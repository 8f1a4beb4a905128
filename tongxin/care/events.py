"""Audit event kinds of care."""

from django.utils.translation import gettext_lazy as _

VISIT_FILED = "care_visit.filed"
VISIT_DECIDED = "care_visit.decided"
VISIT_PAID = "care_visit.paid"
VISIT_REJECTED = "care_visit.rejected"
VISIT_WITHDRAWN = "care_visit.withdrawn"
VISIT_CONSENT_SET = "care_visit.consent_set"
VISIT_HEALTH_VIEWED = "care_visit.health_viewed"
VISIT_BUDGET_OVERRIDDEN = "care_visit.budget_override_authorised"
VISITS_EXPORTED = "care_visit.exported"
ATTACHMENT_ADDED = "care_attachment.added"
ATTACHMENT_DOWNLOADED = "care_attachment.downloaded"
HARDSHIP_APPLIED = "hardship_file.applied"
HARDSHIP_VERIFIED = "hardship_file.verified"
HARDSHIP_APPROVED = "hardship_file.approved"
HARDSHIP_REVERIFIED = "hardship_file.reverified"
HARDSHIP_CLOSED = "hardship_file.closed"
HARDSHIP_VIEWED = "hardship_file.viewed"
THRESHOLDS_SET = "hardship_thresholds.set"
WAIVER_REQUESTED = "tuition_waiver.requested"
WAIVER_SUBMITTED = "tuition_waiver.submitted"
WAIVER_DECIDED = "tuition_waiver.decided"

LABELS = {
    VISIT_FILED: _("Care visit filed"),
    VISIT_DECIDED: _("Care visit step decided"),
    VISIT_PAID: _("Care visit paid"),
    VISIT_REJECTED: _("Care visit rejected"),
    VISIT_WITHDRAWN: _("Care visit withdrawn"),
    VISIT_CONSENT_SET: _("Disclosure consent recorded"),
    VISIT_HEALTH_VIEWED: _("Health details viewed"),
    VISIT_BUDGET_OVERRIDDEN: _("Payment beyond the budget authorised"),
    VISITS_EXPORTED: _("Care visits exported"),
    ATTACHMENT_ADDED: _("Attachment added"),
    ATTACHMENT_DOWNLOADED: _("Attachment downloaded"),
    HARDSHIP_APPLIED: _("Hardship application filed"),
    HARDSHIP_VERIFIED: _("Hardship application verified"),
    HARDSHIP_APPROVED: _("Hardship file approved"),
    HARDSHIP_REVERIFIED: _("Hardship file re-verified"),
    HARDSHIP_CLOSED: _("Hardship file closed"),
    HARDSHIP_VIEWED: _("Hardship file details viewed"),
    THRESHOLDS_SET: _("Hardship thresholds set"),
    WAIVER_REQUESTED: _("Tuition waiver requested"),
    WAIVER_SUBMITTED: _("Tuition waiver submitted to the school"),
    WAIVER_DECIDED: _("School decision on a tuition waiver recorded"),
}
