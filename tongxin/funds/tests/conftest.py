"""Fixtures of the funds tests: the cast with its books open and budgets approved."""

import datetime as dt

import pytest

from tongxin.core.models import AuditEvent
from tongxin.funds import models
from tongxin.testing.funds import FundBooks, fund_books

YEAR = 2021
DAY = dt.date(YEAR, 3, 15)


@pytest.fixture
def books(cast) -> FundBooks:
    return fund_books(cast, year=YEAR)


def counts() -> dict[str, int]:
    """Row counts of everything a funds service may write (for "nothing changed" checks)."""
    tracked = [
        models.JournalEntry,
        models.JournalLine,
        models.FundAccount,
        models.Budget,
        models.BudgetVersion,
        models.BudgetLine,
        models.PolicySet,
        models.CareStandard,
        models.AllocationRule,
        models.BranchAllocation,
        models.AuditOpinion,
        AuditEvent,
    ]
    from tongxin.approvals.models import ApprovalDecision, ApprovalRequest

    tracked += [ApprovalRequest, ApprovalDecision]
    result = {m.__name__: m.objects.count() for m in tracked}
    result["balances"] = sum(models.FundAccount.objects.values_list("balance_fen", flat=True))
    return result
