import datetime as dt

import pytest
from django.utils import timezone

from tongxin.approvals.models import ApprovalDecision, ApprovalRequest
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.members import queries, services
from tongxin.members.models import MembershipEvent, MembershipPeriod, Person


def _state():
    return (
        AuditEvent.objects.count(),
        MembershipEvent.objects.count(),
        MembershipPeriod.objects.count(),
        ApprovalDecision.objects.count(),
    )


def _reload(person):
    return Person.objects.select_related("node").get(pk=person.pk)


def test_application_goes_through_branch_then_school_and_counts_from_approval(cast):
    # given a staff member of branch A who is not a member
    person = cast.people["branch_a_non_member"]
    # when they apply, the branch chair approves and then the union office approves
    application = services.membership_apply(actor=cast.actor("system"), person=person)
    assert _reload(person).membership_status == "applicant"
    first = services.membership_application_decide(
        actor=cast.actor("branch_a_chair"), application=application, outcome="approve"
    )
    assert (first.status, first.current_position) == ("pending", 2)
    assert _reload(person).membership_status == "applicant"
    final = services.membership_application_decide(
        actor=cast.actor("office_admin"), application=application, outcome="approve"
    )
    # then they are a member of branch A from the approval date
    person = _reload(person)
    assert final.status == "approved"
    assert person.membership_status == "member"
    assert person.joined_on == timezone.localdate()
    assert queries.membership_node_on(person_id=person.pk, on=timezone.localdate()) == cast.branch_a
    kinds = list(MembershipEvent.objects.filter(person=person).values_list("kind", flat=True))
    assert kinds == ["applied", "joined"]


def test_branch_chair_cannot_take_the_school_step(cast):
    # given an application past the branch step
    person = cast.people["branch_a_non_member"]
    application = services.membership_apply(actor=cast.actor("system"), person=person)
    services.membership_application_decide(
        actor=cast.actor("branch_a_chair"), application=application, outcome="approve"
    )
    before = _state()
    # when the branch chair tries to decide the school step
    with pytest.raises(Forbidden):
        services.membership_application_decide(
            actor=cast.actor("branch_a_chair"), application=application, outcome="approve"
        )
    # then nothing is written
    assert _state() == before
    assert _reload(person).membership_status == "applicant"


def test_rejection_needs_a_comment_and_restores_the_status(cast):
    # given a pending application
    person = cast.people["branch_a_non_member"]
    application = services.membership_apply(actor=cast.actor("system"), person=person)
    before = _state()
    # when the chair rejects without a reason
    with pytest.raises(DomainError) as info:
        services.membership_application_decide(
            actor=cast.actor("branch_a_chair"), application=application, outcome="reject"
        )
    # then it is refused and nothing is written
    assert info.value.code == "comment_required"
    assert _state() == before
    # when the chair rejects with a reason
    request = services.membership_application_decide(
        actor=cast.actor("branch_a_chair"),
        application=application,
        outcome="reject",
        comment="Not on the staff list yet",
    )
    # then the request is rejected and the person is back to "not a member"
    assert request.status == "rejected"
    assert _reload(person).membership_status == "none"
    assert MembershipEvent.objects.filter(person=person, kind="rejected").count() == 1


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", None),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_branch_step_decision_matrix(cast, persona, error):
    # given a fresh application in branch A
    person = cast.people["branch_a_non_member"]
    application = services.membership_apply(actor=cast.actor("system"), person=person)
    before = _state()
    # when the persona approves the branch step
    if error is None:
        request = services.membership_application_decide(
            actor=cast.actor(persona), application=application, outcome="approve"
        )
        # then the request moves to the school step
        assert request.current_position == 2
        assert ApprovalDecision.objects.filter(request=request, position=1).count() == 1
    else:
        with pytest.raises(error):
            services.membership_application_decide(
                actor=cast.actor(persona), application=application, outcome="approve"
            )
        # then nothing changed
        assert _state() == before
        assert ApprovalRequest.objects.get().current_position == 1


def test_apply_refuses_a_member(cast):
    person = cast.people["branch_a_member"]
    with pytest.raises(DomainError) as info:
        services.membership_apply(actor=cast.actor("branch_a_member"), person=person)
    assert info.value.code == "already_applied"
    assert ApprovalRequest.objects.count() == 0


def test_direct_join_refused_while_an_application_is_under_way(cast):
    # given a pending application
    person = cast.people["branch_a_non_member"]
    services.membership_apply(actor=cast.actor("system"), person=person)
    before = _state()
    # when the office records a join directly
    with pytest.raises(DomainError) as info:
        services.membership_join(
            actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 3, 1)
        )
    # then it is refused: the application is decided on its own page
    assert info.value.code == "already_applied"
    assert _state() == before


