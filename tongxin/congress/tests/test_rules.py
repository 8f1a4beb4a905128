"""The congress rules, each refused with a clear error and nothing changed."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tongxin.congress import services, tally
from tongxin.congress.choices import ElectionStatus, PollStatus
from tongxin.congress.composition import composition_report
from tongxin.congress.models import Ballot, Poll, Representative, VoterMark
from tongxin.congress.queries import (
    representative_current,
    representatives_seated,
    term_current,
)
from tongxin.congress.strokes import stroke_key
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members import services as members

from .factories import SYSTEM, TERM_START, make_congress, make_person, open_session, state, voter


def refused(code, call):
    before = state()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    assert caught.value.message
    assert state() == before
    return caught.value


# Roll -------------------------------------------------------------------------------------


def test_queries_find_the_term_and_seats(cast, congress):
    assert term_current(school_node=cast.school, on=dt.date(2026, 3, 1)) == congress.term
    assert term_current(school_node=cast.school, on=dt.date(2031, 1, 1)) is None
    rep = representative_current(person_id=cast.people["branch_a_member"].pk, term=congress.term)
    assert rep is not None and rep.has_vote
    assert representatives_seated(term=congress.term).count() == 9


def test_retained_member_may_only_be_invited(cast, congress):
    retiree = make_person(cast.branch_a, "X0001", "Old Hand")
    members.membership_retire(actor=SYSTEM, person=retiree, on=dt.date(2024, 7, 1))
    retiree.refresh_from_db()
    error = refused(
        "retained_no_vote",
        lambda: services.representative_seat(
            actor=SYSTEM, delegation=congress.delegation_a, person=retiree
        ),
    )
    with translation.override("zh-hans"):
        assert gettext("Invited representatives and observers attend without a vote.")
    assert "Old Hand" in error.message
    invited = services.representative_seat(
        actor=SYSTEM, delegation=congress.delegation_a, person=retiree, kind="invited"
    )
    assert invited.source == "invitation" and not invited.has_vote
    # The invited retiree checks in, but cannot vote.
    session = open_session(congress)
    services.session_check_in_by_list(actor=SYSTEM, session=session, representative=invited)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Welfare plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    refused(
        "no_vote",
        lambda: services.ballot_cast(
            actor=voter(congress, invited), poll=poll, content={"choice": "yes"}
        ),
    )


def test_left_staff_cannot_be_formal(cast, congress):
    person = make_person(cast.branch_b, "X0002", "Gone Away", employment_status="left")
    refused(
        "not_employed",
        lambda: services.representative_seat(
            actor=SYSTEM, delegation=congress.delegation_b, person=person
        ),
    )


def test_recall_replacement_and_by_election_are_audited(cast, congress):
    rep = congress.reps[3]
    newcomer = make_person(cast.branch_a, "X0003", "New Face")
    new = services.representative_replace(actor=SYSTEM, representative=rep, person=newcomer)
    rep.refresh_from_db()
    assert rep.end_reason == "replaced" and new.replaces_id == rep.pk
    assert new.source == "replacement"
    recalled = services.representative_end(
        actor=SYSTEM, representative=congress.reps[4], reason="recall"
    )
    assert recalled.end_reason == "recall"
    services.roll_confirm(actor=SYSTEM, term=congress.term, override_reason="")
    by = make_person(cast.branch_b, "X0004", "By Elected", gender="female")
    seat = services.representative_seat(actor=SYSTEM, delegation=congress.delegation_b, person=by)
    assert seat.source == "by_election"
    events = list(
        AuditEvent.objects.filter(target_type="congress.representative").values_list(
            "event", flat=True
        )
    )
    assert events.count("representative.ended") == 2
    assert representatives_seated(term=congress.term).count() == 9
    refused(
        "already_seated",
        lambda: services.representative_seat(
            actor=SYSTEM, delegation=congress.delegation_b, person=by
        ),
    )


def test_composition_violation_is_shown_and_blocks_confirmation(cast):
    congress = make_congress(cast, extra=2, leader_ceiling_pct=25)
    for rep in congress.reps[:2]:
        members.person_update(
            actor=SYSTEM,
            person=rep.person,
            changes={"is_leader": True, "staff_category": "administrative"},
        )
    report = composition_report(term=congress.term, on=dt.date(2026, 1, 1))
    shares = {share.key: share for share in report.shares}
    assert report.total == 4
    assert shares["teachers"].count == 2 and shares["teachers"].violated  # 50% < 60%
    assert shares["leaders"].count == 2 and shares["leaders"].violated  # 50% > 25%
    assert shares["women"].violated is False
    assert [s.key for s in report.violations] == ["teachers", "leaders"]
    refused("composition", lambda: services.roll_confirm(actor=SYSTEM, term=congress.term))
    term = services.roll_confirm(
        actor=SYSTEM, term=congress.term, override_reason="Approved by the presidium"
    )
    assert term.roll_confirmed_at is not None


def test_term_must_be_3_or_5_years(cast):
    refused(
        "invalid",
        lambda: services.term_create(
            actor=SYSTEM, school=cast.school, number=2, starts_on=TERM_START, years=4
        ),
    )


# Sessions and quorum ----------------------------------------------------------------------


def test_session_opens_only_with_two_thirds_present(congress):
    session = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="S1",
        starts_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    for rep in congress.reps[:5]:  # 5 of 9: ceil(2/3 x 9) = 6 needed
        services.session_check_in_by_list(actor=SYSTEM, session=session, representative=rep)
    error = refused("no_quorum", lambda: services.session_open(actor=SYSTEM, session=session))
    assert error.extra == {"present": 5, "base": 9, "needed": 6}
    services.session_check_in_by_list(
        actor=SYSTEM, session=session, representative=congress.reps[5]
    )
    opened = services.session_open(actor=SYSTEM, session=session)
    assert opened.status == "open" and opened.present_at_opening == 6


def test_self_check_in_needs_the_door_code(cast, congress):
    session = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="S1",
        starts_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    actor = cast.actor("branch_a_member")
    refused(
        "wrong_code", lambda: services.session_check_in(actor=actor, session=session, code="NOPE")
    )
    first = services.session_check_in(
        actor=actor, session=session, code=session.check_in_code.lower()
    )
    again = services.session_check_in(actor=actor, session=session, code=session.check_in_code)
    assert not first.already and again.already
    refused(
        "not_a_representative",
        lambda: services.session_check_in(
            actor=cast.actor("office_admin"), session=session, code=session.check_in_code
        ),
    )


# Motions ----------------------------------------------------------------------------------


def _vote_all(congress, poll, choices):
    receipts = []
    for rep, choice in zip(congress.reps, choices, strict=False):
        receipts.append(
            services.ballot_cast(actor=voter(congress, rep), poll=poll, content={"choice": choice})
        )
    return receipts


def test_motion_needs_a_majority_of_all_seated_not_of_those_present(congress):
    session = open_session(congress, present=6)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    # 4 yes of 6 present is a majority of those present, but not more than half of 9 seated.
    _vote_all(congress, poll, ["yes", "yes", "yes", "yes", "no", "abstain"])
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    assert closed.result["yes"] == 4 and closed.result["base_count"] == 9
    assert closed.result["not_voted"] == 3
    assert closed.result["passed"] is False


def test_motion_passes_with_five_of_nine(congress):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    _vote_all(congress, poll, ["yes"] * 5 + ["no"] * 4)
    assert services.poll_close(actor=SYSTEM, poll=poll).result["passed"] is True


def test_majority_base_present_is_configurable(cast):
    congress = make_congress(cast, majority_base="present")
    session = open_session(congress, present=6)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    _vote_all(congress, poll, ["yes", "yes", "yes", "yes", "no", "abstain"])
    assert services.poll_close(actor=SYSTEM, poll=poll).result["passed"] is True


def test_vote_needs_check_in_and_voting_is_once(congress):
    session = open_session(congress, present=7)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    absent = congress.reps[8]
    refused(
        "not_present",
        lambda: services.ballot_cast(
            actor=voter(congress, absent), poll=poll, content={"choice": "yes"}
        ),
    )
    rep = congress.reps[0]
    services.ballot_cast(actor=voter(congress, rep), poll=poll, content={"choice": "no"})
    refused(
        "already_voted",
        lambda: services.ballot_cast(
            actor=voter(congress, rep), poll=poll, content={"choice": "yes"}
        ),
    )
    refused(
        "already_voted",
        lambda: services.paper_issue(actor=SYSTEM, poll=poll, representative=rep),
    )


def test_paper_and_phone_combine_without_double_counting(congress):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    on_paper = congress.reps[0]
    services.paper_issue(actor=SYSTEM, poll=poll, representative=on_paper)
    refused(
        "already_voted",
        lambda: services.ballot_cast(
            actor=voter(congress, on_paper), poll=poll, content={"choice": "yes"}
        ),
    )
    services.paper_ballot_enter(actor=SYSTEM, poll=poll, content={"choice": "yes"})
    for rep in congress.reps[1:5]:
        services.ballot_cast(actor=voter(congress, rep), poll=poll, content={"choice": "yes"})
    result = services.poll_close(actor=SYSTEM, poll=poll).result
    assert result["yes"] == 5 and result["issued"] == 5 and result["returned"] == 5
    assert result["passed"] is True


def test_more_paper_ballots_than_issued_voids_the_vote(congress):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    services.paper_issue(actor=SYSTEM, poll=poll, representative=congress.reps[0])
    services.paper_ballot_enter(actor=SYSTEM, poll=poll, content={"choice": "yes"})
    services.paper_ballot_enter(actor=SYSTEM, poll=poll, content={"choice": "yes"})
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    assert closed.status == PollStatus.VOID
    assert closed.result == {"void": True, "issued": 1, "returned": 2}


def test_show_of_hands_totals(congress):
    session = open_session(congress, present=7)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Agenda", method="hands")
    services.poll_open(actor=SYSTEM, poll=poll)
    refused(
        "too_many_votes",
        lambda: services.hands_record(actor=SYSTEM, poll=poll, yes=6, no=2, abstain=0),
    )
    services.hands_record(actor=SYSTEM, poll=poll, yes=5, no=1, abstain=1)
    result = services.poll_close(actor=SYSTEM, poll=poll).result
    assert result["passed"] is True and result["not_voted"] == 2
    assert Ballot.objects.filter(poll=poll).count() == 0


# Elections --------------------------------------------------------------------------------


def _candidates(cast, count, prefix="C"):
    people = [
        make_person(cast.branch_a, f"{prefix}{index:03d}", f"Cand {index:02d}")
        for index in range(count)
    ]
    return people


def _election(congress, session, *, kind="committee", seats=3, candidates=4):
    election = services.election_create(
        actor=SYSTEM, session=session, title="Union committee", kind=kind, seats=seats
    )
    people = _candidates(congress.cast, candidates)
    for person in people:
        services.candidate_add(actor=SYSTEM, election=election, person=person)
    return election, people


def test_committee_election_needs_the_margin(congress):
    session = open_session(congress)
    election, _people = _election(congress, session, seats=3, candidates=3)
    error = refused("margin", lambda: services.election_open_round(actor=SYSTEM, election=election))
    assert "4" in error.message  # ceil(3 x 1.05) = 4
    assert services.election_open_round is not None


def test_chair_election_may_be_uncontested(congress):
    session = open_session(congress)
    election, _people = _election(congress, session, kind="chair", seats=1, candidates=1)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    assert poll.status == PollStatus.OPEN and poll.seats == 1


def test_margin_example_fifteen_seats_need_sixteen():
    from tongxin.congress.services.elections import margin_needed

    assert margin_needed("committee", 15) == 16
    assert margin_needed("committee", 20) == 21
    assert margin_needed("vice_chair", 2) == 2


def test_election_needs_two_thirds_of_entitled_present(congress):
    session = open_session(congress, present=6)
    services.representative_end(actor=SYSTEM, representative=congress.reps[8], reason="left")
    # 8 entitled, 6 present >= ceil(16/3) = 6: fine; one more absent would not be.
    election, _people = _election(congress, session)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    assert poll.entitled_count == 8 and poll.present_count == 6


def _ballot(people, yes=(), no=(), write_ins=()):
    marks = {str(people[i].candidate_pk): "yes" for i in yes}
    marks.update({str(people[i].candidate_pk): "no" for i in no})
    return {"marks": marks, "write_ins": list(write_ins)}


def _attach_candidate_ids(election, people):
    ids = dict(election.candidates.values_list("person_id", "pk"))
    for person in people:
        person.candidate_pk = ids[person.pk]


def test_overmarked_phone_ballot_is_refused_and_paper_one_is_invalid(congress):
    session = open_session(congress)
    election, people = _election(congress, session, seats=3, candidates=4)
    _attach_candidate_ids(election, people)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    rep = congress.reps[0]
    refused(
        "too_many_votes",
        lambda: services.ballot_cast(
            actor=voter(congress, rep),
            poll=poll,
            content=_ballot(people, yes=(0, 1, 2), write_ins=["X"]),
        ),
    )
    services.paper_issue(actor=SYSTEM, poll=poll, representative=rep)
    services.paper_ballot_enter(actor=SYSTEM, poll=poll, content=_ballot(people, yes=(0, 1, 2, 3)))
    result = services.poll_close(actor=SYSTEM, poll=poll).result
    assert result["invalid"] == 1 and result["valid"] == 0


def test_election_round_winners_runoff_and_further_round(congress):
    session = open_session(congress)  # 9 entitled: 5 yes votes needed
    election, people = _election(congress, session, seats=3, candidates=4)
    _attach_candidate_ids(election, people)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    ballots = (
        [_ballot(people, yes=(0, 1, 2))] * 5  # 0,1,2 reach 5 each
        + [_ballot(people, yes=(0, 3))] * 4  # 0 → 9, 3 → 4
    )
    for rep, content in zip(congress.reps, ballots, strict=True):
        services.ballot_cast(actor=voter(congress, rep), poll=poll, content=content)
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    election.refresh_from_db()
    assert closed.result["next"] == "done"
    assert [w["name"] for w in election.winners] == ["Cand 00", "Cand 01", "Cand 02"]
    assert election.status == ElectionStatus.DONE


def test_tie_across_the_last_seat_goes_to_a_runoff_then_unfilled_to_a_further_round(congress):
    session = open_session(congress)
    election, people = _election(congress, session, seats=2, candidates=4)
    _attach_candidate_ids(election, people)
    first = services.election_open_round(actor=SYSTEM, election=election)
    ballots = (
        [_ballot(people, yes=(0, 1))] * 3
        + [_ballot(people, yes=(0, 2))] * 3
        + [_ballot(people, yes=(1, 2))] * 3
    )  # 0: 6, 1: 6, 2: 6 — three tied for two seats
    for rep, content in zip(congress.reps, ballots, strict=True):
        services.ballot_cast(actor=voter(congress, rep), poll=first, content=content)
    closed = services.poll_close(actor=SYSTEM, poll=first)
    assert closed.result["next"] == "runoff" and closed.result["runoff_seats"] == 2
    assert closed.result["elected"] == []
    runoff = services.election_open_round(actor=SYSTEM, election=election)
    assert sorted(runoff.candidate_ids) == sorted(p.candidate_pk for p in people[:3])
    # Run-off: only candidate 0 passes; one seat stays unfilled.
    for rep in congress.reps:
        services.ballot_cast(
            actor=voter(congress, rep), poll=runoff, content=_ballot(people, yes=(0,))
        )
    second = services.poll_close(actor=SYSTEM, poll=runoff)
    assert second.result["next"] == "further" and second.result["unfilled"] == 1
    further = services.election_open_round(actor=SYSTEM, election=election)
    assert further.seats == 1 and people[0].candidate_pk not in further.candidate_ids
    for rep in congress.reps:
        services.ballot_cast(
            actor=voter(congress, rep), poll=further, content=_ballot(people, yes=(1,))
        )
    services.poll_close(actor=SYSTEM, poll=further)
    election.refresh_from_db()
    assert [w["name"] for w in election.winners] == ["Cand 00", "Cand 01"]
    assert election.status == ElectionStatus.DONE


def test_void_round_is_held_again(congress):
    session = open_session(congress)
    election, people = _election(congress, session, seats=3, candidates=4)
    _attach_candidate_ids(election, people)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    services.paper_ballot_enter(actor=SYSTEM, poll=poll, content=_ballot(people, yes=(0,)))
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    assert closed.status == PollStatus.VOID
    again = services.election_open_round(actor=SYSTEM, election=election)
    assert again.round_number == 2 and again.candidate_ids == poll.candidate_ids


def test_write_in_can_win_and_candidates_listed_by_strokes(cast, congress):
    session = open_session(congress)
    election = services.election_create(
        actor=SYSTEM, session=session, title="Chair", kind="chair", seats=1
    )
    for number, name in (("Z1", "\u5f20\u4e09"), ("Z2", "\u4e01\u4e00"), ("Z3", "\u738b\u4e94")):
        services.candidate_add(
            actor=SYSTEM, election=election, person=make_person(cast.branch_a, number, name)
        )
    ordered = list(election.candidates.values_list("name", flat=True))
    assert ordered == sorted(ordered, key=stroke_key)
    assert ordered[0] == "\u4e01\u4e00"  # 2 strokes before 4 (wang) and 7 (zhang)
    poll = services.election_open_round(actor=SYSTEM, election=election)
    for rep in congress.reps:
        services.ballot_cast(
            actor=voter(congress, rep),
            poll=poll,
            content={"marks": {}, "write_ins": ["Someone Else"]},
        )
    services.poll_close(actor=SYSTEM, poll=poll)
    election.refresh_from_db()
    assert (
        election.winners[0]["candidate"] is None and election.winners[0]["name"] == "Someone Else"
    )


def test_retained_member_cannot_stand(cast, congress):
    session = open_session(congress)
    election = services.election_create(
        actor=SYSTEM, session=session, title="C", kind="chair", seats=1
    )
    retiree = make_person(cast.branch_a, "X0009", "Retired Person")
    members.membership_retire(actor=SYSTEM, person=retiree, on=dt.date(2024, 7, 1))
    retiree.refresh_from_db()
    refused(
        "retained_no_vote",
        lambda: services.candidate_add(actor=SYSTEM, election=election, person=retiree),
    )


# Secrecy and the bulletin -----------------------------------------------------------------


def test_bulletin_chain_recounts_and_stores_no_link(congress):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Pay plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    receipts = _vote_all(congress, poll, ["yes", "no", "yes", "abstain", "yes", "yes"])
    closed = services.poll_close(actor=SYSTEM, poll=poll)
    ballots = list(Ballot.objects.filter(poll=poll).order_by("seq"))
    assert sorted(receipts) == [b.receipt for b in ballots]
    hashes = tally.bulletin_chain(
        poll.pk, [(b.receipt, tally.ballot_digest(b.content)) for b in ballots]
    )
    assert hashes == [b.chain for b in ballots] and closed.bulletin_head == hashes[-1]
    recount = tally.tally_motion(b.content for b in ballots)
    assert (recount.yes, recount.no, recount.abstain) == (4, 1, 1)
    # Nothing joins a voter to a ballot: the audit trail of voting names no ballot or receipt.
    voted = AuditEvent.objects.filter(event="poll.voted")
    assert voted.count() == 6
    for event in voted:
        text = str(event.changes)
        assert not any(receipt in text for receipt in receipts)
        assert set(event.changes) == {"representative", "channel"}
    field_names = {f.name for f in Ballot._meta.get_fields()}
    assert not field_names & {"representative", "person", "voter", "created_at", "updated_at"}
    assert {f.name for f in VoterMark._meta.get_fields()} == {
        "id",
        "poll",
        "representative",
        "channel",
    }


def test_poll_rows_for_a_motion_hold_no_candidates(congress):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    assert Poll.objects.get(pk=poll.pk).candidate_ids == []
    assert Representative.objects.count() == 9
