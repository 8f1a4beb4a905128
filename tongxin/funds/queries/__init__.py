"""Every read of the funds app, re-exported: ``from tongxin.funds import queries``.

Domain apps use the policy reads (``policy_in_force``, ``care_standard``,
``holiday_cap_fen``, ``festival_allowed``, ``holiday_benefit_total_fen``),
``budget_remaining_fen`` and ``entries_for_source`` / ``live_entry_for_source``.
"""

from .allocations import (
    AllocationRow,
    allocation_compute,
    allocation_rule_get,
    allocation_rule_list,
    branch_allocation_list,
    live_allocations,
)
from .budgets import (
    budget_approval,
    budget_in_force_number,
    budget_list,
    budget_remaining_fen,
    budget_version_get,
)
from .common import (
    default_fund_node,
    fiscal_years,
    fund_category_list,
    fund_node_get,
    fund_nodes,
    latest_year,
)
from .ledger import (
    LedgerFilters,
    entries_for_source,
    fund_account_list,
    journal_entry_get,
    journal_entry_list,
    ledger_line_list,
    live_entry_for_source,
)
from .opinions import audit_opinion_list
from .policy import (
    care_standard,
    festival_allowed,
    holiday_benefit_total_fen,
    holiday_cap_fen,
    policy_get,
    policy_in_force,
    policy_version_list,
)
from .reports import (
    BudgetRow,
    NodeBudget,
    SettlementRow,
    Statement,
    StatementRow,
    budget_vs_actual,
    disclosure_statement,
    disclosure_years,
    fund_settlement,
    income_expense_statement,
)
from .trail import ChainStatus, trail_status

__all__ = [
    "AllocationRow",
    "BudgetRow",
    "ChainStatus",
    "LedgerFilters",
    "NodeBudget",
    "SettlementRow",
    "Statement",
    "StatementRow",
    "allocation_compute",
    "allocation_rule_get",
    "allocation_rule_list",
    "audit_opinion_list",
    "branch_allocation_list",
    "budget_approval",
    "budget_in_force_number",
    "budget_list",
    "budget_remaining_fen",
    "budget_version_get",
    "budget_vs_actual",
    "care_standard",
    "default_fund_node",
    "disclosure_statement",
    "disclosure_years",
    "entries_for_source",
    "festival_allowed",
    "fiscal_years",
    "fund_account_list",
    "fund_category_list",
    "fund_node_get",
    "fund_nodes",
    "fund_settlement",
    "holiday_benefit_total_fen",
    "holiday_cap_fen",
    "income_expense_statement",
    "journal_entry_get",
    "journal_entry_list",
    "latest_year",
    "ledger_line_list",
    "live_allocations",
    "live_entry_for_source",
    "policy_get",
    "policy_in_force",
    "policy_version_list",
    "trail_status",
]
