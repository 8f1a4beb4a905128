"""Benefits fixtures: open books for 2021 and batches built through the services."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tongxin.benefits import services
from tongxin.benefits.models import BenefitBatch, BenefitReceipt
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM, Cast

YEAR = 2021
SPRING = dt.date(2021, 2, 5)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def books(cast: Cast):
    return fund_books(cast, year=YEAR)


@pytest.fixture
def make_batch(cast: Cast, books) -> Callable[..., BenefitBatch]:
    def _make(*, confirm: bool = False, actor: Any = SYSTEM, **overrides: Any) -> BenefitBatch:
        data: dict[str, Any] = {
            "school": cast.school,
            "title": "Spring Festival gift pack",
            "goods": "Rice, oil and fruit",
            "unit_cost_fen": 50_000,
            "cutoff_on": dt.date(2021, 1, 20),
            "distribute_on": SPRING,
            "festival": "spring_festival",
            "supplier": "Campus co-op",
        }
        data.update(overrides)
        batch = services.benefit_batch_create(actor=actor, **data)
        if confirm:
            batch = services.benefit_batch_confirm(actor=actor, batch=batch)
        return batch

    return _make


@pytest.fixture
def batch(make_batch) -> BenefitBatch:
    return make_batch(confirm=True)


@pytest.fixture
def receipt_of(batch: BenefitBatch, cast: Cast) -> Callable[[str], BenefitReceipt]:
    def _get(persona: str) -> BenefitReceipt:
        return BenefitReceipt.objects.select_related("node", "batch").get(
            batch=batch, person=cast.people[persona]
        )

    return _get
