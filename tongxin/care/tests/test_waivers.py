"""Tuition waivers for children of deceased staff: requested → submitted → granted/refused."""

import datetime as dt

import pytest

from tongxin.care import queries, services
from tongxin.care.choices import WaiverStatus
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.members import services as members

from .conftest import counts

pytestmark = pytest.mark.django_db
DAY = dt.date(2021, 8, 1)


@pytest.fixture
def family(cast):
    person = cast.people["branch_a_member"]
    child = members.family_member_add(
        actor=cast.actor("system"),
        person=person,
        relation="child",
        name="Child A",
        birth_on=dt.date(2003, 5, 1),
    )
    spouse = members.family_member_add(
        actor=cast.actor("system"), person=person, relation="spouse", name="Spouse A"
    )
    return person, child, spouse


def _deceased(cast, person):
    members.membership_record_death(
        actor=cast.actor("system"), person=person, on=dt.date(2021, 5, 1)
    )
    person.refresh_from_db()
    return person


def test_waiver_lifecycle(cast, family):
    person, child, _spouse = family
    person = _deceased(cast, person)
    office = cast.actor("office_admin")
    waiver = services.tuition_waiver_request(
        actor=office, person=person, child=child, school_year=2021, requested_on=DAY
    )
    assert waiver.status == WaiverStatus.REQUESTED
    waiver = services.tuition_waiver_submit(actor=office, waiver=waiver, on=DAY)
    waiver = services.tuition_waiver_decide(
        actor=office,
        waiver=waiver,
        granted=True,
        amount_waived_fen=560_000,
        school_note="Waived in full",
        on=dt.date(2021, 9, 1),
    )
    assert (waiver.status, waiver.amount_waived_fen) == (WaiverStatus.GRANTED, 560_000)
    # a second request for the same child and year is refused
    before = counts()
    with pytest.raises(DomainError) as error:
        services.tuition_waiver_request(actor=office, person=person, child=child, school_year=2021)
    assert error.value.code == "waiver_exists"
    assert counts() == before


def test_refusal_needs_the_schools_note(cast, family):
    person, child, _spouse = family
    person = _deceased(cast, person)
    office = cast.actor("office_admin")
    waiver = services.tuition_waiver_request(
        actor=office, person=person, child=child, school_year=2021
    )
    waiver = services.tuition_waiver_submit(actor=office, waiver=waiver)
    before = counts()
    with pytest.raises(DomainError) as error:
        services.tuition_waiver_decide(actor=office, waiver=waiver, granted=False)
    assert error.value.code == "note_required"
    assert counts() == before
    waiver = services.tuition_waiver_decide(
        actor=office, waiver=waiver, granted=False, school_note="Already on a scholarship"
    )
    assert waiver.status == WaiverStatus.REFUSED


def test_only_for_children_of_deceased_staff(cast, family):
    person, child, spouse = family
    office = cast.actor("office_admin")
    before = counts()
    with pytest.raises(DomainError) as error:
        services.tuition_waiver_request(actor=office, person=person, child=child, school_year=2021)
    assert error.value.code == "not_deceased"
    person = _deceased(cast, person)
    before = counts()
    with pytest.raises(DomainError) as error:
        services.tuition_waiver_request(actor=office, person=person, child=spouse, school_year=2021)
    assert error.value.code == "not_a_child"
    assert counts() == before


@pytest.mark.parametrize("amount", [0, -1, "100", 2.5])
def test_bad_granted_amount(cast, family, amount):
    person, child, _spouse = family
    person = _deceased(cast, person)
    office = cast.actor("office_admin")
    waiver = services.tuition_waiver_request(
        actor=office, person=person, child=child, school_year=2021
    )
    waiver = services.tuition_waiver_submit(actor=office, waiver=waiver)
    before = counts()
    with pytest.raises(DomainError):
        services.tuition_waiver_decide(
            actor=office, waiver=waiver, granted=True, amount_waived_fen=amount
        )
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("auditor", Forbidden),
        ("finance_officer", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_request_matrix(cast, family, persona, expected):
    person, child, _spouse = family
    person = _deceased(cast, person)
    before = counts()
    call = lambda: services.tuition_waiver_request(  # noqa: E731
        actor=cast.actor(persona), person=person, child=child, school_year=2021
    )
    if expected is None:
        assert call().pk
        assert len(queries.waiver_list(actor=cast.actor("branch_a_chair"))) == 1
        assert len(queries.waiver_list(actor=cast.actor("branch_b_member"))) == 0
    else:
        with pytest.raises(expected):
            call()
        assert counts() == before
