import datetime as dt

import pytest

from tongxin.activities import clock, services
from tongxin.activities.choices import ActivityStatus
from tongxin.activities.models import Activity, ActivitySlot
from tongxin.core.errors import DomainError, InvalidTransition, ValidationFailed
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification
from tongxin.orgs import services as orgs

from .factories import SYSTEM, activity_data, at, make_activity, make_people
from .helpers import state


def create_refused(cast, organiser=None, **overrides):
    before = state()
    with pytest.raises(ValidationFailed) as info:
        services.activity_create(
            actor=SYSTEM, organiser=organiser or cast.school, **activity_data(**overrides)
        )
    assert state() == before
    return info.value


def test_create_records_everything_with_co_organisers(cast):
    activity = services.activity_create(
        actor=cast.actor("office_admin"),
        organiser=cast.school,
        co_organiser_ids=[cast.branch_b.pk],
        **activity_data(
            outside_co_organisers="Town HR bureau", estimated_cost_fen=123456, budget_line="Culture"
        ),
    )
    assert activity.status == ActivityStatus.DRAFT
    assert activity.school_id == cast.school.pk
    assert list(activity.co_organisers.values_list("pk", flat=True)) == [cast.branch_b.pk]
    event = AuditEvent.objects.get(event="activity.created", target_id=str(activity.pk))
    assert event.changes["co_organisers"] == [cast.branch_b.pk]
    assert event.changes["estimated_cost_fen"] == 123456


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": at(days=6)}, "ends_at"),
        ({"sign_up_deadline": at(days=9)}, "sign_up_deadline"),
        ({"sign_up_opens_at": at(days=6)}, "sign_up_opens_at"),
        ({"allocation": "lottery"}, "lottery_at"),
        ({"allocation": "lottery", "lottery_at": at(days=4)}, "lottery_at"),
        ({"allocation": "lottery", "lottery_at": at(days=8)}, "lottery_at"),
        ({"min_age": 40, "max_age": 30}, "min_age"),
        ({"staff_allowed": False}, "staff_allowed"),
        ({"title": "  "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"min_age": 200}, "min_age"),
        ({"quota": 0}, "quota"),
    ],
)
def test_create_refuses_inconsistent_fields(cast, overrides, field):
    assert create_refused(cast, **overrides).field == field


def test_audience_must_lie_within_the_organiser(cast):
    error = create_refused(cast, organiser=cast.branch_a, audience_node=cast.branch_b)
    assert error.code == "invalid_audience"


def test_co_organisers_come_from_the_same_school(cast):
    other = orgs.node_create(actor=SYSTEM, parent=None, kind="school_union", name="Other school")
    before = state()
    with pytest.raises(ValidationFailed):
        services.activity_create(
            actor=SYSTEM, organiser=cast.school, co_organiser_ids=[other.pk], **activity_data()
        )
    assert state() == before


def test_changing_the_time_tells_everybody_signed_up(cast, activity):
    for person in make_people(cast.branch_a, 3):
        services.activity_sign_up(actor=SYSTEM, activity=activity, person=person)
    services.activity_update(
        actor=cast.actor("office_admin"),
        activity=activity,
        changes={"starts_at": activity.starts_at + dt.timedelta(hours=1), "place": "Hall 2"},
    )
    notices = Notification.objects.filter(kind="activity.changed")
    assert notices.count() == 3
    assert "Hall 2" in notices.first().body


def test_an_update_without_changes_records_nothing(cast, activity):
    before = state()
    services.activity_update(actor=SYSTEM, activity=activity, changes={"place": activity.place})
    assert state() == before


def test_allocation_cannot_change_after_sign_ups(cast, activity):
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    before = state()
    with pytest.raises(DomainError) as info:
        services.activity_update(
            actor=SYSTEM, activity=activity, changes={"requires_approval": True}
        )
    assert info.value.code == "has_sign_ups"
    assert state() == before


