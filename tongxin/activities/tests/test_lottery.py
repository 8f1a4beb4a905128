import datetime as dt
from collections import Counter

import pytest

from tongxin.activities import clock, services
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.draw import lottery_replay, run_draw, ticket
from tongxin.activities.models import LotteryDraw, SignUp
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.notifications.models import Notification

from .factories import SYSTEM, at, make_activity, make_people
from .helpers import state


def lottery_activity(cast, **overrides):
    data = {
        "quota": 3,
        "allocation": "lottery",
        "sign_up_deadline": at(days=2),
        "lottery_at": at(days=3),
    }
    data.update(overrides)
    return make_activity(cast.school, **data)


def enter(activity, people):
    return [services.activity_sign_up(actor=SYSTEM, activity=activity, person=p) for p in people]


def after_deadline(activity):
    return clock.at(activity.sign_up_deadline + dt.timedelta(hours=1))


def test_sign_ups_enter_the_lottery_and_hold_no_place(cast):
    activity = lottery_activity(cast)
    rows = enter(activity, make_people(cast.branch_a, 5))
    assert {r.status for r in rows} == {S.ENTERED}


def test_draw_before_the_deadline_is_refused_and_changes_nothing(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 5))
    before = state()
    with pytest.raises(DomainError) as info:
        services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    assert info.value.code == "lottery_not_due"
    assert state() == before


def test_draw_confirms_the_quota_and_waitlists_the_rest_in_ticket_order(cast):
    # given 5 candidates for 3 places
    activity = lottery_activity(cast)
    rows = enter(activity, make_people(cast.branch_a, 5))
    # when the organiser draws after the deadline
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    # then 3 win, 2 wait, and the order is the tickets' order
    statuses = Counter(SignUp.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses == {S.CONFIRMED: 3, S.WAITLISTED: 2}
    ordered = sorted((r.pk for r in rows), key=lambda pk: ticket(draw.seed, pk))
    assert draw.winner_ids == ordered[:3]
    assert draw.waitlist_ids == ordered[3:]
    positions = dict(
        SignUp.objects.filter(pk__in=draw.waitlist_ids).values_list("pk", "waitlist_position")
    )
    assert [positions[pk] for pk in draw.waitlist_ids] == [1, 2]
    # and the seed is in the audit trail, everybody is told the result
    event = AuditEvent.objects.get(event="lottery.drawn")
    assert event.changes["seed"] == draw.seed
    assert Notification.objects.filter(kind="activity.lottery").count() == 5


def test_replay_from_the_recorded_seed_gives_the_same_winners(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 8))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    stored = LotteryDraw.objects.get(pk=draw.pk)
    replay = lottery_replay(stored)
    assert replay.matches
    assert replay.winner_ids == stored.winner_ids


def test_a_changed_candidate_list_is_detected(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 8))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    # when someone drops the first winner from the recorded candidates
    draw.candidates = [c for c in draw.candidates if c[0] != draw.winner_ids[0]]
    # then the replay no longer matches the recorded result
    assert not lottery_replay(draw).matches


def test_a_changed_seed_is_detected(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 8))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    draw.seed = str(int(draw.seed) + 1)
    assert not lottery_replay(draw).matches


def test_branch_quotas_are_respected_in_the_draw(cast):
    # given 4 places, branch A capped at 1, six candidates from A and two from B
    activity = lottery_activity(cast, quota=4)
    services.activity_branch_quotas_set(
        actor=SYSTEM, activity=activity, quotas={cast.branch_a.pk: 1}
    )
    enter(activity, make_people(cast.branch_a, 6, prefix="A-"))
    enter(activity, make_people(cast.branch_b, 2, prefix="B-"))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    # then whatever the seed, A gets its one place, B both of its, and a place stays free
    confirmed = Counter(
        SignUp.objects.filter(activity=activity, status=S.CONFIRMED).values_list(
            "node_id", flat=True
        )
    )
    assert confirmed == {cast.branch_a.pk: 1, cast.branch_b.pk: 2}
    assert len(draw.waitlist_ids) == 5
    assert draw.capacity["branches"] == {str(cast.branch_a.pk): 1}


def test_undersubscribed_draw_confirms_everybody(cast):
    activity = lottery_activity(cast, quota=10)
    enter(activity, make_people(cast.branch_a, 4))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    assert len(draw.winner_ids) == 4
    assert draw.waitlist_ids == []


def test_second_draw_is_refused(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 4))
    with after_deadline(activity):
        services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
        before = state()
        with pytest.raises(DomainError) as info:
            services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    assert info.value.code == "lottery_drawn"
    assert state() == before


def test_first_come_activity_has_no_lottery(cast, activity):
    with (
        clock.at(activity.sign_up_deadline + dt.timedelta(hours=1)),
        pytest.raises(DomainError) as info,
    ):
        services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
    assert info.value.code == "not_lottery"


def test_cancellation_after_the_draw_offers_the_place_in_ticket_order(cast):
    activity = lottery_activity(cast, quota=1)
    enter(activity, make_people(cast.branch_a, 3))
    with after_deadline(activity):
        draw = services.activity_draw_lottery(actor=cast.actor("office_admin"), activity=activity)
        winner = SignUp.objects.get(pk=draw.winner_ids[0])
        services.signup_cancel(actor=SYSTEM, sign_up=winner)
    assert SignUp.objects.get(pk=draw.waitlist_ids[0]).status == S.OFFERED
    assert SignUp.objects.get(pk=draw.waitlist_ids[1]).status == S.WAITLISTED


def test_due_lotteries_are_drawn_once_by_the_task(cast):
    activity = lottery_activity(cast)
    enter(activity, make_people(cast.branch_a, 4))
    assert (
        services.activity_draw_due_lotteries(
            actor=SYSTEM, now=activity.lottery_at - dt.timedelta(minutes=1)
        )
        == 0
    )
    with clock.at(activity.lottery_at):
        assert services.activity_draw_due_lotteries(actor=SYSTEM) == 1
        assert services.activity_draw_due_lotteries(actor=SYSTEM) == 0
    assert LotteryDraw.objects.filter(activity=activity).count() == 1


def test_run_draw_with_slots_and_unlimited_total():
    # given four candidates over two slots of one place each, no overall cap
    candidates = [[1, 10, 100], [2, 10, 100], [3, 10, 200], [4, 10, 200]]
    capacity = {"total": None, "branches": {}, "slots": {"100": 1, "200": 1}}
    winners, waitlist = run_draw("42", candidates, capacity)
    # then one per slot wins, and the result depends only on the seed
    assert sorted(c[2] for c in candidates if c[0] in winners) == [100, 200]
    assert len(waitlist) == 2
    assert run_draw("42", candidates, capacity) == (winners, waitlist)
