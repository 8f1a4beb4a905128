"""Permission matrices: every permissioned congress service run as every persona. Denied rows
get the error (NotFound outside the persona's scope, Forbidden inside it) and change nothing;
allowed rows check what changed.

The union office (and the congress secretariat) run the school's congress; finance and the
audit committee see the school but change nothing; branch people see no school-level record;
representatives act on their own seat only."""

import datetime as dt

import pytest

from tongxin.congress import services
from tongxin.congress.models import (
    Attendance,
    Ballot,
    CongressTerm,
    Representative,
    VoterMark,
)
from tongxin.core.errors import DomainError, Forbidden, NotFound

from .factories import SYSTEM, make_person, open_session, state

OK = "ok"
PERSONAS = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
)
OFFICE = {
    "office_admin": OK,
    "finance_officer": Forbidden,
    "auditor": Forbidden,
    "branch_a_chair": NotFound,
    "branch_a_liaison": NotFound,
    "branch_a_member": NotFound,
    "branch_b_member": NotFound,
    "outsider": NotFound,
    "anonymous": NotFound,
}


def rows(table, **overrides):
    table = {**table, **overrides}
    return [(name, table[name]) for name in PERSONAS]


def run(expected, call):
    if expected is OK:
        return call()
    before = state()
    if isinstance(expected, str):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.code == expected
    else:
        with pytest.raises(expected):
            call()
    assert state() == before
    return None


@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_term_create(cast, persona, expected):
    term = run(
        expected,
        lambda: services.term_create(
            actor=cast.actor(persona),
            school=cast.school,
            number=1,
            starts_on=dt.date(2025, 1, 1),
            years=3,
        ),
    )
    if expected is OK:
        assert CongressTerm.objects.get().ends_on == dt.date(2027, 12, 31)
        assert term.status == "active"


@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_representative_seat(cast, congress, persona, expected):
    person = make_person(cast.branch_a, "P0001", "Newly Elected")
    rep = run(
        expected,
        lambda: services.representative_seat(
            actor=cast.actor(persona), delegation=congress.delegation_a, person=person
        ),
    )
    if expected is OK:
        assert Representative.objects.filter(person=person, ended_on__isnull=True).get() == rep


@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_check_in_by_list(cast, congress, persona, expected):
    session = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="S1",
        starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
    )
    rep = congress.reps[2]
    run(
        expected,
        lambda: services.session_check_in_by_list(
            actor=cast.actor(persona), session=session, representative=rep
        ),
    )
    if expected is OK:
        assert Attendance.objects.get(session=session).representative == rep


@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_poll_close(cast, congress, persona, expected):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    closed = run(expected, lambda: services.poll_close(actor=cast.actor(persona), poll=poll))
    if expected is OK:
        assert closed.status == "counted"
        assert closed.result["passed"] is False


CAST = {
    "office_admin": "not_a_representative",
    "finance_officer": "not_a_representative",
    "auditor": "not_a_representative",
    "branch_a_chair": "not_a_representative",
    "branch_a_liaison": "not_a_representative",
    "branch_a_member": OK,
    "branch_b_member": OK,
    "outsider": "not_a_representative",
    "anonymous": "not_a_representative",
}


@pytest.mark.parametrize(("persona", "expected"), rows(CAST))
def test_ballot_cast(cast, congress, persona, expected):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    receipt = run(
        expected,
        lambda: services.ballot_cast(
            actor=cast.actor(persona), poll=poll, content={"choice": "yes"}
        ),
    )
    if expected is OK:
        assert VoterMark.objects.get(poll=poll).representative.person == cast.people[persona]
        assert Ballot.objects.get(poll=poll).receipt == receipt


@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_paper_ballot_enter(cast, congress, persona, expected):
    session = open_session(congress)
    poll = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    services.poll_open(actor=SYSTEM, poll=poll)
    services.paper_issue(actor=SYSTEM, poll=poll, representative=congress.reps[0])
    receipt = run(
        expected,
        lambda: services.paper_ballot_enter(
            actor=cast.actor(persona), poll=poll, content={"choice": "no"}
        ),
    )
    if expected is OK:
        assert Ballot.objects.get(poll=poll).content == {"choice": "no"}
        assert len(receipt) == 10


