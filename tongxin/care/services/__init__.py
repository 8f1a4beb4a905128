"""Care services: every rule of care visits, hardship files and tuition waivers."""

from .common import MAX_UPLOAD_BYTES, Upload
from .hardship import (
    HardshipInputs,
    hardship_classify,
    hardship_file_apply,
    hardship_file_approve,
    hardship_file_close,
    hardship_file_reverify,
    hardship_file_verify,
    hardship_situation_read,
    hardship_thresholds_set,
)
from .visits import (
    care_attachment_add,
    care_attachment_read,
    care_visit_budget_override,
    care_visit_consent_set,
    care_visit_decide,
    care_visit_file,
    care_visit_health,
    care_visit_withdraw,
)
from .waivers import tuition_waiver_decide, tuition_waiver_request, tuition_waiver_submit

__all__ = [
    "MAX_UPLOAD_BYTES",
    "HardshipInputs",
    "Upload",
    "care_attachment_add",
    "care_attachment_read",
    "care_visit_budget_override",
    "care_visit_consent_set",
    "care_visit_decide",
    "care_visit_file",
    "care_visit_health",
    "care_visit_withdraw",
    "hardship_classify",
    "hardship_file_apply",
    "hardship_file_approve",
    "hardship_file_close",
    "hardship_file_reverify",
    "hardship_file_verify",
    "hardship_situation_read",
    "hardship_thresholds_set",
    "tuition_waiver_decide",
    "tuition_waiver_request",
    "tuition_waiver_submit",
]
