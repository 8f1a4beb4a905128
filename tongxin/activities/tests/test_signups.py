import datetime as dt

import pytest

from tongxin.activities import clock, services
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import SignUp
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification

from .factories import at, make_activity, make_people
from .helpers import state

SYSTEM = "system"


def sign_up(cast, activity, person, **kwargs):
    return services.activity_sign_up(
        actor=cast.actor(SYSTEM), activity=activity, person=person, **kwargs
    )


def status_of(sign_up_row):
    return SignUp.objects.get(pk=sign_up_row.pk).status


def test_confirms_until_the_quota_then_waitlists_in_order(cast):
    # given an activity with two places
    activity = make_activity(cast.school, quota=2)
    people = make_people(cast.branch_a, 4)
    # when four people sign up
    rows = [sign_up(cast, activity, person) for person in people]
    # then two have places and two wait, numbered in arrival order
    assert [r.status for r in rows] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [r.waitlist_position for r in rows] == [None, None, 1, 2]
    assert AuditEvent.objects.filter(event="sign_up.created").count() == 4
    assert len({r.check_in_code for r in rows}) == 4
    assert all(len(r.check_in_code) == 6 and len(r.check_in_token) >= 24 for r in rows)


def test_second_sign_up_of_the_same_person_is_refused_and_changes_nothing(cast, activity):
    person = cast.people["branch_a_member"]
    sign_up(cast, activity, person)
    before = state()
    with pytest.raises(DomainError) as info:
        sign_up(cast, activity, person)
    assert info.value.code == "already_signed_up"
    assert state() == before


def test_a_person_may_sign_up_again_after_cancelling(cast, activity):
    person = cast.people["branch_a_member"]
    first = sign_up(cast, activity, person)
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=first)
    second = sign_up(cast, activity, person)
    assert second.status == S.CONFIRMED
    assert SignUp.objects.filter(activity=activity, person=person).count() == 2


def test_per_branch_quota_waitlists_the_branch_but_not_others(cast):
    # given 3 places in all and at most 1 for branch A
    activity = make_activity(cast.school, quota=3)
    services.activity_branch_quotas_set(
        actor=cast.actor(SYSTEM), activity=activity, quotas={cast.branch_a.pk: 1}
    )
    a_people = make_people(cast.branch_a, 2, prefix="A")
    group_person = make_people(cast.group_a1, 1, prefix="G")[0]
    b_people = make_people(cast.branch_b, 2, prefix="B")
    # when two of A, one of A's group and two of B sign up
    rows = [sign_up(cast, activity, p) for p in [*a_people, group_person, *b_people]]
    # then A (counting its group) gets one place; B fills the rest
    assert [r.status for r in rows] == [
        S.CONFIRMED,
        S.WAITLISTED,
        S.WAITLISTED,
        S.CONFIRMED,
        S.CONFIRMED,
    ]
    assert rows[2].node_id == cast.branch_a.pk


def test_deadline_passed_is_refused_and_changes_nothing(cast, activity):
    before = state()
    with (
        clock.at(activity.sign_up_deadline + dt.timedelta(minutes=1)),
        pytest.raises(DomainError) as info,
    ):
        sign_up(cast, activity, cast.people["branch_a_member"])
    assert info.value.code == "deadline_passed"
    assert state() == before


def test_sign_up_before_opening_is_refused(cast):
    activity = make_activity(cast.school, sign_up_opens_at=at(days=1))
    with pytest.raises(DomainError) as info:
        sign_up(cast, activity, cast.people["branch_a_member"])
    assert info.value.code == "sign_up_not_started"


def test_draft_is_not_open(cast):
    activity = make_activity(cast.school, publish=False)
    with pytest.raises(DomainError) as info:
        sign_up(cast, activity, cast.people["branch_a_member"])
    assert info.value.code == "not_open"


def test_slots_are_required_and_have_their_own_capacity(cast):
    # given an activity with two slots of one place each
    activity = make_activity(cast.school, quota=None, starts_at=at(days=7), ends_at=at(days=9))
    first = services.activity_slot_add(
        actor=cast.actor(SYSTEM),
        activity=activity,
        starts_at=at(days=7),
        ends_at=at(days=7, hours=2),
        capacity=1,
    )
    second = services.activity_slot_add(
        actor=cast.actor(SYSTEM),
        activity=activity,
        starts_at=at(days=8),
        ends_at=at(days=8, hours=2),
        capacity=1,
    )
    people = make_people(cast.branch_a, 3)
    # when someone signs up without a slot
    with pytest.raises(ValidationFailed) as info:
        sign_up(cast, activity, people[0])
    assert info.value.code == "slot_required"
    # then slots fill independently
    assert sign_up(cast, activity, people[0], slot=first).status == S.CONFIRMED
    assert sign_up(cast, activity, people[1], slot=first).status == S.WAITLISTED
    assert sign_up(cast, activity, people[2], slot=second).status == S.CONFIRMED


