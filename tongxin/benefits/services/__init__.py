"""Holiday benefits: every write goes through here (access check, rules, audit, one transaction)."""

from .batches import (
    BatchPlan,
    benefit_batch_cancel,
    benefit_batch_close,
    benefit_batch_confirm,
    benefit_batch_create,
    benefit_batch_from_activity,
    benefit_batch_update,
)
from .exports import pickup_list_export
from .receipts import (
    SheetEntry,
    benefit_receipt_find,
    benefit_receipt_mail_out,
    benefit_receipt_mark_undelivered,
    benefit_receipt_reissue,
    benefit_receipt_sign,
    benefit_receipts_sign_sheet,
)

__all__ = [
    "BatchPlan",
    "SheetEntry",
    "benefit_batch_cancel",
    "benefit_batch_close",
    "benefit_batch_confirm",
    "benefit_batch_create",
    "benefit_batch_from_activity",
    "benefit_batch_update",
    "benefit_receipt_find",
    "benefit_receipt_mail_out",
    "benefit_receipt_mark_undelivered",
    "benefit_receipt_reissue",
    "benefit_receipt_sign",
    "benefit_receipts_sign_sheet",
    "pickup_list_export",
]