def _office_calls(cast, congress):
    """Every other office service, prepared on a fresh congress: name → (call, check)."""
    from tongxin.congress.models import (
        AgendaItem,
        Committee,
        CongressSession,
        Delegation,
        Election,
        Poll,
    )

    session = open_session(congress)
    motion = services.motion_create(actor=SYSTEM, session=session, title="Plan")
    hands = services.motion_create(actor=SYSTEM, session=session, title="Hands", method="hands")
    services.poll_open(actor=SYSTEM, poll=hands)
    election = services.election_create(
        actor=SYSTEM, session=session, title="Chair", kind="chair", seats=1
    )
    candidate = make_person(cast.branch_b, "K0001", "Candidate")
    services.candidate_add(actor=SYSTEM, election=election, person=candidate)
    planned = services.session_create(
        actor=SYSTEM,
        term=congress.term,
        title="S2",
        starts_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
    )
    for rep in congress.reps:
        services.session_check_in_by_list(actor=SYSTEM, session=planned, representative=rep)
    committee = services.committee_create(
        actor=SYSTEM, term=congress.term, kind="welfare", name="Welfare"
    )
    other = make_person(cast.branch_a, "K0002", "Another")
    term = congress.term
    rep = congress.reps[5]
    return {
        "term_update_rules": (
            lambda a: services.term_update_rules(
                actor=a, term=term, changes={"leader_ceiling_pct": 20}
            ),
            lambda: CongressTerm.objects.get(pk=term.pk).leader_ceiling_pct == 20,
        ),
        "delegation_create": (
            lambda a: services.delegation_create(
                actor=a, term=term, node=cast.group_a1, name="Group"
            ),
            lambda: Delegation.objects.filter(name="Group").exists(),
        ),
        "delegation_set_head": (
            lambda a: services.delegation_set_head(
                actor=a, delegation=congress.delegation_a, person=cast.people["branch_a_member"]
            ),
            lambda: (
                Delegation.objects.get(pk=congress.delegation_a.pk).head_id
                == cast.people["branch_a_member"].pk
            ),
        ),
        "representative_end": (
            lambda a: services.representative_end(actor=a, representative=rep, reason="recall"),
            lambda: Representative.objects.get(pk=rep.pk).end_reason == "recall",
        ),
        "representative_replace": (
            lambda a: services.representative_replace(actor=a, representative=rep, person=other),
            lambda: Representative.objects.filter(person=other, replaces=rep).exists(),
        ),
        "roll_confirm": (
            lambda a: services.roll_confirm(actor=a, term=term),
            lambda: CongressTerm.objects.get(pk=term.pk).roll_confirmed_at is not None,
        ),
        "committee_create": (
            lambda a: services.committee_create(actor=a, term=term, kind="presidium", name="P"),
            lambda: Committee.objects.filter(name="P").exists(),
        ),
        "committee_member_add": (
            lambda a: services.committee_member_add(actor=a, committee=committee, person=other),
            lambda: committee.members.filter(person=other).exists(),
        ),
        "session_create": (
            lambda a: services.session_create(
                actor=a, term=term, title="S3", starts_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
            ),
            lambda: CongressSession.objects.filter(title="S3").exists(),
        ),
        "session_open": (
            lambda a: services.session_open(actor=a, session=planned),
            lambda: CongressSession.objects.get(pk=planned.pk).status == "open",
        ),
        "agenda_item_add": (
            lambda a: services.agenda_item_add(actor=a, session=session, kind="report", title="R"),
            lambda: AgendaItem.objects.filter(title="R").exists(),
        ),
        "motion_create": (
            lambda a: services.motion_create(actor=a, session=session, title="New"),
            lambda: Poll.objects.filter(title="New").exists(),
        ),
        "poll_open": (
            lambda a: services.poll_open(actor=a, poll=motion),
            lambda: Poll.objects.get(pk=motion.pk).status == "open",
        ),
        "hands_record": (
            lambda a: services.hands_record(actor=a, poll=hands, yes=5, no=1, abstain=0),
            lambda: Poll.objects.get(pk=hands.pk).hands_yes == 5,
        ),
        "election_create": (
            lambda a: services.election_create(
                actor=a, session=session, title="Audit", kind="audit", seats=3
            ),
            lambda: Election.objects.filter(title="Audit").exists(),
        ),
        "candidate_add": (
            lambda a: services.candidate_add(actor=a, election=election, person=other),
            lambda: election.candidates.filter(person=other).exists(),
        ),
        "election_open_round": (
            lambda a: services.election_open_round(actor=a, election=election),
            lambda: Poll.objects.filter(election=election, status="open").exists(),
        ),
    }


OFFICE_SERVICES = (
    "term_update_rules",
    "delegation_create",
    "delegation_set_head",
    "representative_end",
    "representative_replace",
    "roll_confirm",
    "committee_create",
    "committee_member_add",
    "session_create",
    "session_open",
    "agenda_item_add",
    "motion_create",
    "poll_open",
    "hands_record",
    "election_create",
    "candidate_add",
    "election_open_round",
)


@pytest.mark.parametrize("service", OFFICE_SERVICES)
@pytest.mark.parametrize(("persona", "expected"), rows(OFFICE))
def test_office_services(cast, congress, service, persona, expected):
    call, changed = _office_calls(cast, congress)[service]
    assert not changed()
    run(expected, lambda: call(cast.actor(persona)))
    assert changed() is (expected is OK)
