"""Naming a person for a club action cannot probe ids: a missing id, someone outside the
club's part of the union and someone who may not join all read alike, and a plain member
is refused before any lookup."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.clubs import services
from tongxin.testing.api import api_as
from tongxin.testing.personas import SYSTEM

from .factories import make_club, state

MISSING = 987_654


@pytest.fixture
def led_club(cast):
    club = make_club(cast.branch_a, name="Branch A chess")
    services.club_leader_add(actor=SYSTEM, club=club, person=cast.people["branch_a_liaison"])
    return club


def test_a_leader_learns_nothing_from_ids_outside_the_club(cast, led_club):
    leader = api_as(cast, "branch_a_liaison")
    url = f"/clubs/{led_club.pk}/members"
    before = state()
    answers = [
        leader.post(url, {"person_id": pk})
        for pk in (
            MISSING,
            cast.people["branch_b_member"].pk,  # another branch
            cast.people["office_admin"].pk,  # the school, above the club's branch
            cast.people["branch_a_non_member"].pk,  # in the branch, not a union member
        )
    ]
    assert {a.status_code for a in answers} == {400}
    assert len({a.content for a in answers}) == 1
    assert state() == before


def test_a_plain_member_is_refused_before_any_lookup(cast, led_club):
    member = api_as(cast, "branch_a_member")
    url = f"/clubs/{led_club.pk}/members"
    missing = member.post(url, {"person_id": MISSING})
    existing = member.post(url, {"person_id": cast.people["branch_a_liaison"].pk})
    assert missing.status_code == existing.status_code
    assert missing.status_code in (403, 404)
    assert missing.json() == existing.json()


def test_removing_a_non_member_reads_like_a_missing_id(cast, led_club):
    leader = api_as(cast, "branch_a_liaison")
    url = f"/clubs/{led_club.pk}/members/{{}}/remove"
    missing = leader.post(url.format(MISSING), {})
    outsider = leader.post(url.format(cast.people["branch_b_member"].pk), {})
    not_joined = leader.post(url.format(cast.people["branch_a_member"].pk), {})
    assert missing.status_code == outsider.status_code == not_joined.status_code == 400
    assert missing.json() == outsider.json() == not_joined.json()


def test_the_office_page_by_staff_number_answers_alike(cast, led_club, client):
    client.force_login(cast.users["branch_a_liaison"])
    url = reverse("clubs:member-add", args=[led_club.pk])
    with translation.override("zh-hans"):
        expected = gettext("Nobody in %(node)s has this staff number.") % {
            "node": cast.branch_a.name
        }
    before = state()
    for number in ("Z9999", "B1001", "A1002"):  # missing, other branch, not a union member
        response = client.post(url, {"staff_number": number}, follow=True)
        assert expected in response.content.decode()
    assert state() == before
