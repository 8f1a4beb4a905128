import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from openpyxl import load_workbook

from tongxin.core.models import AuditEvent
from tongxin.voice import services
from tongxin.voice.choices import ItemStatus, Rating, WishStatus, WishVisibility
from tongxin.voice.models import GrassrootsVisit, VoiceItem, Wish

from .factories import make_items


def _login(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


def test_member_files_and_follows_an_item(cast, client):
    _login(client, cast, "branch_a_member")
    response = client.post(
        reverse("voice:item-file"),
        {
            "kind": "request",
            "category": "health",
            "title": "Flu shots",
            "text": "Offer flu shots in autumn.",
        },
    )
    item = VoiceItem.objects.get()
    assert response.status_code == 302
    assert item.person == cast.people["branch_a_member"]
    page = client.get(reverse("voice:item-mine")).content.decode()
    assert "Flu shots" in page
    detail = client.get(reverse("voice:item-detail", args=[item.pk]))
    assert detail.status_code == 200
    assert 'data-testid="timeline"' in detail.content.decode()


def test_member_form_has_no_staff_number_field(cast, client):
    _login(client, cast, "branch_a_member")
    assert "staff_number" not in client.get(reverse("voice:item-file")).context["form"].fields


def test_liaison_files_for_a_member_by_staff_number(cast, client):
    _login(client, cast, "branch_a_liaison")
    data = {
        "staff_number": "A1001",
        "kind": "suggestion",
        "category": "teaching",
        "title": "Projectors",
        "text": "Replace them.",
    }
    client.post(reverse("voice:item-file"), data)
    item = VoiceItem.objects.get()
    assert (item.person, item.filed_by) == (
        cast.people["branch_a_member"],
        cast.users["branch_a_liaison"],
    )


def test_liaison_cannot_file_for_another_branch(cast, client):
    _login(client, cast, "branch_a_liaison")
    data = {
        "staff_number": "B1001",
        "kind": "suggestion",
        "category": "teaching",
        "title": "Projectors",
        "text": "Replace them.",
    }
    response = client.post(reverse("voice:item-file"), data)
    assert response.status_code == 200
    assert "staff_number" in response.context["form"].errors
    assert VoiceItem.objects.count() == 0


def test_empty_title_is_a_form_error_and_changes_nothing(cast, client):
    _login(client, cast, "branch_a_member")
    response = client.post(
        reverse("voice:item-file"),
        {"kind": "request", "category": "health", "title": "", "text": "x"},
    )
    assert response.status_code == 200
    assert VoiceItem.objects.count() == 0


def test_office_accepts_routes_and_the_department_replies(cast, client, submitted_item, department):
    _login(client, cast, "office_admin")
    client.post(
        reverse("voice:item-accept", args=[submitted_item.pk]),
        {"department": department.pk, "due_on": "", "note": ""},
    )
    submitted_item.refresh_from_db()
    assert submitted_item.status == ItemStatus.ROUTED
    client.force_login(cast.users["department_handler"])
    listing = client.get(reverse("voice:department-items")).content.decode()
    assert submitted_item.title in listing
    client.post(
        reverse("voice:department-item-detail", args=[submitted_item.pk]),
        {"text": "We will extend the hours."},
    )
    submitted_item.refresh_from_db()
    assert submitted_item.status == ItemStatus.REPLIED
    client.force_login(cast.users["branch_a_member"])
    client.post(
        reverse("voice:item-rate", args=[submitted_item.pk]), {"rating": "satisfied", "comment": ""}
    )
    submitted_item.refresh_from_db()
    assert (submitted_item.status, submitted_item.rating) == (ItemStatus.CLOSED, Rating.SATISFIED)


def test_department_pages_hide_an_anonymous_filer(cast, client, file_item, department):
    item = file_item(anonymous=True)
    services.voice_item_accept(actor=cast.actor("office_admin"), item=item, department=department)
    _login(client, cast, "department_handler")
    for url in (
        reverse("voice:department-items"),
        reverse("voice:department-item-detail", args=[item.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Member A" not in page
        assert "Group A1" not in page
        assert "A1001" not in page


def test_handler_cannot_open_the_named_item_page(cast, client, routed_item):
    _login(client, cast, "department_handler")
    assert client.get(reverse("voice:item-detail", args=[routed_item.pk])).status_code == 404


def test_rate_refused_before_reply_shows_an_error(cast, client, routed_item):
    _login(client, cast, "branch_a_member")
    response = client.post(
        reverse("voice:item-rate", args=[routed_item.pk]), {"rating": "satisfied"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    routed_item.refresh_from_db()
    assert routed_item.status == ItemStatus.ROUTED


def test_other_member_gets_404_on_an_item(cast, client, submitted_item):
    _login(client, cast, "branch_b_member")
    assert client.get(reverse("voice:item-detail", args=[submitted_item.pk])).status_code == 404
    assert client.post(reverse("voice:item-withdraw", args=[submitted_item.pk])).status_code == 404


def test_member_cannot_open_office_pages(cast, client):
    _login(client, cast, "branch_a_member")
    for name in (
        "voice:item-list",
        "voice:item-overdue",
        "voice:item-stats",
        "voice:wish-list",
        "voice:wish-stats",
    ):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("voice:item-export")).status_code == 403


def test_office_inbox_runs_fixed_queries(cast, client, django_assert_num_queries):
    _login(client, cast, "office_admin")
    url = reverse("voice:item-list")
    make_items(cast.people["branch_a_member"], 2, on=dt.date(2021, 3, 1))
    client.get(url)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    make_items(cast.people["branch_b_member"], 30, on=dt.date(2021, 3, 2))
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 32


def test_my_items_page_runs_fixed_queries(cast, client, django_assert_num_queries):
    _login(client, cast, "branch_a_member")
    url = reverse("voice:item-mine")
    make_items(cast.people["branch_a_member"], 2, on=dt.date(2021, 3, 1))
    client.get(url)
    with django_assert_num_queries(3):
        client.get(url)
    make_items(cast.people["branch_a_member"], 25, on=dt.date(2021, 3, 1))
    with django_assert_num_queries(3):
        assert client.get(url).context["page_obj"].paginator.count == 27


def test_department_list_runs_fixed_queries(cast, client, department, django_assert_num_queries):
    office = cast.actor("office_admin")
    items = make_items(cast.people["branch_a_member"], 2, on=dt.date(2021, 3, 1))
    for item in items:
        services.voice_item_accept(
            actor=office, item=item, department=department, on=dt.date(2021, 3, 1)
        )
    _login(client, cast, "department_handler")
    url = reverse("voice:department-items")
    client.get(url)
    with django_assert_num_queries(4):
        client.get(url)
    for item in make_items(cast.people["branch_b_member"], 10, on=dt.date(2021, 3, 2)):
        services.voice_item_accept(
            actor=office, item=item, department=department, on=dt.date(2021, 3, 2)
        )
    with django_assert_num_queries(4):
        assert client.get(url).context["page_obj"].paginator.count == 12


def test_overdue_page_lists_late_items(cast, client, file_item, department):
    item = file_item(filed_on=dt.date(2021, 3, 1))
    services.voice_item_accept(
        actor=cast.actor("office_admin"), item=item, department=department, on=dt.date(2021, 3, 1)
    )
    _login(client, cast, "office_admin")
    page = client.get(reverse("voice:item-overdue")).content.decode()
    assert item.title in page


def test_item_export_is_a_workbook_and_audited(cast, client, replied_item):
    _login(client, cast, "office_admin")
    response = client.get(reverse("voice:item-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][4] == replied_item.title
    assert rows[1][15] == "The canteen will stay open until 19:30 from next month."
    assert AuditEvent.objects.filter(event="voice_item.exported").count() == 1


# Wishes ----------------------------------------------------------------------------------


def test_member_makes_a_wish_and_sees_it_on_the_wall(cast, client):
    _login(client, cast, "branch_a_member")
    client.post(
        reverse("voice:wish-submit"),
        {"text": "A choir for staff.", "visibility": WishVisibility.WALL_ANONYMOUS},
    )
    wish = Wish.objects.get()
    assert wish.visibility == WishVisibility.WALL_ANONYMOUS
    mine = client.get(reverse("voice:wish-mine"))
    assert mine.context["can_submit"] is False
    client.force_login(cast.users["branch_b_member"])
    wall = client.get(reverse("voice:wish-wall")).content.decode()
    assert "A choir for staff." in wall
    assert "Member A" not in wall
    assert "Group A1" not in wall


def test_private_wish_stays_off_the_wall(cast, client):
    _login(client, cast, "branch_a_member")
    client.post(
        reverse("voice:wish-submit"),
        {"text": "A private wish.", "visibility": WishVisibility.PRIVATE},
    )
    assert "A private wish." not in client.get(reverse("voice:wish-wall")).content.decode()


def test_office_decides_a_wish_on_its_page(cast, client):
    wish = services.wish_submit(
        actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], text="A choir."
    )
    _login(client, cast, "office_admin")
    client.post(reverse("voice:wish-decide", args=[wish.pk]), {"action": "adopt", "note": ""})
    response = client.post(
        reverse("voice:wish-decide", args=[wish.pk]), {"action": "fulfil", "note": ""}
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    client.post(
        reverse("voice:wish-decide", args=[wish.pk]), {"action": "fulfil", "note": "Choir founded."}
    )
    wish.refresh_from_db()
    assert wish.status == WishStatus.FULFILLED


def test_wish_pages_for_the_author_and_others(cast, client):
    wish = services.wish_submit(
        actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], text="A choir."
    )
    _login(client, cast, "branch_a_member")
    assert client.get(reverse("voice:wish-detail", args=[wish.pk])).status_code == 200
    client.post(
        reverse("voice:wish-edit", args=[wish.pk]),
        {"text": "A staff choir.", "visibility": "private"},
    )
    wish.refresh_from_db()
    assert wish.text == "A staff choir."
    client.force_login(cast.users["branch_a_chair"])
    assert client.get(reverse("voice:wish-detail", args=[wish.pk])).status_code == 404
    client.force_login(cast.users["branch_a_member"])
    client.post(reverse("voice:wish-withdraw", args=[wish.pk]))
    wish.refresh_from_db()
    assert wish.status == WishStatus.WITHDRAWN


def test_wish_list_and_stats_pages_run_fixed_queries(cast, client, django_assert_num_queries):
    from .factories import make_wishes
    from .test_queries import _people

    _login(client, cast, "office_admin")
    make_wishes(_people(cast, cast.branch_a, 2, "AX"), year=2021, visibility="private")
    client.get(reverse("voice:wish-list"))
    with django_assert_num_queries(5):
        client.get(reverse("voice:wish-list"))
    with django_assert_num_queries(4):
        client.get(reverse("voice:wish-stats"), {"year": 2021})
    make_wishes(_people(cast, cast.branch_b, 30, "BX"), year=2021, visibility="private")
    with django_assert_num_queries(5):
        assert client.get(reverse("voice:wish-list")).context["page_obj"].paginator.count == 32
    with django_assert_num_queries(4):
        assert client.get(reverse("voice:wish-stats"), {"year": 2021}).context["stats"].total == 32


def test_wish_export(cast, client):
    services.wish_submit(
        actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], text="A choir."
    )
    _login(client, cast, "office_admin")
    response = client.get(reverse("voice:wish-export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][3:7] == ("Member A", "A1001", "Group A1", "A choir.")
    assert AuditEvent.objects.filter(event="wish.exported").count() == 1


def test_me_page_shows_the_voice_tiles(cast, client, replied_item):
    _login(client, cast, "branch_a_member")
    page = client.get(reverse("members:me")).content.decode()
    assert 'data-testid="tile-item-mine"' in page
    assert 'data-testid="tile-wish-wall"' in page
    # the count of replies to rate arrives as a fragment after the page
    page = client.get(reverse("voice:item-awaiting-badge")).content.decode()
    with translation.override("zh-hans"):
        expected = ngettext("%(counter)s reply to rate", "%(counter)s replies to rate", 1) % {
            "counter": 1
        }
    assert expected in page


# Visits ----------------------------------------------------------------------------------


def test_office_records_a_visit_with_raised_items(cast, client):
    _login(client, cast, "office_admin")
    data = {
        "node": cast.branch_a.pk,
        "visited_on": "2021-04-12",
        "lead": "S0001",
        "visitors": "S0002, S0003",
        "participants": "Branch committee",
        "summary": "Heard the branch.",
        "raised-TOTAL_FORMS": "3",
        "raised-INITIAL_FORMS": "0",
        "raised-0-kind": "request",
        "raised-0-category": "campus_safety",
        "raised-0-title": "Path lights",
        "raised-0-text": "Dark path.",
        "raised-0-staff_number": "A1001",
        "raised-1-kind": "suggestion",
        "raised-1-category": "teaching",
        "raised-1-title": "Exam week",
        "raised-1-text": "No meetings.",
        "raised-2-kind": "request",
        "raised-2-category": "other",
    }
    response = client.post(reverse("voice:visit-create"), data)
    visit = GrassrootsVisit.objects.get()
    assert response.status_code == 302
    assert visit.visitors.count() == 2
    assert list(visit.items.order_by("id").values_list("title", "person__staff_number")) == [
        ("Path lights", "A1001"),
        ("Exam week", None),
    ]
    detail = client.get(reverse("voice:visit-detail", args=[visit.pk])).content.decode()
    assert "Path lights" in detail


def test_visit_with_unknown_lead_is_a_form_error(cast, client):
    _login(client, cast, "office_admin")
    data = {
        "node": cast.branch_a.pk,
        "visited_on": "2021-04-12",
        "lead": "X999",
        "summary": "x",
        "raised-TOTAL_FORMS": "0",
        "raised-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("voice:visit-create"), data)
    assert response.status_code == 200
    assert "lead" in response.context["form"].errors
    assert GrassrootsVisit.objects.count() == 0


def test_branch_chair_sees_visits_but_cannot_record(cast, client):
    services.grassroots_visit_record(
        actor=cast.actor("office_admin"),
        node=cast.branch_a,
        lead=cast.people["office_admin"],
        summary="Heard.",
        visited_on=dt.date(2021, 4, 1),
    )
    _login(client, cast, "branch_a_chair")
    assert client.get(reverse("voice:visit-list")).context["page_obj"].paginator.count == 1
    assert client.get(reverse("voice:visit-create")).status_code == 403


def test_visit_list_runs_fixed_queries(cast, client, django_assert_num_queries):
    office = cast.actor("office_admin")
    record = lambda: services.grassroots_visit_record(  # noqa: E731
        actor=office,
        node=cast.branch_a,
        lead=cast.people["office_admin"],
        summary="Heard.",
        visited_on=dt.date(2021, 4, 1),
    )
    record()
    _login(client, cast, "office_admin")
    client.get(reverse("voice:visit-list"))
    with django_assert_num_queries(4):
        client.get(reverse("voice:visit-list"))
    for _ in range(5):
        record()
    with django_assert_num_queries(4):
        assert client.get(reverse("voice:visit-list")).context["page_obj"].paginator.count == 6


@pytest.mark.parametrize(
    "persona", ["office_admin", "department_handler", "branch_a_chair", "branch_a_member"]
)
def test_nav_shows_only_what_the_actor_may_use(cast, client, department, persona):
    _login(client, cast, persona)
    page = client.get(reverse("members:me")).content.decode()
    assert ('data-testid="nav-voice-items"' in page) is (persona == "office_admin")
    assert ('data-testid="nav-department-items"' in page) is (persona == "department_handler")
    assert ('data-testid="nav-visits"' in page) is (persona in ("office_admin", "branch_a_chair"))
