"""Property tests of counting and secrecy: for any set of ballots, the published tally equals
a recount of the bulletin, and no stored row joins a ballot to a voter."""

from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongxin.congress import services, tally
from tongxin.congress.models import Ballot, Poll, VoterMark
from tongxin.congress.tests.factories import SYSTEM, open_session, voter

CHOICE = st.sampled_from(["yes", "no", "abstain", None])


def test_tally_round_counts_each_valid_ballot_once():
    ids = [1, 2, 3]
    contents = [
        {"marks": {"1": "yes", "2": "yes"}, "write_ins": []},
        {"marks": {"1": "yes", "2": "yes", "3": "yes"}, "write_ins": []},  # 3 > 2 seats
        {"marks": {"3": "no"}, "write_ins": ["Other"]},
    ]
    counted = tally.tally_round(contents, candidate_ids=ids, seats=2, base=3)
    assert counted.valid == 2
    assert counted.invalid == 1
    assert counted.counts["1"]["yes"] == 1
    assert counted.write_ins == {"Other": 1}
    assert counted.elected == []  # nobody has more than 3 / 2 yes votes
    assert counted.unfilled == 2


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(choices=st.lists(CHOICE, min_size=9, max_size=9))
def test_published_tally_equals_a_recount_and_nothing_joins(congress, choices):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    receipts = {}
    for rep, choice in zip(congress.reps, choices, strict=True):
        if choice is not None:
            receipts[rep.pk] = services.ballot_cast(
                actor=voter(congress, rep), poll=poll, content={"choice": choice}
            )
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    ballots = list(Ballot.objects.filter(poll=poll).order_by("seq"))
    # The bulletin: every receipt, in code order, chained.
    assert [b.receipt for b in ballots] == sorted(receipts.values())
    chain = tally.bulletin_chain(
        poll.pk, [(b.receipt, tally.ballot_digest(b.content)) for b in ballots]
    )
    assert [b.chain for b in ballots] == chain
    assert closed.bulletin_head == (chain[-1] if chain else tally.chain_start(poll.pk))
    recount = tally.tally_motion(b.content for b in ballots)
    assert closed.result["yes"] == recount.yes == choices.count("yes")
    assert closed.result["no"] == recount.no == choices.count("no")
    assert closed.result["abstain"] == recount.abstain == choices.count("abstain")
    assert closed.result["not_voted"] == choices.count(None)
    # No stored row joins a ballot to a voter: the ballot table has no column naming a person,
    # a representative, a mark or a time, and the marks none naming a ballot.
    with connection.cursor() as cursor:
        ballot_columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
        }
        mark_columns = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, VoterMark._meta.db_table
            )
        }
    assert ballot_columns == {"id", "poll_id", "receipt", "content", "digest", "seq", "chain"}
    assert mark_columns == {"id", "poll_id", "representative_id", "channel"}
    # Ballots are listed by their receipt codes, whatever the order they were cast in.
    marks = list(VoterMark.objects.filter(poll=poll).order_by("pk"))
    assert [b.receipt for b in ballots] == sorted(receipts[m.representative_id] for m in marks)
    assert Poll.objects.filter(pk=poll.pk, closed_at__isnull=False).exists()
