"""Simultaneous sign-offs and confirmations, each thread with its own connection and durable
transaction, released together at a barrier. On PostgreSQL the rows are locked for real (the
sign-off is one conditional UPDATE; the confirmation locks the people); on SQLite a
transaction takes the write lock at BEGIN. Either way: exactly one sign-off wins, and two
batches racing for the same people cannot both pass the yearly cap.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.db.models import Sum

from tongxin.benefits import services
from tongxin.benefits.choices import ReceiptStatus
from tongxin.benefits.models import BenefitReceipt
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.participation.models import Participation
from tongxin.testing.funds import fund_books
from tongxin.testing.personas import SYSTEM

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
YEAR = 2021


def _attempt(work):
    """Run ``work``; on SQLite's in-memory test database, wait out a held lock and retry."""
    for _attempt_number in range(400):
        try:
            return work()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def _race(workers):
    barrier = threading.Barrier(len(workers))
    results, errors = [], []
    lock = threading.Lock()

    def run(work):
        try:
            barrier.wait(timeout=10)
            value = _attempt(work)
            with lock:
                results.append(value)
        except DomainError as error:
            with lock:
                errors.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def _batch(cast, **overrides):
    data = {
        "school": cast.school,
        "title": "Spring Festival gift pack",
        "goods": "Rice and oil",
        "unit_cost_fen": 120_000,
        "cutoff_on": dt.date(YEAR, 1, 20),
        "distribute_on": dt.date(YEAR, 2, 5),
        "festival": "spring_festival",
    }
    data.update(overrides)
    return services.benefit_batch_create(actor=SYSTEM, **data)


def test_concurrent_sign_offs_exactly_one_wins(cast):
    fund_books(cast, year=YEAR)
    batch = services.benefit_batch_confirm(actor=SYSTEM, batch=_batch(cast))
    receipt = BenefitReceipt.objects.get(batch=batch, person=cast.people["branch_a_member"])
    member, liaison, chair = (
        cast.actor("branch_a_member"),
        cast.actor("branch_a_liaison"),
        cast.actor("branch_a_chair"),
    )

    def by(actor, proxy=""):
        def work():
            fresh = BenefitReceipt.objects.select_related("node").get(pk=receipt.pk)
            return services.benefit_receipt_sign(actor=actor, receipt=fresh, proxy_name=proxy).pk

        return work

    results, errors = _race([by(member), by(liaison, "Wang"), by(chair, "Li"), by(member)])
    assert len(results) == 1
    assert errors == ["already_signed"] * 3
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.SIGNED
    assert AuditEvent.objects.filter(event="benefit_receipt.signed").count() == 1


def test_two_batches_racing_cannot_pass_the_cap(cast):
    fund_books(cast, year=YEAR)
    first = _batch(cast, audience_node=cast.group_a1)
    second = _batch(
        cast, audience_node=cast.group_a1, festival="mid_autumn", distribute_on=dt.date(YEAR, 9, 20)
    )

    def confirm(batch):
        return lambda: services.benefit_batch_confirm(actor=SYSTEM, batch=batch).pk

    results, errors = _race([confirm(first), confirm(second)])
    assert len(results) == 1
    assert errors == ["cap_exceeded"]
    total = Participation.objects.filter(
        person=cast.people["branch_a_member"], kind="benefit"
    ).aggregate(s=Sum("amount_fen"))["s"]
    assert total == 120_000