def test_cancel_tells_everybody_with_the_reason(cast, activity):
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    services.activity_cancel(actor=SYSTEM, activity=activity, reason="Typhoon warning")
    notice = Notification.objects.get(kind="activity.cancelled")
    assert notice.body == "Typhoon warning"
    assert notice.person_id == cast.people["branch_a_member"].pk
    with pytest.raises(InvalidTransition):
        services.activity_update(actor=SYSTEM, activity=activity, changes={"place": "X"})


def test_publish_only_drafts(cast, activity):
    with pytest.raises(InvalidTransition):
        services.activity_publish(actor=SYSTEM, activity=activity)


def test_close_only_after_the_end(cast, activity):
    before = state()
    with pytest.raises(DomainError) as info:
        services.activity_close(actor=SYSTEM, activity=activity)
    assert info.value.code == "not_ended"
    assert state() == before


def test_slots_lie_within_the_activity(cast, activity):
    before = state()
    with pytest.raises(ValidationFailed):
        services.activity_slot_add(
            actor=SYSTEM,
            activity=activity,
            starts_at=activity.starts_at - dt.timedelta(hours=1),
            ends_at=activity.ends_at,
            capacity=5,
        )
    assert state() == before


def test_slots_cannot_be_added_after_sign_ups_without_them(cast, activity):
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    with pytest.raises(DomainError) as info:
        services.activity_slot_add(
            actor=SYSTEM,
            activity=activity,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            capacity=5,
        )
    assert info.value.code == "has_sign_ups"


def test_a_slot_with_sign_ups_cannot_be_removed(cast, activity):
    slot = services.activity_slot_add(
        actor=SYSTEM,
        activity=activity,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        capacity=5,
    )
    empty = services.activity_slot_add(
        actor=SYSTEM,
        activity=activity,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        capacity=5,
    )
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"], slot=slot
    )
    with pytest.raises(DomainError) as info:
        services.activity_slot_remove(actor=SYSTEM, slot=slot)
    assert info.value.code == "has_sign_ups"
    services.activity_slot_remove(actor=SYSTEM, slot=empty)
    assert list(ActivitySlot.objects.filter(activity=activity)) == [slot]
    assert AuditEvent.objects.filter(event="activity_slot.removed").count() == 1


@pytest.mark.parametrize("which", ["group", "branch_outside_the_audience", "zero"])
def test_branch_quotas_must_name_branches_of_the_audience(cast, which):
    activity = make_activity(cast.branch_a, quota=5)
    quotas = {
        "group": {cast.group_a1.pk: 1},
        "branch_outside_the_audience": {cast.branch_b.pk: 1},
        "zero": {cast.branch_a.pk: 0},
    }[which]
    before = state()
    with pytest.raises(ValidationFailed) as info:
        services.activity_branch_quotas_set(actor=SYSTEM, activity=activity, quotas=quotas)
    assert info.value.code == "invalid_quota"
    assert state() == before


def test_branch_quotas_are_replaced_as_a_whole(cast, activity):
    services.activity_branch_quotas_set(
        actor=SYSTEM, activity=activity, quotas={cast.branch_a.pk: 2, cast.branch_b.pk: 3}
    )
    services.activity_branch_quotas_set(
        actor=SYSTEM, activity=activity, quotas={cast.branch_b.pk: 1}
    )
    assert list(activity.branch_quotas.values_list("node_id", "places")) == [(cast.branch_b.pk, 1)]


def test_clock_needs_an_aware_moment():
    naive = dt.datetime(2021, 5, 1, 9, 0)
    with pytest.raises(ValueError, match="aware"), clock.at(naive):
        pass


def test_closes_at_is_the_deadline_or_the_start(cast):
    activity = make_activity(cast.school, sign_up_deadline=None)
    assert activity.closes_at == activity.starts_at
    assert Activity.objects.get(pk=activity.pk).closes_at == activity.starts_at


def test_moving_the_dates_keeps_the_slots_inside(cast, activity):
    services.activity_slot_add(
        actor=SYSTEM,
        activity=activity,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        capacity=5,
    )
    before = state()
    with pytest.raises(ValidationFailed) as info:
        services.activity_update(
            actor=SYSTEM,
            activity=activity,
            changes={"ends_at": activity.ends_at - dt.timedelta(hours=1)},
        )
    assert info.value.field == "starts_at"
    assert state() == before
