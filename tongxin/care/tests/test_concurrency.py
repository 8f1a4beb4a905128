"""Two finance officers approving the same visit at once pay it once; two filings racing for
the last place of the yearly count file one. Real threads, each with its own connection
(PostgreSQL row locks; on SQLite the write lock is taken at BEGIN)."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from tongxin.care import services
from tongxin.care.choices import VisitStatus
from tongxin.care.models import CareVisit
from tongxin.core.errors import DomainError
from tongxin.funds.models import JournalEntry
from tongxin.participation.models import Participation
from tongxin.testing.care import PAID_ON, file_visit
from tongxin.testing.funds import fund_books

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _attempt(work):
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


def test_two_final_approvals_pay_once(cast):
    fund_books(cast, year=2021, branch_funds_fen=1_000_000)
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    for persona in ("branch_a_chair", "office_admin"):
        visit = services.care_visit_decide(
            actor=cast.actor(persona), visit=visit, outcome="approve"
        )

    def approve():
        return services.care_visit_decide(
            actor=cast.actor("finance_officer"),
            visit=CareVisit.objects.get(pk=visit.pk),
            outcome="approve",
            on=PAID_ON,
        ).status

    results, errors = _race([approve, approve])
    assert results == [VisitStatus.PAID]
    assert len(errors) == 1
    assert errors[0] in {"not_under_approval", "not_pending"}
    assert JournalEntry.objects.filter(source_type="care.carevisit").count() == 1
    assert Participation.objects.filter(kind="care_visit").count() == 1


def test_two_filings_for_the_last_yearly_place(cast):
    fund_books(cast, year=2021, branch_funds_fen=1_000_000)
    member = cast.people["branch_a_member"]

    def file():
        return file_visit(cast.actor("branch_a_liaison"), member, kind="childbirth").pk

    results, errors = _race([file, file])
    assert len(results) == 1, errors
    assert errors == ["over_yearly_count"]
    assert CareVisit.objects.filter(person=member, kind="childbirth").count() == 1
