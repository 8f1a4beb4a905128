"""Models of the funds app, one module per entity group."""

from .allocation import AllocationRule, BranchAllocation
from .budget import Budget, BudgetLine, BudgetVersion
from .chart import FundCategory, FundChart
from .ledger import FundAccount, JournalEntry, JournalLine
from .opinion import AuditOpinion
from .policy import CareStandard, PolicySet

__all__ = [
    "AllocationRule",
    "AuditOpinion",
    "BranchAllocation",
    "Budget",
    "BudgetLine",
    "BudgetVersion",
    "CareStandard",
    "FundAccount",
    "FundCategory",
    "FundChart",
    "JournalEntry",
    "JournalLine",
    "PolicySet",
]
