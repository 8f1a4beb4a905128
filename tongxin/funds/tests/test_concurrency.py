"""Concurrent postings against one budget line, one cap and one entry.

Real threads, each with its own database connection and its own durable transaction, start
together at a barrier. On PostgreSQL the budget line, account and person rows are locked
with SELECT … FOR UPDATE; on SQLite a transaction takes the write lock at BEGIN
(IMMEDIATE). Either way the invariant is the same: only what fits gets through.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction
from django.db.models import Sum

from tongxin.core.errors import DomainError
from tongxin.funds import services
from tongxin.funds.models import FundAccount, JournalEntry, JournalLine
from tongxin.orgs.models import OrgNode
from tongxin.participation.choices import ParticipationKind
from tongxin.participation.models import Participation
from tongxin.participation.services import participation_record
from tongxin.testing.funds import fund_books

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
YEAR = 2021
KEY = "expense.staff_activities.culture_sports"


def _attempt(work):
    """Run ``work``; on SQLite's in-memory test database, wait out a held lock and retry.

    The test database is an in-memory shared-cache database, which answers "table is locked"
    at once instead of waiting for the busy timeout as a file database does. Retrying the
    whole transaction is what the busy wait amounts to; PostgreSQL needs no retry.
    """
    for _attempt_number in range(400):
        try:
            return work()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def _race(workers):
    """Run the callables together; return (results, error codes)."""
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


@pytest.fixture
def line_books(cast):
    return fund_books(
        cast, year=YEAR, opening_fen=1_000_000, school_budget={KEY: 100_000}, branch_budget=None
    )


def test_only_what_fits_the_budget_line_gets_through(line_books):
    # given 1,000 yuan budgeted, and four clerks each paying 300 yuan at the same moment
    cast = line_books.cast
    finance = cast.actor("finance_officer")

    def pay():
        return services.expense_record(
            actor=finance,
            node=cast.school,
            category_key=KEY,
            amount_fen=30_000,
            paid_on=dt.date(YEAR, 4, 1),
            memo="Tickets",
        ).pk

    # when they race
    results, errors = _race([pay] * 4)
    # then exactly three fit, the fourth is refused, and the line is not exceeded
    assert len(results) == 3
    assert errors == ["budget_exceeded"]
    spent = JournalLine.objects.filter(node=cast.school, category_key=KEY).aggregate(
        s=Sum("debit_fen")
    )["s"]
    assert spent == 90_000
    assert FundAccount.objects.get(node=cast.school, kind="fund").balance_fen == 1_000_000 - 90_000


def test_two_payments_racing_for_the_last_of_a_line(line_books):
    # given 1,000 yuan budgeted and two payments of 600 yuan
    cast = line_books.cast
    finance = cast.actor("finance_officer")

    def pay():
        return services.expense_record(
            actor=finance,
            node=cast.school,
            category_key=KEY,
            amount_fen=60_000,
            paid_on=dt.date(YEAR, 4, 1),
            memo="Tickets",
        ).pk

    results, errors = _race([pay, pay])
    assert len(results) == 1
    assert errors == ["budget_exceeded"]


def test_an_entry_is_reversed_once_even_when_two_clerks_try(line_books):
    cast = line_books.cast
    finance = cast.actor("finance_officer")
    entry = services.expense_record(
        actor=finance,
        node=cast.school,
        category_key=KEY,
        amount_fen=10_000,
        paid_on=dt.date(YEAR, 4, 1),
        memo="Tickets",
    )

    def reverse():
        return services.entry_reverse(actor=finance, entry=entry, reason="Duplicate").pk

    results, errors = _race([reverse, reverse])
    assert len(results) == 1
    assert errors == ["already_reversed"]
    assert JournalEntry.objects.filter(reverses=entry).count() == 1
    assert FundAccount.objects.get(node=cast.school, kind="fund").balance_fen == 1_000_000


def test_holiday_cap_holds_when_two_batches_race_for_one_member(line_books):
    # given a member and two batches of 1,200 yuan (the cap is 2,000 a year)
    cast = line_books.cast
    person = cast.people["branch_a_member"]

    def grant(index):
        def work():
            with transaction.atomic(durable=True):
                services.holiday_cap_check(
                    school=cast.school, amounts_fen={person.pk: 120_000}, on=dt.date(YEAR, 9, 20)
                )
                participation_record(
                    person=person,
                    kind=ParticipationKind.BENEFIT,
                    occasion=OrgNode(pk=800_000 + index, name="Batch"),
                    occurred_on=dt.date(YEAR, 9, 20),
                    amount_fen=120_000,
                )
            return index

        return work

    results, errors = _race([grant(1), grant(2)])
    assert len(results) == 1
    assert errors == ["cap_exceeded"]
    total = Participation.objects.filter(person=person, kind=ParticipationKind.BENEFIT).aggregate(
        s=Sum("amount_fen")
    )["s"]
    assert total == 120_000
