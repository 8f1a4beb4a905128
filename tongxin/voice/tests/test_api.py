import datetime as dt

from django.utils import translation
from django.utils.translation import gettext

from tongxin.voice import services
from tongxin.voice.choices import ItemStatus, WishStatus, WishVisibility
from tongxin.voice.models import GrassrootsVisit, VoiceItem, Wish

from .factories import make_items

API = "/api/v1/voice"


def _as(client, cast, persona):
    client.force_login(cast.users[persona])
    return client


def _post(client, url, data=None):
    return client.post(f"{API}{url}", data or {}, content_type="application/json")


def test_member_files_and_rates_through_the_api(cast, client, department):
    _as(client, cast, "branch_a_member")
    created = _post(
        client,
        "/items",
        {"kind": "request", "category": "health", "title": "Flu shots", "text": "Please."},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["person_name"], body["events"][0]["kind"]) == (
        "submitted",
        "Member A",
        "filed",
    )
    pk = body["id"]
    _as(client, cast, "office_admin")
    routed = _post(client, f"/items/{pk}/accept", {"department_id": department.pk})
    assert routed.json()["status"] == "routed"
    assert routed.json()["department_name"] == "Academic Affairs Office"
    _as(client, cast, "department_handler")
    replied = _post(client, f"/department/items/{pk}/reply", {"text": "Yes, in October."})
    assert replied.status_code == 200
    assert replied.json()["replies"][0]["text"] == "Yes, in October."
    _as(client, cast, "branch_a_member")
    rated = _post(client, f"/items/{pk}/rate", {"rating": "basically_satisfied"})
    assert (rated.json()["status"], rated.json()["rating"]) == ("closed", "basically_satisfied")


