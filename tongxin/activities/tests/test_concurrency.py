"""1,000 simultaneous sign-ups for 950 places: exactly 950 confirmed, 50 waitlisted, nobody
twice. On PostgreSQL the activity's row lock serialises them; on SQLite (a file database,
as in production) the IMMEDIATE transactions do. The test runs on whichever the suite uses."""

import time
from collections import Counter

import pytest
from django.db import connection

from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import SignUp
from tongxin.core.models import AuditEvent
from tongxin.testing.burst import file_database, in_thread, run_burst

from .factories import make_activity, make_people

WORKERS = 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thousand_simultaneous_sign_ups_fill_exactly_the_places(cast):
    # given 1,000 members, an activity with 950 places, and 100 of them clicking twice
    activity = make_activity(cast.school, quota=950, title="Dental check")
    people = make_people(cast.branch_a, 1000, prefix="BURST")
    requests = [p.pk for p in people] + [p.pk for p in people[::10]]
    began = time.monotonic()
    with file_database() as bind:
        # when all requests arrive together, each thread with its own connection
        result = run_burst(activity_id=activity.pk, person_ids=requests, workers=WORKERS, bind=bind)
        rows = in_thread(
            bind,
            lambda: list(
                SignUp.objects.filter(activity_id=activity.pk).values_list(
                    "person_id", "status", "waitlist_position"
                )
            ),
        )
        audits = in_thread(bind, lambda: AuditEvent.objects.filter(event="sign_up.created").count())
    # then every request has its answer: 950 places, 50 on the waitlist, 100 refused doubles
    outcomes = Counter(outcome for _person, outcome in result.outcomes)
    assert outcomes == {S.CONFIRMED: 950, S.WAITLISTED: 50, "already_signed_up": 100}
    statuses = Counter(status for _person, status, _position in rows)
    assert statuses == {S.CONFIRMED: 950, S.WAITLISTED: 50}
    assert len({person for person, _status, _position in rows}) == 1000
    positions = sorted(position for _person, status, position in rows if status == S.WAITLISTED)
    assert positions == list(range(1, 51))
    assert audits == 1000
    assert time.monotonic() - began < 60, connection.vendor
