"""Every change to staff services: insurance policies, roster, premium, claims, school places.

The functions live in sub-modules by entity and are re-exported here, so callers write
``from tongxin.staff_services import services`` and ``services.insurance_premium_post(...)``.
"""

from .claims import insurance_claim_report, insurance_claim_settle, insurance_claim_submit
from .exports import insured_roster_export, school_place_export
from .insurance import (
    PREMIUM_CATEGORY_KEY,
    cover_item_add,
    cover_item_remove,
    insurance_policy_create,
    insurance_policy_delete,
    insurance_policy_update,
    insurance_premium_post,
    insured_person_add,
    insured_person_remove,
    insured_roster_import,
)
from .school_places import (
    check_child,
    school_place_apply,
    school_place_decide,
    school_place_forward,
    school_year_for,
)

__all__ = [
    "PREMIUM_CATEGORY_KEY",
    "check_child",
    "cover_item_add",
    "cover_item_remove",
    "insurance_claim_report",
    "insurance_claim_settle",
    "insurance_claim_submit",
    "insurance_policy_create",
    "insurance_policy_delete",
    "insurance_policy_update",
    "insurance_premium_post",
    "insured_person_add",
    "insured_person_remove",
    "insured_roster_export",
    "insured_roster_import",
    "school_place_apply",
    "school_place_decide",
    "school_place_export",
    "school_place_forward",
    "school_year_for",
]
