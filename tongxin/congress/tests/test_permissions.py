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
