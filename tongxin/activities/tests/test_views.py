import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tongxin.activities import clock, services
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import SignUp
from tongxin.core.models import AuditEvent

from .factories import SYSTEM, at, make_activity, make_people


def login(client, cast, name):
    client.force_login(cast.users[name])
    return client


def queries_for(client, url, **headers):
    client.get(url, **headers)  # warm the session and grants caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return len(context)


def grow(cast, activity, count, prefix):
    for person in make_people(cast.branch_a, count, prefix=prefix):
        services.activity_sign_up(actor=SYSTEM, activity=activity, person=person)


def test_member_signs_up_from_the_page_and_sees_the_answer(cast, client, activity):
    login(client, cast, "branch_a_member")
    response = client.post(
        reverse("activities:activity-sign-up", args=[activity.pk]),
        {"family_member": ""},
        follow=True,
    )
    assert response.status_code == 200
    row = SignUp.objects.get(activity=activity, person=cast.people["branch_a_member"])
    assert row.status == S.CONFIRMED
    with translation.override("zh-hans"):
        told = gettext("You have a place. Your check-in code is on the sign-up page.")
    assert told in response.content.decode()
    detail = client.get(reverse("activities:signup-detail", args=[row.pk])).content.decode()
    assert row.check_in_code in detail
    assert "<svg" in detail


