"""Separation of duties on care visits (decision 0011): an officer who files a visit for
themself, or whose family it concerns, never decides a step of it; the page says why."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tongxin.accounts.actors import actor_for
from tongxin.accounts.models import User
from tongxin.care import services
from tongxin.care.choices import VisitStatus
from tongxin.core.errors import DomainError
from tongxin.orgs import services as orgs
from tongxin.orgs.choices import Role
from tongxin.testing.care import PAID_ON, file_visit
from tongxin.testing.personas import PASSWORD, SYSTEM

from .conftest import counts

pytestmark = pytest.mark.django_db


def _decide(actor, visit):
    return services.care_visit_decide(actor=actor, visit=visit, outcome="approve", on=PAID_ON)


def _second(cast, role, node, username):
    user = User(username=username, display_name=username)
    user.set_password(PASSWORD)
    user.save()
    orgs.role_assign(
        actor=SYSTEM, user_id=user.pk, role=role, node=node, starts_on=dt.date(2020, 1, 1)
    )
    return actor_for(User.objects.get(pk=user.pk))


def _refused(actor, visit):
    before = counts()
    with pytest.raises(DomainError) as info:
        _decide(actor, visit)
    assert info.value.code == "conflict_of_interest"
    assert counts() == before
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED


def test_a_chair_filing_for_himself_leaves_the_branch_step_to_the_office(cast, books):
    # given the branch chair files a visit for himself
    chair = cast.actor("branch_a_chair")
    visit = file_visit(chair, cast.people["branch_a_chair"])
    # then neither he nor a second chair of his branch decides the branch step
    _refused(chair, visit)
    vice = _second(cast, Role.BRANCH_CHAIR, cast.branch_a, "vice_chair")
    _refused(vice, visit)
    # and the union office (the level above) does, then finance pays
    visit = _decide(cast.actor("office_admin"), visit)
    visit = _decide(cast.actor("office_admin"), visit)
    visit = _decide(cast.actor("finance_officer"), visit)
    assert visit.status == VisitStatus.PAID


def test_the_office_filing_for_itself_needs_another_office_holder(cast, books):
    # given the office files a visit for a member of branch A; the visit concerns a member
    # whose spouse is the office holder
    office = cast.actor("office_admin")
    from tongxin.members import services as members

    members.family_member_add(
        actor=SYSTEM,
        person=cast.people["branch_a_member"],
        relation="spouse",
        name="Office Admin",
        linked_person=cast.people["office_admin"],
    )
    visit = file_visit(cast.actor("branch_a_liaison"), cast.people["branch_a_member"])
    visit = _decide(cast.actor("branch_a_chair"), visit)
    # then the office holder, family of the member, is refused the school step
    _refused(office, visit)
    # and another office holder decides it
    other = _second(cast, Role.UNION_OFFICE, cast.school, "office_two")
    visit = _decide(other, visit)
    assert visit.approval.current_position == 3


def test_finance_does_not_pay_itself(cast, books):
    finance = cast.actor("finance_officer")
    visit = file_visit(cast.actor("office_admin"), cast.people["finance_officer"])
    other_office = _second(cast, Role.UNION_OFFICE, cast.school, "office_two")
    visit = _decide(other_office, visit)  # the filer (office) may not decide: another holder
    visit = _decide(other_office, visit)
    _refused(finance, visit)
    visit = _decide(_second(cast, Role.FINANCE_OFFICER, cast.school, "finance_two"), visit)
    assert visit.status == VisitStatus.PAID


def test_the_page_and_the_api_say_why(cast, books, client):
    chair = cast.actor("branch_a_chair")
    visit = file_visit(chair, cast.people["branch_a_chair"])
    client.login(username=cast.users["branch_a_chair"].username, password=PASSWORD)
    with translation.override("zh-hans"):
        response = client.get(f"/care/visits/{visit.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        expected = gettext("You filed this; it must be decided by someone else.")
    assert response.status_code == 200
    assert response.context["decision_form"] is None
    assert expected in response.content.decode()
    body = client.get(f"/api/v1/care/visits/{visit.pk}").json()
    assert body["may_decide"] is False
    assert body["decide_blocker"]
    # and a decision posted anyway changes nothing
    before = counts()
    client.post(f"/care/visits/{visit.pk}/decide/", {"outcome": "approve", "position": 1})
    assert counts() == before