def test_slot_of_another_activity_is_refused(cast, activity):
    other = make_activity(cast.school, starts_at=at(days=7), ends_at=at(days=8))
    slot = services.activity_slot_add(
        actor=cast.actor(SYSTEM),
        activity=other,
        starts_at=at(days=7),
        ends_at=at(days=7, hours=1),
        capacity=5,
    )
    with pytest.raises(ValidationFailed) as info:
        sign_up(cast, activity, cast.people["branch_a_member"], slot=slot)
    assert info.value.code == "invalid_slot"


def test_cancellation_offers_the_place_to_the_first_waiting(cast):
    # given a full activity with two waiting
    activity = make_activity(cast.school, quota=1, offer_hours=24)
    holder, first, second = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 3)]
    # when the holder cancels
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=holder)
    # then the first waiting is offered the place for 24 hours and told so
    offered = SignUp.objects.get(pk=first.pk)
    assert offered.status == S.OFFERED
    assert abs((offered.offer_expires_at - clock.now()) - dt.timedelta(hours=24)) < dt.timedelta(
        minutes=1
    )
    assert status_of(second) == S.WAITLISTED
    assert (
        Notification.objects.filter(person_id=first.person_id, kind="activity.offered").count() == 1
    )


def test_accepting_an_offer_confirms_it(cast):
    activity = make_activity(cast.school, quota=1)
    holder, waiting = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 2)]
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=holder)
    accepted = services.signup_accept_offer(actor=cast.actor(SYSTEM), sign_up=waiting)
    assert accepted.status == S.CONFIRMED
    assert (
        AuditEvent.objects.filter(event="sign_up.accepted", target_id=str(waiting.pk)).count() == 1
    )


def test_an_expired_offer_cannot_be_accepted_and_the_task_moves_on(cast):
    # given an offer with a 2-hour window
    activity = make_activity(cast.school, quota=1, offer_hours=2)
    holder, first, second = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 3)]
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=holder)
    later = clock.now() + dt.timedelta(hours=3)
    # when the person tries to accept after the window
    before = state()
    with clock.at(later), pytest.raises(DomainError) as info:
        services.signup_accept_offer(actor=cast.actor(SYSTEM), sign_up=first)
    assert info.value.code == "offer_expired"
    assert state() == before
    # then the expiry task expires it and offers the place to the next person, once
    assert services.activity_expire_offers(actor=cast.actor(SYSTEM), now=later) == 1
    assert services.activity_expire_offers(actor=cast.actor(SYSTEM), now=later) == 0
    assert status_of(first) == S.EXPIRED
    assert status_of(second) == S.OFFERED


def test_declining_an_offer_passes_it_on(cast):
    activity = make_activity(cast.school, quota=1)
    holder, first, second = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 3)]
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=holder)
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=first)
    assert status_of(second) == S.OFFERED


def test_zero_hour_window_confirms_the_next_person_at_once(cast):
    activity = make_activity(cast.school, quota=1, offer_hours=0)
    holder, waiting = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 2)]
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=holder)
    assert status_of(waiting) == S.CONFIRMED
    assert (
        Notification.objects.filter(person_id=waiting.person_id, kind="activity.promoted").count()
        == 1
    )


def test_promotion_respects_the_branch_quota(cast):
    # given branch A capped at 1 and a free place, with A waiting before B
    activity = make_activity(cast.school, quota=2, offer_hours=0)
    services.activity_branch_quotas_set(
        actor=cast.actor(SYSTEM), activity=activity, quotas={cast.branch_a.pk: 1}
    )
    _a1, a2 = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 2, prefix="A")]
    b1, b2, b3 = [sign_up(cast, activity, p) for p in make_people(cast.branch_b, 3, prefix="B")]
    assert [a2.status, b2.status, b3.status] == [S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]
    # when B's holder cancels
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=b1)
    # then A's waiting person is skipped (A is full) and B's first waiting gets it
    assert status_of(a2) == S.WAITLISTED
    assert status_of(b2) == S.CONFIRMED


