"""The yearly cap is never exceeded, in any order of batch confirmations (hypothesis).

Each example runs in a block that is rolled back, so examples do not see each other. Batches
of random cost and audience are confirmed in a random order (over-cap people excluded), with
some receipts marked not delivered and re-issued between confirmations. After every step:
nobody's holiday total passes the cap, and each person's total equals the value of their
festival receipts still counting as given.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongxin.benefits import services
from tongxin.benefits.choices import GIVEN_STATUSES
from tongxin.benefits.models import BenefitReceipt
from tongxin.core.errors import DomainError
from tongxin.funds.queries.policy import holiday_benefit_total_fen, holiday_cap_fen
from tongxin.members.models import Person
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM

YEAR = 2021
FESTIVALS = [
    "new_year",
    "spring_festival",
    "labour_day",
    "dragon_boat",
    "mid_autumn",
    "national_day",
]
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

batch_specs = st.lists(
    st.tuples(st.integers(1, 120_000), st.integers(0, 3), st.sampled_from(FESTIVALS)),
    min_size=1,
    max_size=6,
)
steps = st.lists(
    st.tuples(st.sampled_from(["undelivered", "reissue"]), st.integers(0, 50)), max_size=4
)


class Rollback(Exception):
    pass


def _example_block():
    """A block the durable services may run inside (as a test case's own block is)."""
    block = transaction.atomic()
    block._from_testcase = True  # the services' durable blocks nest in it, as in a TestCase
    return block


@pytest.fixture
def books(cast):
    return fund_books(cast, year=YEAR)


def _check(cast):
    ids = list(Person.objects.values_list("pk", flat=True))
    cap = holiday_cap_fen(school=cast.school, on=dt.date(YEAR, 6, 1))
    totals = holiday_benefit_total_fen(person_ids=ids, year=YEAR)
    assert all(total <= cap for total in totals.values())
    given_values = dict(
        BenefitReceipt.objects.filter(status__in=GIVEN_STATUSES, batch__source="festival")
        .values("person_id")
        .annotate(s=Sum("value_fen"))
        .values_list("person_id", "s")
    )
    assert totals == given_values


@HYPOTHESIS
@given(specs=batch_specs, order=st.randoms(use_true_random=False), between=steps)
def test_cap_never_exceeded(cast, books, specs, order, between):
    audiences = [cast.school, cast.branch_a, cast.branch_b, cast.group_a1]
    try:
        with _example_block():
            drafts = [
                services.benefit_batch_create(
                    actor=SYSTEM,
                    school=cast.school,
                    title=f"Batch {index}",
                    goods="Goods",
                    unit_cost_fen=cost,
                    cutoff_on=dt.date(YEAR, 1, 1),
                    distribute_on=dt.date(YEAR, 1 + index, 10),
                    festival=festival,
                    audience_node=audiences[audience],
                )
                for index, (cost, audience, festival) in enumerate(specs)
            ]
            order.shuffle(drafts)
            refused: list[str] = []
            for index, draft in enumerate(drafts):
                try:
                    services.benefit_batch_confirm(actor=SYSTEM, batch=draft, exclude_over_cap=True)
                except DomainError as error:
                    refused.append(error.code)
                _check(cast)
                if index < len(between):
                    action, pick = between[index]
                    receipts = list(BenefitReceipt.objects.order_by("pk"))
                    if receipts:
                        receipt = receipts[pick % len(receipts)]
                        try:
                            if action == "undelivered":
                                services.benefit_receipt_mark_undelivered(
                                    actor=SYSTEM, receipt=receipt
                                )
                            else:
                                services.benefit_receipt_reissue(actor=SYSTEM, receipt=receipt)
                        except DomainError as error:
                            refused.append(error.code)
                        _check(cast)
            assert set(refused) <= {"no_recipients", "cap_exceeded", "invalid_transition"}
            raise Rollback
    except Rollback:
        pass
