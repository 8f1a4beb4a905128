import datetime as dt

import pytest

from tongxin.activities import clock, services
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import SignUp
from tongxin.activities.services.checkin import normalize_code
from tongxin.core.errors import DomainError
from tongxin.members import services as members
from tongxin.participation.models import Participation

from .factories import SYSTEM, make_activity, make_people
from .helpers import state


def sign_up(activity, person, **kwargs):
    return services.activity_sign_up(actor=SYSTEM, activity=activity, person=person, **kwargs)


def during(activity):
    return clock.at(activity.starts_at + dt.timedelta(minutes=10))


def test_typed_code_checks_in_and_records_the_person_time(cast):
    # given a confirmed member of a study session
    activity = make_activity(cast.school, kind="study_session")
    row = sign_up(activity, cast.people["branch_a_member"])
    # when the office types the code in lower case with spaces
    with during(activity):
        result = services.signup_check_in(
            actor=cast.actor("office_admin"),
            activity=activity,
            code=f" {row.check_in_code.lower()} ",
        )
    # then the member is attended, and one study person-time is recorded
    assert not result.already
    assert result.sign_up.status == S.ATTENDED
    assert result.sign_up.checked_in_by_id == cast.users["office_admin"].pk
    record = Participation.objects.get(person=cast.people["branch_a_member"])
    assert record.kind == "study"
    assert record.occasion_id == str(activity.pk)


def test_qr_url_checks_in(cast, activity):
    row = sign_up(activity, cast.people["branch_a_member"])
    with during(activity):
        result = services.signup_check_in(
            actor=cast.actor("office_admin"),
            activity=activity,
            code=f"https://union.example/activities/check-in/{row.check_in_token}/",
        )
    assert result.sign_up.pk == row.pk
    assert result.sign_up.status == S.ATTENDED


def test_someone_elses_code_for_another_activity_changes_nothing(cast):
    # given two activities and a confirmed sign-up in the second
    first = make_activity(cast.school, title="First")
    second = make_activity(cast.school, title="Second")
    sign_up(first, cast.people["branch_a_member"])
    other = sign_up(second, cast.people["branch_b_member"])
    before = state()
    # when the second's code is scanned at the first
    with during(first), pytest.raises(DomainError) as info:
        services.signup_check_in(
            actor=cast.actor("office_admin"), activity=first, code=other.check_in_code
        )
    # then a clear error, and nothing changed anywhere
    assert info.value.code == "code_not_found"
    assert "another activity" in info.value.message
    assert state() == before


def test_second_check_in_is_idempotent_and_says_so(cast, activity):
    row = sign_up(activity, cast.people["branch_a_member"])
    office = cast.actor("office_admin")
    with during(activity):
        services.signup_check_in(actor=office, activity=activity, code=row.check_in_code)
        before = state()
        again = services.signup_check_in(actor=office, activity=activity, code=row.check_in_code)
    assert again.already
    assert state() == before
    assert Participation.objects.count() == 1


def test_waitlisted_person_cannot_be_checked_in(cast):
    activity = make_activity(cast.school, quota=1)
    sign_up(activity, cast.people["branch_a_member"])
    waiting = sign_up(activity, cast.people["branch_b_member"])
    before = state()
    with during(activity), pytest.raises(DomainError) as info:
        services.signup_check_in(
            actor=cast.actor("office_admin"), activity=activity, code=waiting.check_in_code
        )
    assert info.value.code == "not_confirmed"
    assert state() == before


def test_check_in_outside_the_window_is_refused(cast, activity):
    row = sign_up(activity, cast.people["branch_a_member"])
    before = state()
    with pytest.raises(DomainError) as info:
        services.signup_check_in(
            actor=cast.actor("office_admin"), activity=activity, code=row.check_in_code
        )
    assert info.value.code == "check_in_closed"
    assert state() == before


def test_self_check_in_with_the_event_code_covers_my_children(cast):
    # given a family activity where a parent signed up themselves and a child
    activity = make_activity(cast.school, family_scope="children")
    parent = cast.people["branch_a_member"]
    child = members.family_member_add(
        actor=SYSTEM, person=parent, relation="child", name="Kid", birth_on=dt.date(2015, 1, 1)
    )
    sign_up(activity, parent)
    sign_up(activity, parent, family_member=child, guardian_consent=True)
    sign_up(activity, cast.people["branch_b_member"])
    # when the parent types the event code shown at the venue
    with during(activity):
        results = services.activity_self_check_in(
            actor=cast.actor("branch_a_member"),
            activity=activity,
            event_code=activity.check_in_code.lower(),
        )
        again = services.activity_self_check_in(
            actor=cast.actor("branch_a_member"),
            activity=activity,
            event_code=activity.check_in_code,
        )
    # then both of theirs are attended, nobody else's; a repeat says "already"
    assert len(results) == 2
    assert not any(r.already for r in results)
    assert all(r.already for r in again)
    assert SignUp.objects.filter(activity=activity, status=S.ATTENDED).count() == 2
    assert SignUp.objects.get(person=cast.people["branch_b_member"]).status == S.CONFIRMED
    assert Participation.objects.filter(person=parent).count() == 1


def test_wrong_event_code_changes_nothing(cast, activity):
    sign_up(activity, cast.people["branch_a_member"])
    before = state()
    with during(activity), pytest.raises(DomainError) as info:
        services.activity_self_check_in(
            actor=cast.actor("branch_a_member"), activity=activity, event_code="WRONG1"
        )
    assert info.value.code == "wrong_event_code"
    assert state() == before


def test_self_check_in_without_a_place_is_refused(cast, activity):
    with during(activity), pytest.raises(DomainError) as info:
        services.activity_self_check_in(
            actor=cast.actor("branch_b_member"),
            activity=activity,
            event_code=activity.check_in_code,
        )
    assert info.value.code == "not_confirmed"


def test_outsider_check_in_records_no_person_time(cast):
    activity = make_activity(cast.school, outsiders_allowed=True)
    guest = services.activity_register_outsider(
        actor=cast.actor("office_admin"), activity=activity, name="Guest", phone="13900001111"
    )
    with during(activity):
        result = services.signup_check_in(
            actor=cast.actor("office_admin"), activity=activity, code=guest.check_in_code
        )
    assert result.sign_up.status == S.ATTENDED
    assert Participation.objects.count() == 0


def test_closing_marks_no_shows(cast, activity):
    people = make_people(cast.branch_a, 2)
    came, missed = sign_up(activity, people[0]), sign_up(activity, people[1])
    with during(activity):
        services.signup_check_in(
            actor=cast.actor("office_admin"), activity=activity, code=came.check_in_code
        )
    with clock.at(activity.ends_at + dt.timedelta(hours=1)):
        services.activity_close(actor=cast.actor("office_admin"), activity=activity)
    assert SignUp.objects.get(pk=missed.pk).status == S.NO_SHOW
    assert SignUp.objects.get(pk=came.pk).status == S.ATTENDED


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ab c2d3", "ABC2D3"),
        ("https://x/activities/check-in/Tok_en-123456789012345/", "Tok_en-123456789012345"),
        ("/activities/check-in/abcdefghijklmnopqrstuvwx/?x=1", "abcdefghijklmnopqrstuvwx"),
        ("", ""),
        ("///", ""),
    ],
)
def test_normalize_code(raw, expected):
    assert normalize_code(raw) == expected
