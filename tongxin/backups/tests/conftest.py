"""A data set for the restore drill: the cast, open books, postings and a care visit."""

import copy
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

from tongxin.funds import services as funds
from tongxin.funds.services import SourceRef
from tongxin.testing.burst import SQLITE_OPTIONS
from tongxin.testing.care import file_visit
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import Cast

DIAGNOSIS = "Fracture of the left wrist"


@pytest.fixture
def drill_data(cast: Cast) -> Cast:
    fund_books(cast, year=2021, branch_funds_fen=1_000_000)
    for number in range(3):
        funds.ledger_post_expense(
            actor=cast.actor("system"),
            node=cast.branch_a,
            category_key="expense.staff_activities.culture_sports",
            amount_fen=1000 + number,
            entry_on=dt.date(2021, 3, 15),
            memo="Shuttlecocks",
            source=SourceRef("tests.drill", str(number)),
        )
    file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"], diagnosis=DIAGNOSIS)
    return cast


@contextmanager
def bound_to(path: Path) -> Iterator[None]:
    """Point this thread's default connection at the SQLite file ``path`` for a while."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = dict(SQLITE_OPTIONS)
    connections["default"] = type(original)(settings_dict, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original
