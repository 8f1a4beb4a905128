"""Permissions that approval steps name. A step at branch level is decided by the branch chair
(or the union office above it); the school step by the union office; the finance step by the
finance officer."""

from enum import StrEnum

from tongxin.orgs.choices import Role


class ApprovalsPermission(StrEnum):
    VIEW_REQUEST = "approvals.view_request"
    DECIDE_BRANCH_STEP = "approvals.decide_branch_step"
    DECIDE_SCHOOL_STEP = "approvals.decide_school_step"
    DECIDE_FINANCE_STEP = "approvals.decide_finance_step"


P = ApprovalsPermission
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.LIAISON: {P.VIEW_REQUEST},
    Role.BRANCH_CHAIR: {P.VIEW_REQUEST, P.DECIDE_BRANCH_STEP},
    Role.UNION_OFFICE: {P.VIEW_REQUEST, P.DECIDE_BRANCH_STEP, P.DECIDE_SCHOOL_STEP},
    Role.FINANCE_OFFICER: {P.VIEW_REQUEST, P.DECIDE_FINANCE_STEP},
    Role.AUDIT_COMMITTEE: {P.VIEW_REQUEST},
}
# Requesters follow their own requests.
OWN_PERMISSIONS: set[str] = {P.VIEW_REQUEST}
