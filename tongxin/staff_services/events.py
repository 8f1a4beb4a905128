"""Audit event kinds of staff services."""

from django.utils.translation import gettext_lazy as _

POLICY_CREATED = "insurance_policy.created"
POLICY_UPDATED = "insurance_policy.updated"
POLICY_DELETED = "insurance_policy.deleted"
COVER_ITEM_ADDED = "cover_item.added"
COVER_ITEM_REMOVED = "cover_item.removed"
INSURED_ADDED = "insured_person.added"
INSURED_IMPORTED = "insured_person.imported"
INSURED_REMOVED = "insured_person.removed"
PREMIUM_POSTED = "insurance_policy.premium_posted"
CLAIM_REPORTED = "insurance_claim.reported"
CLAIM_SUBMITTED = "insurance_claim.submitted"
CLAIM_PAID = "insurance_claim.paid"
CLAIM_REFUSED = "insurance_claim.refused"
PLACE_APPLIED = "school_place_application.submitted"
PLACE_FORWARDED = "school_place_application.forwarded"
PLACE_PLACED = "school_place_application.placed"
PLACE_NOT_PLACED = "school_place_application.not_placed"
ROSTER_EXPORTED = "insured_person.exported"
PLACES_EXPORTED = "school_place_application.exported"

LABELS = {
    POLICY_CREATED: _("Insurance policy created"),
    POLICY_UPDATED: _("Insurance policy changed"),
    POLICY_DELETED: _("Insurance policy deleted"),
    COVER_ITEM_ADDED: _("Cover item added"),
    COVER_ITEM_REMOVED: _("Cover item removed"),
    INSURED_ADDED: _("Person added to the insured roster"),
    INSURED_IMPORTED: _("Insured roster imported from the members"),
    INSURED_REMOVED: _("Person removed from the insured roster"),
    PREMIUM_POSTED: _("Insurance premium posted"),
    CLAIM_REPORTED: _("Insurance claim reported"),
    CLAIM_SUBMITTED: _("Insurance claim submitted to the insurer"),
    CLAIM_PAID: _("Insurance claim paid"),
    CLAIM_REFUSED: _("Insurance claim refused"),
    PLACE_APPLIED: _("School-place application submitted"),
    PLACE_FORWARDED: _("School-place application forwarded to the bureau"),
    PLACE_PLACED: _("Child placed"),
    PLACE_NOT_PLACED: _("Child not placed"),
    ROSTER_EXPORTED: _("Insured roster exported"),
    PLACES_EXPORTED: _("School-place list exported"),
}
