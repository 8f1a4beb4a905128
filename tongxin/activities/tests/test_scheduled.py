import datetime as dt

import pytest

from tongxin.activities import services
from tongxin.activities.models import SignUp
from tongxin.core.errors import Forbidden
from tongxin.notifications.models import Notification

from .factories import SYSTEM, at, make_activity, make_people


def test_reminders_go_once_to_confirmed_people_within_the_window(cast, settings):
    # given a 24-hour window, an activity starting in 20 hours and one in 3 days
    settings.TONGXIN_ACTIVITY_REMINDER_HOURS = 24
    soon = make_activity(
        cast.school,
        starts_at=at(hours=20),
        ends_at=at(hours=22),
        sign_up_deadline=at(hours=10),
        quota=2,
    )
    later = make_activity(
        cast.school, starts_at=at(days=3), ends_at=at(days=3, hours=2), sign_up_deadline=at(days=2)
    )
    people = make_people(cast.branch_a, 3)
    for person in people:
        services.activity_sign_up(actor=SYSTEM, activity=soon, person=person)
    services.activity_sign_up(actor=SYSTEM, activity=later, person=people[0])
    # when the task runs twice
    first = services.activity_send_reminders(actor=SYSTEM)
    second = services.activity_send_reminders(actor=SYSTEM)
    # then the two confirmed people of the soon activity are reminded once; the waitlisted not
    assert (first, second) == (2, 0)
    assert Notification.objects.filter(kind="activity.reminder").count() == 2
    assert SignUp.objects.filter(activity=soon, reminded_at__isnull=False).count() == 2


def test_reminders_follow_the_slot_time(cast, settings):
    settings.TONGXIN_ACTIVITY_REMINDER_HOURS = 24
    activity = make_activity(
        cast.school,
        starts_at=at(hours=20),
        ends_at=at(days=5),
        sign_up_deadline=at(hours=10),
        quota=None,
    )
    early = services.activity_slot_add(
        actor=SYSTEM, activity=activity, starts_at=at(hours=20), ends_at=at(hours=21), capacity=5
    )
    late = services.activity_slot_add(
        actor=SYSTEM,
        activity=activity,
        starts_at=at(days=4),
        ends_at=at(days=4, hours=1),
        capacity=5,
    )
    first, second = make_people(cast.branch_a, 2)
    services.activity_sign_up(actor=SYSTEM, activity=activity, person=first, slot=early)
    services.activity_sign_up(actor=SYSTEM, activity=activity, person=second, slot=late)
    assert services.activity_send_reminders(actor=SYSTEM) == 1
    assert Notification.objects.get(kind="activity.reminder").person_id == first.pk
    assert services.activity_send_reminders(actor=SYSTEM, now=at(days=3, hours=12)) == 1


def test_scheduled_services_are_for_the_system_only(cast):
    with pytest.raises(Forbidden):
        services.activity_send_reminders(actor=cast.actor("office_admin"))
    with pytest.raises(Forbidden):
        services.activity_expire_offers(actor=cast.actor("office_admin"))
    with pytest.raises(Forbidden):
        services.activity_draw_due_lotteries(
            actor=cast.actor("office_admin"), now=at(days=1) + dt.timedelta()
        )


def test_tick_command_runs_all_three(cast, capsys):
    from django.core.management import call_command

    call_command("activities_tick")
    assert "offers expired: 0, lotteries drawn: 0, reminders sent: 0" in capsys.readouterr().out
