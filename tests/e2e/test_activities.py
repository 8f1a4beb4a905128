"""Browser tests for activities: a member signs up on a phone and lands on the waitlist; the
organiser checks a member in by typing the code."""

import datetime as dt

from django.utils import timezone

from tests.e2e.conftest import log_in
from tongxin.activities import services
from tongxin.activities.choices import SignUpStatus
from tongxin.activities.models import SignUp
from tongxin.orgs.actor import Actor

SYSTEM = Actor.system()


def _activity(cast, **overrides):
    now = timezone.now().replace(second=0, microsecond=0)
    data = {
        "kind": "culture",
        "title": "Cinema outing",
        "place": "City cinema",
        "starts_at": now + dt.timedelta(days=3),
        "ends_at": now + dt.timedelta(days=3, hours=3),
        "sign_up_deadline": now + dt.timedelta(days=2),
        "quota": 1,
    }
    data.update(overrides)
    activity = services.activity_create(actor=SYSTEM, organiser=cast.school, **data)
    return services.activity_publish(actor=SYSTEM, activity=activity)


def test_member_signs_up_on_a_phone_and_is_waitlisted_when_full(page, live_server, cast):
    # given a one-place activity whose place is taken
    activity = _activity(cast)
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    # when a member opens it on a 375 px phone and signs up
    log_in(page, live_server.url, cast.users["branch_a_member"].username)
    page.get_by_test_id("tile-activities").click()
    page.get_by_test_id("activity-link").filter(has_text="Cinema outing").click()
    page.get_by_test_id("sign-up").click()
    page.wait_for_load_state("networkidle")
    # then the page says they are first on the waitlist, without horizontal scrolling
    status = page.get_by_test_id("my-sign-up").get_by_test_id("signup-status")
    assert "#1" in status.inner_text()
    assert (
        SignUp.objects.get(person=cast.people["branch_a_member"]).status == SignUpStatus.WAITLISTED
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_organiser_checks_a_member_in_by_typing_the_code(desktop_page, live_server, cast):
    # given a confirmed member of an activity starting within the hour
    now = timezone.now().replace(second=0, microsecond=0)
    activity = _activity(
        cast,
        title="Party history study",
        kind="study_session",
        starts_at=now + dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=2),
        sign_up_deadline=now + dt.timedelta(minutes=20),
        quota=10,
    )
    sign_up = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    # when the office opens the check-in page and types the member's code
    page = desktop_page
    log_in(page, live_server.url, cast.users["office_admin"].username)
    page.goto(f"{live_server.url}/activities/{activity.pk}/manage/")
    page.get_by_test_id("check-in-link").click()
    page.locator("input[name=code]").fill(sign_up.check_in_code.lower())
    page.get_by_test_id("check-in-submit").click()
    # then the page confirms it (via htmx, no reload) and the member is attended
    page.get_by_test_id("check-in-done").wait_for()
    assert "Member A" in page.get_by_test_id("check-in-done").inner_text()
    assert SignUp.objects.get(pk=sign_up.pk).status == SignUpStatus.ATTENDED
    # and typing it again says they were already checked in
    page.locator("input[name=code]").fill(sign_up.check_in_code)
    page.get_by_test_id("check-in-submit").click()
    page.get_by_test_id("check-in-already").wait_for()
