"""Double votes from two phones at once: each representative ends with exactly one ballot.

Runs through ``tongxin.testing.burst``: threads with their own connections, released together
by a barrier (PostgreSQL row locks; on SQLite the harness copies the database to a file)."""

import pytest

from tongxin.congress import services
from tongxin.congress.models import Ballot, Representative, VoterMark
from tongxin.core.errors import DomainError
from tongxin.orgs.actor import Actor
from tongxin.testing import burst

from .factories import SYSTEM, make_congress, open_session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_phones_voting_at_once_give_exactly_one_ballot(cast):
    congress = make_congress(cast, extra=8)  # 10 representatives
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    rep_ids = [rep.pk for rep in congress.reps]
    items = [pk for pk in rep_ids for _phone in range(2)]  # every representative twice

    def prepare(chunk):
        from tongxin.congress.models import Poll

        reps = {
            r.pk: r for r in Representative.objects.select_related("person").filter(pk__in=chunk)
        }
        return Poll.objects.select_related("session__term__school").get(pk=poll.pk), reps

    def call(context, rep_id):
        live_poll, reps = context
        rep = reps[rep_id]
        actor = Actor(user_id=None, person_id=rep.person_id, name=rep.person.name)
        try:
            services.ballot_cast(actor=actor, poll=live_poll, content={"choice": "yes"})
        except DomainError as error:
            return error.code
        return "voted"

    with burst.file_database() as bind:
        result = burst.run_parallel(items=items, workers=4, prepare=prepare, call=call, bind=bind)
        outcomes = [outcome for _item, outcome in result.outcomes]
        assert outcomes.count("voted") == len(rep_ids)
        assert outcomes.count("already_voted") == len(rep_ids)
        if bind is not None:
            counted = burst.in_thread(
                bind,
                lambda: (
                    VoterMark.objects.filter(poll_id=poll.pk).count(),
                    Ballot.objects.filter(poll_id=poll.pk).count(),
                ),
            )
            assert counted == (len(rep_ids), len(rep_ids))
