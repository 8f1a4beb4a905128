import datetime as dt

import pytest
from django.utils import timezone

from tongxin.accounts import services as accounts
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.members import queries, services
from tongxin.members.models import Officer
from tongxin.orgs.models import RoleAssignment


def _state():
    return (Officer.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count())


def test_appointing_grants_the_role_when_the_person_has_an_account(cast):
    # given a member with an account
    person = cast.people["branch_a_member"]
    # when the branch chair appoints them liaison of branch A
    officer = services.officer_appoint(
        actor=cast.actor("branch_a_chair"), node=cast.branch_a, person=person, position="liaison"
    )
    # then the liaison role is granted on branch A for the term
    assignment = officer.role_assignment
    assert (assignment.role, assignment.node_id) == ("liaison", cast.branch_a.pk)
    assert assignment.user_id == cast.users["branch_a_member"].pk
    assert "liaison" in cast.actor("branch_a_member").roles()


def test_ending_the_term_ends_the_role(cast):
    # given a liaison appointed through an office
    person = cast.people["branch_a_member"]
    officer = services.officer_appoint(
        actor=cast.actor("office_admin"), node=cast.branch_a, person=person, position="liaison"
    )
    # when the term ends today
    services.officer_end(actor=cast.actor("office_admin"), officer=officer)
    # then the office and its role end today, and tomorrow the role is gone
    officer.refresh_from_db()
    assignment = RoleAssignment.objects.get(pk=officer.role_assignment_id)
    assert officer.ended_on == timezone.localdate()
    assert assignment.ends_on == timezone.localdate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).active(tomorrow).exists()


def test_without_an_account_no_role_until_one_is_opened(cast):
    # given a person without an account appointed committee member and liaison
    person = cast.people["branch_a_non_member"]
    liaison = services.officer_appoint(
        actor=cast.actor("office_admin"), node=cast.branch_a, person=person, position="liaison"
    )
    assert liaison.role_assignment is None
    # when the office opens their account
    user, _password = accounts.account_create(actor=cast.actor("office_admin"), person=person)
    # then the open term's role is granted
    liaison.refresh_from_db()
    assert liaison.role_assignment.user_id == user.pk
    assert liaison.role_assignment.role == "liaison"


@pytest.mark.parametrize(
    ("persona", "position", "error"),
    [
        ("office_admin", "chair", None),
        ("office_admin", "liaison", None),
        ("branch_a_chair", "liaison", None),
        ("branch_a_chair", "committee_member", None),
        ("branch_a_chair", "chair", Forbidden),
        ("branch_a_chair", "vice_chair", Forbidden),
        ("branch_a_liaison", "liaison", Forbidden),
        ("finance_officer", "liaison", Forbidden),
        ("branch_a_member", "liaison", NotFound),
        ("branch_b_member", "liaison", NotFound),
        ("outsider", "liaison", NotFound),
        ("anonymous", "liaison", NotFound),
    ],
)
def test_appoint_matrix(cast, persona, position, error):
    # given a member of branch A and the branch itself
    person = cast.people["branch_a_member"]
    before = _state()
    call = {
        "actor": cast.actor(persona),
        "node": cast.branch_a,
        "person": person,
        "position": position,
    }
    if error is None:
        officer = services.officer_appoint(**call)
        assert (officer.node_id, officer.position) == (cast.branch_a.pk, position)
    else:
        with pytest.raises(error):
            services.officer_appoint(**call)
        assert _state() == before


def test_positions_offered_follow_the_appointer(cast):
    chair = {
        v
        for v, _label in queries.appointable_positions(
            actor=cast.actor("branch_a_chair"), node=cast.branch_a
        )
    }
    office = {
        v
        for v, _label in queries.appointable_positions(
            actor=cast.actor("office_admin"), node=cast.branch_a
        )
    }
    assert chair == {"committee_member", "liaison"}
    assert office == {
        "chair",
        "vice_chair",
        "committee_member",
        "liaison",
        "finance_officer",
        "audit_committee_member",
    }
    assert (
        queries.appointable_positions(actor=cast.actor("branch_a_liaison"), node=cast.branch_a)
        == []
    )


def test_refuses_a_second_open_term_in_the_same_position(cast):
    person = cast.people["branch_a_member"]
    services.officer_appoint(
        actor=cast.actor("office_admin"),
        node=cast.branch_a,
        person=person,
        position="committee_member",
    )
    before = _state()
    with pytest.raises(DomainError) as info:
        services.officer_appoint(
            actor=cast.actor("office_admin"),
            node=cast.branch_a,
            person=person,
            position="committee_member",
        )
    assert info.value.code == "duplicate_officer"
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", None),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_end_matrix(cast, persona, error):
    # given a committee member of branch A (the appointee is branch A's member)
    officer = services.officer_appoint(
        actor=cast.actor("office_admin"),
        node=cast.branch_a,
        person=cast.people["branch_a_member"],
        position="liaison",
    )
    before = _state()
    if error is None:
        services.officer_end(actor=cast.actor(persona), officer=officer)
        officer.refresh_from_db()
        assert officer.ended_on == timezone.localdate()
    else:
        with pytest.raises(error):
            services.officer_end(actor=cast.actor(persona), officer=officer)
        officer.refresh_from_db()
        assert officer.ended_on is None
        assert _state() == before
