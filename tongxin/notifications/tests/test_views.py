import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.notifications import services
from tongxin.notifications.models import Notification


def page_queries(client, url):
    client.get(url)  # warm the session and grants caches: count the page's own queries
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_list_runs_a_constant_number_of_queries(cast, client):
    client.force_login(cast.users["branch_a_member"])
    member = cast.people["branch_a_member"]
    services.notify(recipients=[member], kind="k", title="First")
    url = reverse("notifications:notification-list")
    small = page_queries(client, url)
    for index in range(20):
        services.notify(recipients=[member], kind="k", title=f"More {index}")
    assert page_queries(client, url) == small
    assert page_queries(client, f"{url}?unread=1") == small


def test_badge_is_one_count(cast, client):
    client.force_login(cast.users["branch_a_member"])
    services.notify(recipients=[cast.people["branch_a_member"]], kind="k", title="One")
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("notifications:unread-badge"))
    assert 'data-testid="unread-count">1<' in response.content.decode()
    counts = [
        q["sql"] for q in context.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert len(counts) == 1
    assert "COUNT" in counts[0].upper()


def test_opening_marks_read_and_follows_local_links_only(cast, client):
    client.force_login(cast.users["branch_a_member"])
    services.notify(
        recipients=[cast.people["branch_a_member"]], kind="k", title="L", link="/activities/"
    )
    services.notify(
        recipients=[cast.people["branch_a_member"]],
        kind="k",
        title="E",
        link="https://evil.example/",
    )
    local = Notification.objects.get(title="L")
    external = Notification.objects.get(title="E")
    assert (
        client.post(reverse("notifications:notification-open", args=[local.pk]))["Location"]
        == "/activities/"
    )
    assert client.post(reverse("notifications:notification-open", args=[external.pk]))[
        "Location"
    ] == reverse("notifications:notification-list")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_someone_elses_notification_is_404(cast, client):
    services.notify(recipients=[cast.people["branch_b_member"]], kind="k", title="B")
    client.force_login(cast.users["branch_a_member"])
    other = Notification.objects.get()
    assert (
        client.post(reverse("notifications:notification-open", args=[other.pk])).status_code == 404
    )
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404
    assert Notification.objects.get().read_at is None


def test_api(cast, client):
    client.force_login(cast.users["branch_a_member"])
    services.notify(recipients=[cast.people["branch_a_member"]], kind="k", title="One")
    services.notify(recipients=[cast.people["branch_a_member"]], kind="k", title="Two")
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 2}
    items = client.get("/api/v1/notifications/").json()["items"]
    assert [item["title"] for item in items] == ["Two", "One"]
    read = client.post(
        f"/api/v1/notifications/{items[0]['id']}/read",
        json.dumps({}),
        content_type="application/json",
    )
    assert read.json()["read_at"] is not None
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread_only=true").json()["count"] == 0
