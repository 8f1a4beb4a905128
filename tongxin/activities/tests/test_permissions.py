"""Authorization matrices: every permissioned service run as every persona. Denied rows get
the error (NotFound outside the persona's scope, Forbidden inside it) and change nothing."""

import datetime as dt

import pytest

from tongxin.activities import clock, services
from tongxin.activities.choices import ActivityStatus
from tongxin.activities.choices import SignUpStatus as S
from tongxin.core.errors import Forbidden, NotFound

from .factories import SYSTEM, activity_data, at, make_activity
from .helpers import state

OK = "ok"
PERSONAS = (
    "office_admin",
    "finance_officer",
    "auditor",
    "branch_a_chair",
    "branch_a_liaison",
    "branch_a_member",
    "branch_b_member",
    "outsider",
    "anonymous",
)


def matrix(**overrides):
    """Expected outcome per persona for managing a branch-A activity."""
    table = {
        "office_admin": OK,
        "finance_officer": Forbidden,
        "auditor": Forbidden,
        "branch_a_chair": OK,
        "branch_a_liaison": Forbidden,
        "branch_a_member": NotFound,
        "branch_b_member": NotFound,
        "outsider": NotFound,
        "anonymous": NotFound,
    }
    table.update(overrides)
    return [(name, table[name]) for name in PERSONAS]


def run(expected, call):
    """Run ``call``; on a denied row assert the error and that nothing changed."""
    if expected is OK:
        return call()
    before = state()
    with pytest.raises(expected):
        call()
    assert state() == before
    return None


@pytest.fixture
def branch_activity(cast):
    return make_activity(cast.branch_a, quota=5)


MANAGE = matrix()


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_create(cast, persona, expected):
    created = run(
        expected,
        lambda: services.activity_create(
            actor=cast.actor(persona), organiser=cast.branch_a, **activity_data()
        ),
    )
    if created:
        assert created.status == ActivityStatus.DRAFT
        assert created.audience_node_id == cast.branch_a.pk


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_update(cast, branch_activity, persona, expected):
    updated = run(
        expected,
        lambda: services.activity_update(
            actor=cast.actor(persona), activity=branch_activity, changes={"place": "Gym"}
        ),
    )
    if updated:
        assert updated.place == "Gym"


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_publish(cast, persona, expected):
    draft = make_activity(cast.branch_a, publish=False)
    published = run(
        expected, lambda: services.activity_publish(actor=cast.actor(persona), activity=draft)
    )
    if published:
        assert published.status == ActivityStatus.PUBLISHED
        assert len(published.check_in_code) == 6


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_cancel(cast, branch_activity, persona, expected):
    cancelled = run(
        expected,
        lambda: services.activity_cancel(actor=cast.actor(persona), activity=branch_activity),
    )
    if cancelled:
        assert cancelled.status == ActivityStatus.CANCELLED


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_close(cast, branch_activity, persona, expected):
    with clock.at(branch_activity.ends_at + dt.timedelta(hours=1)):
        closed = run(
            expected,
            lambda: services.activity_close(actor=cast.actor(persona), activity=branch_activity),
        )
    if closed:
        assert closed.status == ActivityStatus.CLOSED


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_slot_add(cast, branch_activity, persona, expected):
    slot = run(
        expected,
        lambda: services.activity_slot_add(
            actor=cast.actor(persona),
            activity=branch_activity,
            starts_at=branch_activity.starts_at,
            ends_at=branch_activity.ends_at,
            capacity=3,
        ),
    )
    if slot:
        assert slot.capacity == 3


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_branch_quotas(cast, branch_activity, persona, expected):
    rows = run(
        expected,
        lambda: services.activity_branch_quotas_set(
            actor=cast.actor(persona), activity=branch_activity, quotas={cast.branch_a.pk: 2}
        ),
    )
    if rows:
        assert [(r.node_id, r.places) for r in rows] == [(cast.branch_a.pk, 2)]


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_register_outsider(cast, persona, expected):
    activity = make_activity(cast.branch_a, outsiders_allowed=True)
    row = run(
        expected,
        lambda: services.activity_register_outsider(
            actor=cast.actor(persona), activity=activity, name="Guest", phone="13900001111"
        ),
    )
    if row:
        assert row.status == S.CONFIRMED


