"""Who may do what with union funds.

The finance officer keeps the books (postings, reversals, budget drafts); the union office
approves budgets (the school step of the ``funds.budget`` flow), posts branch allocations and
may override a budget line with a written reason; the audit committee reviews budgets,
reads everything and records audit opinions; a branch chair sees and spends their branch's
sub-account. Members see only the aggregated disclosure and the public standards.
"""

from enum import StrEnum

from tongxin.orgs.choices import Role


class FundsPermission(StrEnum):
    VIEW_LEDGER = "funds.view_ledger"
    POST_ENTRY = "funds.post_entry"
    REVERSE_ENTRY = "funds.reverse_entry"
    SPEND_BRANCH = "funds.spend_branch"
    OVERRIDE_BUDGET = "funds.override_budget"
    OPEN_BOOKS = "funds.open_books"
    VIEW_BUDGET = "funds.view_budget"
    MANAGE_BUDGET = "funds.manage_budget"
    REVIEW_BUDGET = "funds.review_budget"
    VIEW_POLICY = "funds.view_policy"
    MANAGE_POLICY = "funds.manage_policy"
    MANAGE_ALLOCATION = "funds.manage_allocation"
    POST_ALLOCATION = "funds.post_allocation"
    EXPORT_REPORT = "funds.export_report"
    VIEW_AUDIT_OPINION = "funds.view_audit_opinion"
    ADD_AUDIT_OPINION = "funds.add_audit_opinion"
    VIEW_DISCLOSURE = "funds.view_disclosure"
    VERIFY_TRAIL = "funds.verify_trail"


P = FundsPermission
_READ = {P.VIEW_LEDGER, P.VIEW_BUDGET, P.VIEW_POLICY, P.EXPORT_REPORT, P.VIEW_AUDIT_OPINION}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.FINANCE_OFFICER: _READ
    | {
        P.POST_ENTRY,
        P.REVERSE_ENTRY,
        P.SPEND_BRANCH,
        P.OPEN_BOOKS,
        P.MANAGE_BUDGET,
        P.MANAGE_POLICY,
        P.MANAGE_ALLOCATION,
    },
    Role.UNION_OFFICE: _READ
    | {
        P.OVERRIDE_BUDGET,
        P.OPEN_BOOKS,
        P.MANAGE_POLICY,
        P.MANAGE_ALLOCATION,
        P.POST_ALLOCATION,
        P.VERIFY_TRAIL,
    },
    # Read-only on everything, plus the budget review step, the audit opinion and the check
    # of the tamper-evident trail.
    Role.AUDIT_COMMITTEE: _READ | {P.REVIEW_BUDGET, P.ADD_AUDIT_OPINION, P.VERIFY_TRAIL},
    Role.BRANCH_CHAIR: {
        P.VIEW_LEDGER,
        P.VIEW_BUDGET,
        P.VIEW_POLICY,
        P.EXPORT_REPORT,
        P.SPEND_BRANCH,
    },
    Role.LIAISON: {P.VIEW_POLICY},
}

# Any member may read the aggregated disclosure and the standards that apply to them.
OWN_PERMISSIONS: set[str] = {P.VIEW_DISCLOSURE}
