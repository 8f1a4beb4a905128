"""A relative who is also on the staff is linked; the link counts both ways for separation of
duties (decision 0011)."""

import pytest

from tongxin.approvals.conflicts import relatives_of
from tongxin.core.errors import ValidationFailed
from tongxin.members import services
from tongxin.members.models import FamilyMember
from tongxin.testing.api import api_as, assert_error, table_counts
from tongxin.testing.personas import PASSWORD, SYSTEM

pytestmark = pytest.mark.django_db


def test_links_count_both_ways(cast):
    member, chair = cast.people["branch_a_member"], cast.people["branch_a_chair"]
    assert relatives_of(member.pk) == frozenset()
    services.family_member_add(
        actor=SYSTEM, person=member, relation="spouse", name="Chair A", linked_person=chair
    )
    assert relatives_of(member.pk) == {chair.pk}
    assert relatives_of(chair.pk) == {member.pk}
    assert relatives_of(cast.people["branch_b_member"].pk) == frozenset()


def test_a_link_must_be_another_person_of_the_school(cast):
    member = cast.people["branch_a_member"]
    with pytest.raises(ValidationFailed) as info:
        services.family_member_add(
            actor=SYSTEM, person=member, relation="spouse", name="Me", linked_person=member
        )
    assert getattr(info.value, "field", None) == "linked_person"


def test_api_links_by_staff_number(cast):
    member = cast.people["branch_a_member"]
    api = api_as(cast, "branch_a_member")
    url = f"/members/people/{member.pk}/family"
    before = table_counts()
    bad = api.post(url, {"relation": "spouse", "name": "X", "linked_staff_number": "Z999"})
    assert_error(bad, 400, "invalid", "linked_staff_number")
    assert table_counts() == before
    made = api.post(url, {"relation": "spouse", "name": "Chair A", "linked_staff_number": "A0001"})
    assert made.status_code == 201
    assert made.json()["linked_person_id"] == cast.people["branch_a_chair"].pk
    unlinked = api.patch(
        f"/members/family-members/{made.json()['id']}", {"linked_staff_number": ""}
    )
    assert unlinked.json()["linked_person_id"] is None


def test_page_links_by_staff_number(cast, client):
    member = cast.people["branch_a_member"]
    client.login(username=cast.users["branch_a_member"].username, password=PASSWORD)
    response = client.post(
        f"/people/{member.pk}/family/new/",
        {"relation": "spouse", "name": "Chair A", "linked_staff_number": "A0001"},
    )
    assert response.status_code == 302
    assert FamilyMember.objects.get(person=member).linked_person == cast.people["branch_a_chair"]