def test_raising_the_quota_moves_the_waitlist(cast):
    activity = make_activity(cast.school, quota=1, offer_hours=0)
    _holder, waiting = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 2)]
    services.activity_update(actor=cast.actor(SYSTEM), activity=activity, changes={"quota": 2})
    assert status_of(waiting) == S.CONFIRMED


def test_cancellation_after_the_start_is_refused(cast, activity):
    row = sign_up(cast, activity, cast.people["branch_a_member"])
    before = state()
    with clock.at(activity.starts_at + dt.timedelta(minutes=5)), pytest.raises(DomainError) as info:
        services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=row)
    assert info.value.code == "already_started"
    assert state() == before


def test_cancelling_twice_is_an_invalid_transition(cast, activity):
    row = sign_up(cast, activity, cast.people["branch_a_member"])
    services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=row)
    with pytest.raises(InvalidTransition):
        services.signup_cancel(actor=cast.actor(SYSTEM), sign_up=row)


def test_approval_holds_no_place_until_approved(cast):
    # given an activity needing approval with one place
    activity = make_activity(cast.school, quota=1, requires_approval=True)
    first, second = [sign_up(cast, activity, p) for p in make_people(cast.branch_a, 2)]
    assert [first.status, second.status] == [S.PENDING_APPROVAL, S.PENDING_APPROVAL]
    office = cast.actor("office_admin")
    # when the organiser approves both
    approved = services.signup_decide(actor=office, sign_up=second, approve=True)
    late = services.signup_decide(actor=office, sign_up=first, approve=True)
    # then the first approved takes the place, the next waits; each is told
    assert approved.status == S.CONFIRMED
    assert late.status == S.WAITLISTED
    assert Notification.objects.filter(kind="activity.decided").count() == 2


def test_rejection_records_the_comment(cast):
    activity = make_activity(cast.school, requires_approval=True)
    row = sign_up(cast, activity, cast.people["branch_a_member"])
    rejected = services.signup_decide(
        actor=cast.actor("office_admin"), sign_up=row, approve=False, comment="Full team"
    )
    assert rejected.status == S.REJECTED
    assert rejected.decision_comment == "Full team"
    assert rejected.decided_by_id == cast.users["office_admin"].pk
    with pytest.raises(InvalidTransition):
        services.signup_decide(actor=cast.actor("office_admin"), sign_up=row, approve=True)


def test_outsider_is_registered_and_counted(cast):
    activity = make_activity(cast.school, quota=1, outsiders_allowed=True)
    office = cast.actor("office_admin")
    outsider = services.activity_register_outsider(
        actor=office,
        activity=activity,
        name="Guest One",
        phone="13900001111",
        organisation="Town HR bureau",
    )
    assert outsider.status == S.CONFIRMED
    assert outsider.node_id == cast.school.pk
    assert sign_up(cast, activity, cast.people["branch_a_member"]).status == S.WAITLISTED
    with pytest.raises(DomainError) as info:
        services.activity_register_outsider(
            actor=office, activity=activity, name="Guest Two", phone="139 0000 1111"
        )
    assert info.value.code == "already_signed_up"


def test_outsiders_only_when_allowed(cast, activity):
    with pytest.raises(DomainError) as info:
        services.activity_register_outsider(
            actor=cast.actor("office_admin"), activity=activity, name="Guest", phone="13900001111"
        )
    assert info.value.code == "not_in_audience"


def test_outsider_phone_must_be_a_mobile_number(cast):
    activity = make_activity(cast.school, outsiders_allowed=True)
    with pytest.raises(ValidationFailed) as info:
        services.activity_register_outsider(
            actor=cast.actor("office_admin"), activity=activity, name="G", phone="123"
        )
    assert info.value.code == "invalid_phone"


def test_a_check_in_code_already_used_in_the_activity_is_drawn_again(cast, activity, monkeypatch):
    # given a code generator that repeats itself once
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr("tongxin.activities.services.signups.new_code", lambda: next(codes))
    people = make_people(cast.branch_a, 2)
    # when two people sign up
    first, second = [sign_up(cast, activity, p) for p in people]
    # then the second gets a fresh code
    assert (first.check_in_code, second.check_in_code) == ("AAAAAA", "BBBBBB")
