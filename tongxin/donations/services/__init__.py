"""Every change to donations: campaigns, donations, bulk entry, hand-over, export.

Re-exported here: callers write ``from tongxin.donations import services``.
"""

from .bulk import BulkPlan, PlannedRow, donation_bulk_apply, donation_bulk_plan
from .campaigns import (
    campaign_close,
    campaign_create,
    campaign_hand_over,
    campaign_open,
    campaign_reopen,
    campaign_update,
)
from .common import MAX_AMOUNT_FEN
from .donations import (
    donation_cancel,
    donation_confirm,
    donation_record,
    donation_reject,
    donation_report,
)
from .exports import donation_export

__all__ = [
    "MAX_AMOUNT_FEN",
    "BulkPlan",
    "PlannedRow",
    "campaign_close",
    "campaign_create",
    "campaign_hand_over",
    "campaign_open",
    "campaign_reopen",
    "campaign_update",
    "donation_bulk_apply",
    "donation_bulk_plan",
    "donation_cancel",
    "donation_confirm",
    "donation_export",
    "donation_record",
    "donation_reject",
    "donation_report",
]
