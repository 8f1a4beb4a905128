"""Races: two submissions of the same wish, two replies to the same round.

On PostgreSQL the row locks serialise the writers; on SQLite IMMEDIATE transactions do. Either
way exactly one wins and the other gets a domain error, never a 500 or a second row.
"""

import threading

import pytest
from django.db import connection

from tongxin.core.errors import DomainError
from tongxin.voice import services
from tongxin.voice.choices import ItemCategory, ItemKind
from tongxin.voice.models import VoiceReply, Wish

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _attempt(call):
    try:
        return call()
    except DomainError as error:
        return error


def _race(calls):
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


def _run_together(calls):
    """Run the calls at once in threads; on the in-memory SQLite test database (which threads
    cannot share) one after the other, where IMMEDIATE transactions serialise them anyway."""
    if connection.vendor == "sqlite" and connection.settings_dict["TEST"].get("NAME") == ":memory:":
        return [_attempt(call) for call in calls]
    return _race(calls)


def test_only_one_of_two_simultaneous_wishes_is_kept(cast):
    member = cast.people["branch_a_member"]
    calls = [
        lambda: services.wish_submit(
            actor=cast.actor("branch_a_member"), person=member, text="First"
        ),
        lambda: services.wish_submit(
            actor=cast.actor("office_admin"), person=member, text="Second"
        ),
    ]
    results = _run_together(calls)
    assert sum(isinstance(result, DomainError) for result in results) == 1
    assert Wish.objects.filter(person=member).count() == 1


def test_only_one_of_two_simultaneous_replies_is_kept(cast, department):
    office = cast.actor("office_admin")
    item = services.voice_item_file(
        actor=cast.actor("branch_a_member"),
        person=cast.people["branch_a_member"],
        kind=ItemKind.REQUEST,
        category=ItemCategory.OTHER,
        title="Bike shed",
        text="A roof for the bike shed.",
    )
    services.voice_item_accept(actor=office, item=item, department=department)
    calls = [
        lambda: services.voice_item_reply(
            actor=cast.actor("department_handler"), item=item, text="Handler"
        ),
        lambda: services.voice_item_reply(
            actor=cast.actor("office_admin"), item=item, text="Office"
        ),
    ]
    results = _run_together(calls)
    assert sum(isinstance(result, DomainError) for result in results) == 1
    assert VoiceReply.objects.filter(item=item).count() == 1
