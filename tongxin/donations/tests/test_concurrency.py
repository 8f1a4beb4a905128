"""Receipt numbers stay sequential and unique when liaisons record at the same moment.

Real threads with their own connections and transactions start together at a barrier; the
campaign row is locked (SELECT … FOR UPDATE) while a receipt number is issued.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection

from tongxin.core.errors import DomainError
from tongxin.donations import services
from tongxin.donations.choices import Channel
from tongxin.donations.models import Donation

from .conftest import DAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 6


def _attempt(work):
    """On SQLite's in-memory shared-cache test database a held lock answers "locked" at once;
    retrying the whole transaction is what a busy wait amounts to. PostgreSQL waits on the
    row lock instead and needs no retry."""
    for _attempt_number in range(400):
        try:
            return work()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def test_receipt_numbers_are_unique_under_concurrency(cast, campaign):
    barrier = threading.Barrier(WORKERS)
    errors: list[str] = []
    people = [cast.people["branch_a_member"], cast.people["branch_b_member"]]

    def work(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            _attempt(
                lambda: services.donation_record(
                    actor=cast.actor("office_admin"),
                    campaign=campaign,
                    person=people[index % 2],
                    amount_fen=100 + index,
                    donated_on=DAY,
                    channel=Channel.CASH,
                )
            )
        except DomainError as error:
            errors.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    seqs = sorted(Donation.objects.values_list("receipt_seq", flat=True))
    assert seqs == list(range(1, WORKERS + 1))
    numbers = set(Donation.objects.values_list("receipt_number", flat=True))
    assert len(numbers) == WORKERS
