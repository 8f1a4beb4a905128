"""Races: two premium postings of one policy, two applications for one child, two additions
of one person. The row locks serialise the writers on PostgreSQL: exactly one wins, the other
gets a domain error, never a 500, a second row or a second ledger entry."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tongxin.core.errors import DomainError
from tongxin.funds.models import JournalEntry
from tongxin.staff_services import services
from tongxin.staff_services.models import InsuredPerson, SchoolPlaceApplication

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _attempt(call):
    try:
        return call()
    except DomainError as error:
        return error


def _race(calls):
    if connection.vendor == "sqlite" and connection.settings_dict["TEST"].get("NAME") in (
        None,
        ":memory:",
    ):
        return [_attempt(call) for call in calls]
    barrier = threading.Barrier(len(calls))
    results: list[object] = []

    def run(call):
        try:
            barrier.wait()
            results.append(_attempt(call))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_premium_is_posted_once_under_a_race(cast, books, insured_policy):
    calls = [
        lambda p=p: services.insurance_premium_post(actor=cast.actor(p), policy=insured_policy)
        for p in ("office_admin", "finance_officer")
    ]
    results = _race(calls)
    errors = [r for r in results if isinstance(r, DomainError)]
    assert [e.code for e in errors] == ["premium_already_posted"]
    assert JournalEntry.objects.filter(source_type="staff_services.insurancepolicy").count() == 1


def test_one_application_per_child_under_a_race(cast, child):
    calls = [
        lambda p=p: services.school_place_apply(
            actor=cast.actor(p),
            person=cast.people["branch_a_member"],
            child=child,
            stage="primary",
            wished_school="X",
            submitted_on=dt.date(2021, 4, 1),
        )
        for p in ("branch_a_member", "branch_a_liaison")
    ]
    results = _race(calls)
    assert [r.code for r in results if isinstance(r, DomainError)] == ["application_exists"]
    assert SchoolPlaceApplication.objects.count() == 1


def test_a_person_is_added_once_under_a_race(cast, policy):
    calls = [
        lambda: services.insured_person_add(
            actor=cast.actor("office_admin"), policy=policy, person=cast.people["branch_a_member"]
        )
        for _ in range(2)
    ]
    results = _race(calls)
    assert [r.code for r in results if isinstance(r, DomainError)] == ["already_insured"]
    assert InsuredPerson.objects.count() == 1