def test_errors_have_the_one_shape_and_change_nothing(cast, client, routed_item):
    _as(client, cast, "branch_a_member")
    response = _post(client, f"/items/{routed_item.pk}/rate", {"rating": "satisfied"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    bad = _post(
        client, "/items", {"kind": "request", "category": "parking", "title": "x", "text": "y"}
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "category")
    assert VoiceItem.objects.count() == 1


def test_api_errors_are_translated(cast, client, routed_item):
    _as(client, cast, "branch_a_member")
    response = client.post(
        f"{API}/items/{routed_item.pk}/rate",
        {"rating": "satisfied"},
        content_type="application/json",
        headers={"accept-language": "zh-hans"},
    )
    with translation.override("zh-hans"):
        expected = gettext("This cannot be done while the status is “%(status)s”.") % {
            "status": gettext("Passed on to a department")
        }
    assert response.json()["message"] == expected
    assert expected != "This cannot be done while the status is “Passed on to a department”."


def test_department_api_hides_an_anonymous_filer(cast, client, file_item, department):
    item = file_item(anonymous=True)
    services.voice_item_accept(actor=cast.actor("office_admin"), item=item, department=department)
    _as(client, cast, "department_handler")
    listing = client.get(f"{API}/department/items").json()
    assert listing["count"] == 1
    assert "person" not in str(listing)
    detail = client.get(f"{API}/department/items/{item.pk}").json()
    assert (detail["filer_name"], detail["branch_name"]) == (None, None)
    assert "Member A" not in str(detail)
    assert client.get(f"{API}/items/{item.pk}").status_code == 404


def test_item_list_api_runs_fixed_queries(cast, client, django_assert_num_queries):
    _as(client, cast, "office_admin")
    make_items(cast.people["branch_a_member"], 2, on=dt.date(2021, 3, 1))
    client.get(f"{API}/items")
    with django_assert_num_queries(3):
        client.get(f"{API}/items")
    make_items(cast.people["branch_b_member"], 20, on=dt.date(2021, 3, 1))
    with django_assert_num_queries(3):
        assert client.get(f"{API}/items").json()["count"] == 22


def test_department_list_api_runs_fixed_queries(
    cast, client, department, django_assert_num_queries
):
    office = cast.actor("office_admin")
    for item in make_items(cast.people["branch_a_member"], 2, on=dt.date(2021, 3, 1)):
        services.voice_item_accept(
            actor=office, item=item, department=department, on=dt.date(2021, 3, 1)
        )
    _as(client, cast, "department_handler")
    client.get(f"{API}/department/items")
    with django_assert_num_queries(3):
        client.get(f"{API}/department/items")
    for item in make_items(cast.people["branch_b_member"], 8, on=dt.date(2021, 3, 1)):
        services.voice_item_accept(
            actor=office, item=item, department=department, on=dt.date(2021, 3, 1)
        )
    with django_assert_num_queries(3):
        assert client.get(f"{API}/department/items").json()["count"] == 10


def test_wish_api_loop(cast, client):
    _as(client, cast, "branch_a_member")
    created = _post(
        client, "/wishes", {"text": "A staff choir.", "visibility": WishVisibility.WALL_ANONYMOUS}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    again = _post(client, "/wishes", {"text": "Another."})
    assert (again.status_code, again.json()["code"]) == (400, "wish_exists")
    wall = client.get(f"{API}/wishes/wall").json()
    with translation.override("zh-hans"):
        label = gettext("Submitted")
    assert wall == [
        {
            "text": "A staff choir.",
            "status": "submitted",
            "status_label": label,
            "branch_name": None,
        }
    ]
    assert _post(client, f"/wishes/{pk}/adopt").status_code == 403
    _as(client, cast, "office_admin")
    assert (
        _post(client, f"/wishes/{pk}/adopt", {"note": "Yes"}).json()["status"] == WishStatus.ADOPTED
    )
    fulfilled = _post(
        client, f"/wishes/{pk}/fulfil", {"note": "Choir founded.", "on": str(dt.date.today())}
    )
    assert fulfilled.json()["status"] == WishStatus.FULFILLED
    stats = client.get(f"{API}/wishes/stats", {"year": Wish.objects.get().year}).json()
    assert stats["total"] == 1
    assert stats["by_branch"][0]["branch_name"] == "Group A1"


def test_wish_list_api_is_for_the_office(cast, client):
    services.wish_submit(
        actor=cast.actor("branch_a_member"), person=cast.people["branch_a_member"], text="x"
    )
    _as(client, cast, "branch_a_chair")
    assert client.get(f"{API}/wishes").json()["count"] == 0
    _as(client, cast, "office_admin")
    assert client.get(f"{API}/wishes").json()["items"][0]["person_name"] == "Member A"


def test_visit_api_records_items(cast, client):
    _as(client, cast, "office_admin")
    payload = {
        "node_id": cast.branch_a.pk,
        "lead_id": cast.people["office_admin"].pk,
        "summary": "Heard the branch.",
        "visited_on": "2021-04-12",
        "visitor_ids": [cast.people["finance_officer"].pk],
        "raised": [
            {
                "kind": "request",
                "category": "campus_safety",
                "title": "Lights",
                "text": "Dark path.",
                "person_id": cast.people["branch_a_member"].pk,
            }
        ],
    }
    response = _post(client, "/visits", payload)
    assert response.status_code == 201
    body = response.json()
    assert (body["item_count"], body["items"][0]["status"], body["visitor_names"]) == (
        1,
        ItemStatus.ACCEPTED,
        ["Finance Officer"],
    )
    _as(client, cast, "branch_a_chair")
    assert _post(client, "/visits", payload).status_code == 404
    assert GrassrootsVisit.objects.count() == 1


def test_anonymous_api_call_is_401(client):
    assert client.get(f"{API}/items").status_code == 401


def test_wish_and_visit_list_apis_run_fixed_queries(cast, client, django_assert_num_queries):
    from .factories import make_wishes
    from .test_queries import _people

    office = cast.actor("office_admin")

    def visit():
        services.grassroots_visit_record(
            actor=office,
            node=cast.branch_a,
            lead=cast.people["office_admin"],
            summary="Heard.",
            visited_on=dt.date(2021, 4, 1),
        )

    _as(client, cast, "office_admin")
    make_wishes(_people(cast, cast.branch_a, 2, "AX"), year=2021, visibility="private")
    visit()
    client.get(f"{API}/wishes")
    with django_assert_num_queries(3):
        client.get(f"{API}/wishes")
    with django_assert_num_queries(3):
        client.get(f"{API}/visits")
    make_wishes(_people(cast, cast.branch_b, 15, "BX"), year=2021, visibility="private")
    for _ in range(4):
        visit()
    with django_assert_num_queries(3):
        assert client.get(f"{API}/wishes").json()["count"] == 17
    with django_assert_num_queries(3):
        assert client.get(f"{API}/visits").json()["count"] == 5