def test_member_is_told_they_are_on_the_waitlist(cast, client):
    activity = make_activity(cast.school, quota=1)
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    login(client, cast, "branch_a_member")
    with translation.override("en"):
        response = client.post(
            reverse("activities:activity-sign-up", args=[activity.pk]),
            {"family_member": ""},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "number 1 on the waitlist" in response.content.decode()


def test_a_refused_sign_up_shows_the_reason_on_the_form(cast, client):
    activity = make_activity(cast.school, gender="female")
    login(client, cast, "branch_a_member")
    response = client.post(
        reverse("activities:activity-sign-up", args=[activity.pk]), {"family_member": ""}
    )
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert gettext("This activity is for women only.") in response.content.decode()
    assert not SignUp.objects.exists()


def test_member_list_and_detail_run_a_constant_number_of_queries(cast, client):
    login(client, cast, "branch_a_member")
    first = make_activity(cast.school, title="One")
    services.activity_sign_up(actor=SYSTEM, activity=first, person=cast.people["branch_a_member"])
    urls = [
        reverse("activities:activity-list"),
        reverse("activities:my-activities"),
        reverse("activities:activity-detail", args=[first.pk]),
    ]
    small = [queries_for(client, url) for url in urls]
    # when there are many more activities, sign-ups and slots
    for index in range(6):
        other = make_activity(cast.school, title=f"More {index}")
        services.activity_sign_up(
            actor=SYSTEM, activity=other, person=cast.people["branch_a_member"]
        )
        grow(cast, other, 3, f"M{index}-")
    grow(cast, first, 8, "F-")
    assert [queries_for(client, url) for url in urls] == small


def test_office_pages_run_a_constant_number_of_queries(cast, client):
    login(client, cast, "office_admin")
    activity = make_activity(cast.school, quota=5)
    grow(cast, activity, 2, "S-")
    urls = [
        reverse("activities:office-list"),
        reverse("activities:activity-manage", args=[activity.pk]),
    ]
    small = [queries_for(client, url) for url in urls]
    grow(cast, activity, 12, "L-")
    for index in range(4):
        grow(cast, make_activity(cast.school, title=f"Other {index}"), 2, f"O{index}-")
    assert [queries_for(client, url) for url in urls] == small
    htmx = queries_for(client, urls[1] + "?status=waitlisted", HTTP_HX_REQUEST="true")
    assert htmx < small[1]


def test_lottery_page_runs_a_constant_number_of_queries(cast, client):
    def drawn(count, prefix):
        activity = make_activity(
            cast.school,
            title=prefix,
            quota=2,
            allocation="lottery",
            sign_up_deadline=at(days=2),
            lottery_at=at(days=3),
        )
        grow(cast, activity, count, prefix)
        with clock.at(activity.lottery_at):
            services.activity_draw_lottery(actor=SYSTEM, activity=activity)
        return reverse("activities:lottery-detail", args=[activity.pk])

    login(client, cast, "branch_a_member")
    small, large = drawn(3, "SMALL-"), drawn(25, "LARGE-")
    assert queries_for(client, small) == queries_for(client, large)
    page = client.get(large).content.decode()
    assert "replay-ok" in page
    assert "LARGE- person" not in page  # names are masked
    assert "L*************3" in page


def test_office_pages_are_closed_to_members(cast, client, activity):
    login(client, cast, "branch_a_member")
    assert client.get(reverse("activities:office-list")).status_code == 403
    assert client.get(reverse("activities:activity-manage", args=[activity.pk])).status_code == 403
    assert client.get(reverse("activities:check-in", args=[activity.pk])).status_code == 404
    assert (
        client.get(reverse("activities:attendance-export", args=[activity.pk])).status_code == 404
    )


def test_draft_is_invisible_to_members(cast, client):
    draft = make_activity(cast.school, publish=False)
    login(client, cast, "branch_a_member")
    assert client.get(reverse("activities:activity-detail", args=[draft.pk])).status_code == 404


def test_office_creates_and_publishes_an_activity(cast, client):
    login(client, cast, "office_admin")
    start = clock.now() + dt.timedelta(days=10)
    form = {
        "organiser": cast.school.pk,
        "kind": "sports",
        "title": "Sports meet",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "allocation": "first_come",
        "offer_hours": "24",
        "audience_node": cast.school.pk,
        "staff_scope": "members",
        "staff_allowed": "on",
        "family_scope": "none",
        "quota": "450",
        "estimated_cost": "1,234.50",
    }
    response = client.post(reverse("activities:activity-create"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = cast.school.organised_activities.get(title="Sports meet")
    assert activity.estimated_cost_fen == 123450
    client.post(reverse("activities:activity-publish", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == "published"


def test_office_form_shows_service_errors_on_the_field(cast, client):
    login(client, cast, "office_admin")
    start = clock.now() + dt.timedelta(days=10)
    form = {
        "organiser": cast.school.pk,
        "kind": "sports",
        "title": "Bad",
        "allocation": "lottery",
        "offer_hours": "24",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "audience_node": cast.school.pk,
        "staff_scope": "members",
        "staff_allowed": "on",
        "family_scope": "none",
    }
    response = client.post(reverse("activities:activity-create"), form)
    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode()
    assert not cast.school.organised_activities.exists()


def test_check_in_page_answers_htmx_with_the_result(cast, client, activity):
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "office_admin")
    url = reverse("activities:check-in", args=[activity.pk])
    with clock.at(activity.starts_at):
        done = client.post(url, {"code": row.check_in_code}, HTTP_HX_REQUEST="true")
        again = client.post(url, {"code": row.check_in_code}, HTTP_HX_REQUEST="true")
        wrong = client.post(url, {"code": "ZZZZZZ"}, HTTP_HX_REQUEST="true")
        plain_wrong = client.post(url, {"code": "ZZZZZZ"})
    assert 'data-testid="check-in-done"' in done.content.decode()
    assert 'data-testid="check-in-already"' in again.content.decode()
    assert wrong.status_code == 200
    assert 'data-testid="check-in-error"' in wrong.content.decode()
    assert plain_wrong.status_code == 400


def test_qr_link_opens_a_confirmation_for_the_organiser(cast, client, activity):
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    url = reverse("activities:check-in-token", args=[row.check_in_token])
    login(client, cast, "branch_b_member")
    assert client.get(url).status_code == 404
    login(client, cast, "office_admin")
    assert client.get(url).status_code == 200
    assert SignUp.objects.get(pk=row.pk).status == S.CONFIRMED  # a GET changes nothing
    with clock.at(activity.starts_at):
        response = client.post(url)
    assert 'data-testid="check-in-done"' in response.content.decode()


def test_attendance_export_is_a_logged_workbook(cast, client, activity):
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "office_admin")
    response = client.get(reverse("activities:attendance-export", args=[activity.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "Member A"
    assert rows[1][9] == "138****1001"
    assert AuditEvent.objects.filter(event="activity.attendance_exported").count() == 1


def test_branch_liaison_registers_people_of_the_branch(cast, client, activity):
    login(client, cast, "branch_a_liaison")
    url = reverse("activities:register-person", args=[activity.pk])
    ok = client.post(url, {"staff_number": "A1001"})
    other_branch = client.post(url, {"staff_number": "B1001"})
    assert ok.status_code == 302
    assert (
        SignUp.objects.get(person=cast.people["branch_a_member"]).created_by_id
        == cast.users["branch_a_liaison"].pk
    )
    assert other_branch.status_code == 200
    assert not SignUp.objects.filter(person=cast.people["branch_b_member"]).exists()


def test_organiser_approves_from_the_list(cast, client):
    activity = make_activity(cast.branch_a, requires_approval=True)
    row = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "branch_a_chair")
    page = client.get(reverse("activities:activity-manage", args=[activity.pk])).content.decode()
    assert 'data-testid="approve"' in page
    client.post(reverse("activities:signup-decide", args=[row.pk]), {"approve": "1"})
    assert SignUp.objects.get(pk=row.pk).status == S.CONFIRMED


def test_member_cancels_and_accepts_from_the_page(cast, client):
    activity = make_activity(cast.school, quota=1)
    holder = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    mine = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "branch_b_member")
    client.post(reverse("activities:signup-cancel", args=[holder.pk]))
    login(client, cast, "branch_a_member")
    page = client.get(reverse("activities:activity-detail", args=[activity.pk])).content.decode()
    assert 'data-testid="accept-offer"' in page
    client.post(reverse("activities:signup-accept", args=[mine.pk]))
    assert SignUp.objects.get(pk=mine.pk).status == S.CONFIRMED


def test_self_check_in_page(cast, client, activity):
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "branch_a_member")
    url = reverse("activities:self-check-in", args=[activity.pk])
    with clock.at(activity.starts_at):
        wrong = client.post(url, {"event_code": "NOPE00"})
        right = client.post(url, {"event_code": activity.check_in_code})
    assert wrong.status_code == 200
    assert "has-error" in wrong.content.decode()
    assert right.status_code == 302
    assert SignUp.objects.get(person=cast.people["branch_a_member"]).status == S.ATTENDED


@pytest.mark.parametrize("name", ["tile-activities", "tile-my-activities", "tile-notifications"])
def test_me_page_has_the_tiles(cast, client, name):
    login(client, cast, "branch_a_member")
    assert f'data-testid="{name}"' in client.get(reverse("members:me")).content.decode()


def test_the_form_goes_once_i_am_signed_up(cast, client, activity):
    login(client, cast, "branch_a_member")
    url = reverse("activities:activity-detail", args=[activity.pk])
    assert 'data-testid="sign-up"' in client.get(url).content.decode()
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    page = client.get(url).content.decode()
    assert 'data-testid="sign-up"' not in page
    assert 'data-testid="cancel-sign-up"' in page


def test_member_cancels_from_my_activities_after_confirming(cast, client):
    # given a member with a confirmed place
    activity = make_activity(cast.school, quota=5)
    mine = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "branch_a_member")
    listing = client.get(reverse("activities:my-activities")).content.decode()
    assert 'data-testid="my-cancel-sign-up"' in listing
    # when they open the cancel link: a question, nothing changed yet
    url = reverse("activities:signup-cancel", args=[mine.pk])
    page = client.get(url, {"next": reverse("activities:my-activities")})
    assert 'data-testid="cancel-confirm-submit"' in page.content.decode()
    assert SignUp.objects.get(pk=mine.pk).status == S.CONFIRMED
    # and confirm it
    response = client.post(url, {"next": reverse("activities:my-activities")})
    # then the sign-up is cancelled and they are back on their list
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:my-activities")
    assert SignUp.objects.get(pk=mine.pk).status == S.CANCELLED


def test_cancel_never_redirects_off_the_site(cast, client):
    # given a member's sign-up
    activity = make_activity(cast.school, quota=5)
    mine = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    login(client, cast, "branch_a_member")
    # when the cancel is sent with a foreign "next"
    url = reverse("activities:signup-cancel", args=[mine.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    # then it goes back to the activity instead
    assert response["Location"] == reverse("activities:activity-detail", args=[activity.pk])


def test_someone_else_cannot_open_the_cancel_question(cast, client):
    # given another member's sign-up
    activity = make_activity(cast.school, quota=5)
    theirs = services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_b_member"]
    )
    login(client, cast, "branch_a_member")
    # when a member asks for its cancel page or posts to it
    url = reverse("activities:signup-cancel", args=[theirs.pk])
    # then it is not found and nothing changes
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SignUp.objects.get(pk=theirs.pk).status == S.CONFIRMED