@pytest.mark.parametrize(("persona", "expected"), MANAGE)
def test_draw_lottery(cast, persona, expected):
    activity = make_activity(
        cast.branch_a, allocation="lottery", sign_up_deadline=at(days=2), lottery_at=at(days=3)
    )
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    with clock.at(activity.lottery_at):
        draw = run(
            expected,
            lambda: services.activity_draw_lottery(actor=cast.actor(persona), activity=activity),
        )
    if draw:
        assert len(draw.winner_ids) == 1


@pytest.mark.parametrize(("persona", "expected"), matrix(branch_a_liaison=Forbidden))
def test_decide(cast, persona, expected):
    activity = make_activity(cast.branch_a, requires_approval=True)
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    decided = run(
        expected,
        lambda: services.signup_decide(actor=cast.actor(persona), sign_up=row, approve=True),
    )
    if decided:
        assert decided.status == S.CONFIRMED


@pytest.mark.parametrize(("persona", "expected"), matrix(branch_a_liaison=OK))
def test_check_in(cast, branch_activity, persona, expected):
    row = services.activity_sign_up(
        actor=SYSTEM, activity=branch_activity, person=cast.people["branch_a_member"]
    )
    with clock.at(branch_activity.starts_at):
        result = run(
            expected,
            lambda: services.signup_check_in(
                actor=cast.actor(persona), activity=branch_activity, code=row.check_in_code
            ),
        )
    if result:
        assert result.sign_up.status == S.ATTENDED


@pytest.mark.parametrize(("persona", "expected"), matrix(branch_a_liaison=OK))
def test_export(cast, branch_activity, persona, expected):
    content = run(
        expected,
        lambda: services.activity_attendance_export(
            actor=cast.actor(persona), activity=branch_activity
        ),
    )
    if content:
        assert content[:2] == b"PK"


# Signing a person up: the person themselves, or officers over the person's branch.
SIGN_UP = matrix(branch_a_liaison=OK, branch_a_member=OK)


@pytest.mark.parametrize(("persona", "expected"), SIGN_UP)
def test_sign_up_branch_a_member(cast, activity, persona, expected):
    row = run(
        expected,
        lambda: services.activity_sign_up(
            actor=cast.actor(persona), activity=activity, person=cast.people["branch_a_member"]
        ),
    )
    if row:
        assert row.status == S.CONFIRMED
        assert row.created_by_id == (cast.users[persona].pk if persona in cast.users else None)


@pytest.mark.parametrize(("persona", "expected"), SIGN_UP)
def test_cancel_sign_up(cast, activity, persona, expected):
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    cancelled = run(
        expected, lambda: services.signup_cancel(actor=cast.actor(persona), sign_up=row)
    )
    if cancelled:
        assert cancelled.status == S.CANCELLED


@pytest.mark.parametrize(("persona", "expected"), SIGN_UP)
def test_accept_offer(cast, persona, expected):
    activity = make_activity(cast.school, quota=1)
    holder = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    services.signup_cancel(actor=SYSTEM, sign_up=holder)
    accepted = run(
        expected, lambda: services.signup_accept_offer(actor=cast.actor(persona), sign_up=row)
    )
    if accepted:
        assert accepted.status == S.CONFIRMED


def test_school_activity_is_managed_by_the_office_only(cast, activity):
    # a branch chair may manage their branch's activities, not the school's
    before = state()
    with pytest.raises(NotFound):
        services.activity_update(
            actor=cast.actor("branch_a_chair"), activity=activity, changes={"place": "X"}
        )
    assert state() == before
