"""Care fixtures: the cast with open books (2021) and money in both branches' funds."""

import pytest

from tongxin.approvals.models import ApprovalDecision, ApprovalRequest
from tongxin.care import models
from tongxin.core.models import AuditEvent
from tongxin.funds.models import JournalEntry
from tongxin.participation.models import Participation
from tongxin.testing.funds import FundBooks, fund_books

YEAR = 2021


@pytest.fixture
def books(cast) -> FundBooks:
    return fund_books(cast, year=YEAR, branch_funds_fen=1_000_000)


def counts() -> dict[str, int]:
    """Rows of everything a care service may write (for "nothing changed" checks)."""
    tracked = [
        models.CareVisit,
        models.CareAttachment,
        models.HardshipFile,
        models.HardshipThresholds,
        models.TuitionWaiver,
        ApprovalRequest,
        ApprovalDecision,
        JournalEntry,
        Participation,
        AuditEvent,
    ]
    return {m.__name__: m.objects.count() for m in tracked}