def test_transfer_closes_and_opens_periods(cast):
    # given a member of group A1 since 2015-09-01
    person = cast.people["branch_a_member"]
    # when the office transfers them to branch B on 2020-09-01
    services.membership_transfer(
        actor=cast.actor("office_admin"),
        person=person,
        to_node=cast.branch_b,
        on=dt.date(2020, 9, 1),
    )
    # then the old period ends that day and a new one starts in B
    periods = list(MembershipPeriod.objects.filter(person=person).order_by("started_on"))
    assert [(p.node_id, p.started_on, p.ended_on) for p in periods] == [
        (cast.group_a1.pk, dt.date(2015, 9, 1), dt.date(2020, 9, 1)),
        (cast.branch_b.pk, dt.date(2020, 9, 1), None),
    ]
    # and the branch on any date is known
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2016, 1, 1)) == cast.group_a1
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2020, 8, 31)) == cast.group_a1
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2020, 9, 1)) == cast.branch_b
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2010, 1, 1)) is None
    assert queries.membership_nodes_on(person_ids=[person.pk], on=dt.date(2019, 1, 1)) == {
        person.pk: cast.group_a1.pk
    }
    assert _reload(person).node_id == cast.branch_b.pk


def test_transfer_refuses_a_date_before_the_current_period(cast):
    person = cast.people["branch_a_member"]
    before = _state()
    with pytest.raises(DomainError) as info:
        services.membership_transfer(
            actor=cast.actor("office_admin"),
            person=person,
            to_node=cast.branch_b,
            on=dt.date(2010, 1, 1),
        )
    assert info.value.code == "date_before_last_event"
    assert _state() == before
    assert _reload(person).node_id == cast.group_a1.pk


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("finance_officer", Forbidden),
        ("auditor", Forbidden),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_transfer_matrix(cast, persona, error):
    # given a member of group A1
    person = cast.people["branch_a_member"]
    before = _state()
    # when the persona transfers them to branch B
    call = {
        "actor": cast.actor(persona),
        "person": person,
        "to_node": cast.branch_b,
        "on": dt.date(2021, 3, 1),
    }
    if error is None:
        services.membership_transfer(**call)
        assert _reload(person).node_id == cast.branch_b.pk
    else:
        with pytest.raises(error):
            services.membership_transfer(**call)
        # then nothing changed
        assert _state() == before
        assert _reload(person).node_id == cast.group_a1.pk


def test_retire_keeps_a_retained_membership(cast):
    # given a member
    person = cast.people["branch_b_member"]
    # when they retire on 2021-01-01
    services.membership_retire(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 1, 1)
    )
    # then they are retained (no vote) with a retained period from that day
    person = _reload(person)
    assert (person.membership_status, person.employment_status) == ("retained", "retired")
    assert not person.is_voting_member
    period = MembershipPeriod.objects.get(person=person, ended_on__isnull=True)
    assert (period.status, period.started_on) == ("retained", dt.date(2021, 1, 1))
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2021, 6, 1)) == cast.branch_b


def test_leave_ends_the_membership(cast):
    person = cast.people["branch_b_member"]
    services.membership_leave(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 2, 1)
    )
    person = _reload(person)
    assert person.membership_status == "left"
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2021, 1, 31)) == cast.branch_b
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2021, 2, 1)) is None
    # and leaving twice is refused
    with pytest.raises(DomainError) as info:
        services.membership_leave(
            actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 3, 1)
        )
    assert info.value.code == "not_a_member"


def test_death_ends_membership_and_employment(cast):
    person = cast.people["branch_b_member"]
    services.membership_record_death(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2021, 4, 2)
    )
    person = _reload(person)
    assert (person.membership_status, person.employment_status) == ("deceased", "deceased")
    assert queries.membership_node_on(person_id=person.pk, on=dt.date(2021, 4, 2)) is None
    assert MembershipEvent.objects.filter(person=person, kind="died").count() == 1


@pytest.mark.parametrize("change", ["retire", "leave", "death"])
@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("finance_officer", Forbidden),
        ("branch_a_chair", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_other_changes_matrix(cast, change, persona, error):
    # given member A and a membership change on 2021-03-01
    person = cast.people["branch_a_member"]
    run = {
        "retire": services.membership_retire,
        "leave": services.membership_leave,
        "death": services.membership_record_death,
    }[change]
    before = _state()
    if error is None:
        run(actor=cast.actor(persona), person=person, on=dt.date(2021, 3, 1))
        assert _reload(person).membership_status != "member"
    else:
        with pytest.raises(error):
            run(actor=cast.actor(persona), person=person, on=dt.date(2021, 3, 1))
        assert _state() == before
        assert _reload(person).membership_status == "member"


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_b_member", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_direct_join_matrix(cast, persona, error):
    person = cast.people["branch_a_non_member"]
    actor = cast.actor(persona)
    before = _state()
    if error is None:
        services.membership_join(actor=actor, person=person, on=dt.date(2021, 3, 1))
        assert _reload(person).joined_on == dt.date(2021, 3, 1)
    else:
        with pytest.raises(error):
            services.membership_join(actor=actor, person=person, on=dt.date(2021, 3, 1))
        assert _state() == before
        assert _reload(person).membership_status == "none"
