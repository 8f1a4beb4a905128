"""Who may do what in holiday benefits.

- The union office plans batches (create, confirm, cancel, close) and may override the yearly
  cap for a person with a reason; it sees and signs for every receipt.
- The finance officer and the audit committee read batches and receipts (school-wide).
- A branch's liaison and chair see their branch's pickup list, sign for members (naming who
  collected), scan a member's code, mail goods out, mark them undelivered or re-issue a lost
  receipt, and export the list, all only within their branch.
- A member sees and confirms their own receipts.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class BenefitsPermission(StrEnum):
    VIEW_BATCH = "benefits.view_batch"
    MANAGE_BATCH = "benefits.manage_batch"
    OVERRIDE_CAP = "benefits.override_cap"
    VIEW_RECEIPT = "benefits.view_receipt"
    SIGN_RECEIPT = "benefits.sign_receipt"
    SIGN_FOR_MEMBER = "benefits.sign_for_member"
    MANAGE_RECEIPT = "benefits.manage_receipt"
    EXPORT_PICKUP = "benefits.export_pickup"


P = BenefitsPermission

_BRANCH = {P.VIEW_RECEIPT, P.SIGN_FOR_MEMBER, P.MANAGE_RECEIPT, P.EXPORT_PICKUP}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: set(_BRANCH),
    Role.BRANCH_CHAIR: set(_BRANCH),
    Role.UNION_OFFICE: {
        P.VIEW_BATCH,
        P.MANAGE_BATCH,
        P.OVERRIDE_CAP,
        *_BRANCH,
    },
    Role.FINANCE_OFFICER: {P.VIEW_BATCH, P.VIEW_RECEIPT, P.EXPORT_PICKUP},
    Role.AUDIT_COMMITTEE: {P.VIEW_BATCH, P.VIEW_RECEIPT, P.EXPORT_PICKUP},
}

OWN_PERMISSIONS: set[str] = {P.VIEW_RECEIPT, P.SIGN_RECEIPT}
