import pytest
from django.urls import reverse

from tongxin.activities import services
from tongxin.activities.ics import escape_text, fold
from tongxin.activities.queries import calendar_feed_for
from tongxin.core.errors import DomainError
from tongxin.testing.personas import PASSWORD

from .factories import SYSTEM, make_activity


def test_escape_text():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_keeps_lines_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "党史学习教育" * 20
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert len(parts[0].encode()) <= 75
    assert len(parts) > 1
    assert all(len(part.encode()) <= 74 for part in parts[1:])
    assert "".join(parts) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_feed_lists_my_sign_ups_as_icalendar(cast, client):
    # given a member with a sign-up and a calendar address
    activity = make_activity(
        cast.school, title="Party history, session 3; part 1", place="Room 101, Library"
    )
    services.activity_sign_up(
        actor=SYSTEM, activity=activity, person=cast.people["branch_a_member"]
    )
    feed = services.calendar_feed_reset(actor=cast.actor("branch_a_member"))
    # when a calendar app fetches it without a session
    response = client.get(reverse("activities:calendar-feed", args=[feed.token]))
    # then it is RFC 5545 text with CRLF endings and escaped values
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "SUMMARY:Party history\\, session 3\\; part 1\r\n" in body
    assert "LOCATION:Room 101\\, Library\r\n" in body
    assert f"DTSTART:{activity.starts_at.strftime('%Y%m%dT%H%M%SZ')}" in body
    assert body.count("BEGIN:VEVENT") == 1


def test_resetting_the_address_retires_the_old_one(cast, client):
    old = services.calendar_feed_reset(actor=cast.actor("branch_a_member")).token
    new = services.calendar_feed_reset(actor=cast.actor("branch_a_member")).token
    assert old != new
    assert client.get(reverse("activities:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("activities:calendar-feed", args=[new])).status_code == 200


def test_no_calendar_without_a_person(cast):
    with pytest.raises(DomainError) as info:
        services.calendar_feed_reset(actor=cast.actor("outsider"))
    assert info.value.code == "no_person"
    assert calendar_feed_for(actor=cast.actor("outsider")) is None


def test_calendar_page_creates_the_address_on_request(cast, client):
    client.login(username="A1001", password=PASSWORD)
    page = client.get(reverse("activities:calendar"))
    assert page.status_code == 200
    assert calendar_feed_for(actor=cast.actor("branch_a_member")) is None
    client.post(reverse("activities:calendar-reset"))
    feed = calendar_feed_for(actor=cast.actor("branch_a_member"))
    assert feed.token in client.get(reverse("activities:calendar")).content.decode()
