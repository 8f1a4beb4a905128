"""Naming someone else's family member or hardship file reads exactly like naming a missing
one: the care API cannot be used to probe ids."""

import datetime as dt

import pytest

from tongxin.members import services as members
from tongxin.testing.api import api_as

from .test_api import _payload

pytestmark = pytest.mark.django_db
MISSING = 987_654


def _same(first, second) -> None:
    assert first.status_code == second.status_code == 400
    assert first.json() == second.json()


def test_a_visit_naming_another_persons_relative(cast, books):
    other = members.family_member_add(
        actor=cast.actor("system"),
        person=cast.people["branch_b_member"],
        relation="spouse",
        name="Spouse B",
    )
    api = api_as(cast, "branch_a_liaison")
    for field in ("relative_id", "payee_id"):
        foreign = api.post("/care/visits", _payload(cast, **{field: other.pk}))
        missing = api.post("/care/visits", _payload(cast, **{field: MISSING}))
        _same(foreign, missing)
        assert foreign.json()["field"] == field


def test_a_visit_naming_another_persons_hardship_file(cast, books):
    office = api_as(cast, "office_admin")
    response = office.post(
        "/care/hardship-files",
        {
            "person_id": cast.people["branch_b_member"].pk,
            "household_size": 3,
            "annual_income_fen": 6_000_000,
        },
    )
    assert response.status_code == 201, response.content
    api = api_as(cast, "branch_a_liaison")
    foreign = api.post("/care/visits", _payload(cast, hardship_file_id=response.json()["id"]))
    missing = api.post("/care/visits", _payload(cast, hardship_file_id=MISSING))
    _same(foreign, missing)


def test_a_waiver_naming_another_persons_child(cast, books):
    person = cast.people["branch_a_member"]
    other_child = members.family_member_add(
        actor=cast.actor("system"),
        person=cast.people["branch_b_member"],
        relation="child",
        name="Child B",
    )
    members.membership_record_death(
        actor=cast.actor("system"), person=person, on=dt.date(2021, 5, 1)
    )
    office = api_as(cast, "office_admin")
    body = {"person_id": person.pk, "school_year": 2021}
    _same(
        office.post("/care/waivers", {**body, "child_id": other_child.pk}),
        office.post("/care/waivers", {**body, "child_id": MISSING}),
    )
