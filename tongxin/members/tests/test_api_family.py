"""The family API: a person's relatives, kept by the person and their branch."""

import pytest

from tongxin.members import services
from tongxin.members.models import FamilyMember
from tongxin.testing.api import api_as, assert_error, query_count, table_counts
from tongxin.testing.personas import SYSTEM


@pytest.fixture
def child(cast):
    return services.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="child",
        name="Little A",
        gender="female",
        school_stage="primary",
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("branch_a_member", 200),
        ("branch_a_chair", 200),
        ("branch_a_liaison", 200),
        ("office_admin", 200),
        ("finance_officer", 404),
        ("branch_b_member", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_family_list_matrix(cast, child, persona, status):
    # when
    response = api_as(cast, persona).get(
        f"/members/people/{cast.people['branch_a_member'].pk}/family"
    )
    # then
    assert response.status_code == status
    if status == 200:
        assert response.json() == {
            "items": [
                {
                    "id": child.pk,
                    "person_id": cast.people["branch_a_member"].pk,
                    "relation": "child",
                    "name": "Little A",
                    "gender": "female",
                    "birth_on": None,
                    "school_stage": "primary",
                    "note": "",
                    "linked_person_id": None,
                }
            ],
            "count": 1,
        }


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("branch_a_member", 201, None),
        ("branch_a_liaison", 201, None),
        ("office_admin", 201, None),
        ("branch_b_member", 404, "not_found"),
        ("finance_officer", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_family_member_add_matrix(cast, persona, status, code):
    # given
    person = cast.people["branch_a_member"]
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.post(
        f"/members/people/{person.pk}/family",
        {"relation": "spouse", "name": "Partner A", "birth_on": "1982-05-06"},
    )
    # then
    if code is None:
        assert response.status_code == status
        member = FamilyMember.objects.get(pk=response.json()["id"])
        assert (member.person_id, member.relation, member.name, member.birth_on.isoformat()) == (
            person.pk,
            "spouse",
            "Partner A",
            "1982-05-06",
        )
    else:
        assert_error(response, status, code)
        assert table_counts() == before


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"relation": "cousin", "name": "X"}, "invalid", "relation"),
        ({"relation": "child", "name": "   "}, "invalid", "name"),
        ({"relation": "spouse", "name": "X", "school_stage": "primary"}, "invalid", "school_stage"),
        ({"relation": "child", "name": "X", "birth_on": "2199-01-01"}, "invalid", "birth_on"),
        ({"relation": "child", "name": "X", "gender": "robot"}, "invalid", "gender"),
    ],
)
def test_family_member_add_refuses_bad_data(cast, payload, code, field):
    # given
    client = api_as(cast, "branch_a_member")
    before = table_counts()
    # when
    response = client.post(f"/members/people/{cast.people['branch_a_member'].pk}/family", payload)
    # then
    assert_error(response, 400, code, field)
    assert table_counts() == before


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("branch_a_member", 200, None),
        ("branch_a_chair", 200, None),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_family_member_update_matrix(cast, child, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.patch(f"/members/family-members/{child.pk}", {"school_stage": "junior_high"})
    # then
    child.refresh_from_db()
    if code is None:
        assert response.status_code == status
        assert (child.school_stage, child.name) == ("junior_high", "Little A")
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert child.school_stage == "primary"


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("branch_a_member", 204, None),
        ("office_admin", 204, None),
        ("branch_b_member", 404, "not_found"),
        ("finance_officer", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_family_member_remove_matrix(cast, child, persona, status, code):
    # given
    client = api_as(cast, persona)
    before = table_counts()
    # when
    response = client.delete(f"/members/family-members/{child.pk}")
    # then
    if code is None:
        assert (response.status_code, response.content) == (status, b"")
        assert not FamilyMember.objects.filter(pk=child.pk).exists()
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_family_list_runs_the_same_number_of_queries_whatever_the_size(cast, child):
    # given
    office = api_as(cast, "office_admin")
    path = f"/members/people/{cast.people['branch_a_member'].pk}/family"
    small = query_count(office, path)
    # when
    for number in range(6):
        services.family_member_add(
            actor=SYSTEM,
            person=cast.people["branch_a_member"],
            relation="parent",
            name=f"P{number}",
        )
    large = query_count(office, path)
    # then
    assert office.get(path).json()["count"] == 7
    assert large == small
