"""Funds: the only writer of money.

Fund categories come from a versioned chart loaded from data; every yuan moves through
``ledger_post`` as a balanced entry in integer fen and is corrected only by ``ledger_reverse``.
Budgets (versions approved through the ``funds.budget`` flow) and policy caps are checked
under lock before money moves. Re-exported here: ``from tongxin.funds import services``.

Building blocks for domain apps (join the caller's transaction, no permission check of their
own): ``ledger_post``, ``ledger_post_expense``, ``ledger_post_income``, ``ledger_post_transfer``,
``ledger_post_pass_through_in`` / ``_out``, ``ledger_reverse``, ``holiday_cap_check``.
"""

from .accounts import account_ensure, fund_node_of
from .allocations import allocation_post, allocation_rule_set
from .books import fund_books_open
from .budgets import (
    BUDGET_FLOW,
    budget_flow_ensure,
    budget_line_remove,
    budget_line_set,
    budget_version_create,
    budget_version_decide,
    budget_version_submit,
    budget_version_withdraw,
)
from .caps import holiday_cap_check
from .chart import chart_load
from .entries import dues_receipt_record, entry_reverse, expense_record, income_record, may_spend
from .exports import funds_report_export
from .ledger import LineSpec, SourceRef, ledger_post, ledger_reverse
from .opinions import audit_opinion_add
from .policy import (
    CareStandardSpec,
    PolicySpec,
    default_policy_spec,
    policy_version_create,
    spec_of,
)
from .postings import (
    BANK_CATEGORY_KEY,
    DONATIONS_CATEGORY_KEY,
    ledger_post_expense,
    ledger_post_income,
    ledger_post_pass_through_in,
    ledger_post_pass_through_out,
    ledger_post_transfer,
)
from .trail import trail_verify

__all__ = [
    "BANK_CATEGORY_KEY",
    "BUDGET_FLOW",
    "DONATIONS_CATEGORY_KEY",
    "CareStandardSpec",
    "LineSpec",
    "PolicySpec",
    "SourceRef",
    "account_ensure",
    "allocation_post",
    "allocation_rule_set",
    "audit_opinion_add",
    "budget_flow_ensure",
    "budget_line_remove",
    "budget_line_set",
    "budget_version_create",
    "budget_version_decide",
    "budget_version_submit",
    "budget_version_withdraw",
    "chart_load",
    "default_policy_spec",
    "dues_receipt_record",
    "entry_reverse",
    "expense_record",
    "fund_books_open",
    "fund_node_of",
    "funds_report_export",
    "holiday_cap_check",
    "income_record",
    "ledger_post",
    "ledger_post_expense",
    "ledger_post_income",
    "ledger_post_pass_through_in",
    "ledger_post_pass_through_out",
    "ledger_post_transfer",
    "ledger_reverse",
    "may_spend",
    "policy_version_create",
    "spec_of",
    "trail_verify",
]
