import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.activities import clock, services
from tongxin.activities.choices import SignUpStatus as S
from tongxin.activities.models import SignUp

from .factories import SYSTEM, at, make_activity, make_people

API = "/api/v1/activities"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def count(client, url):
    client.get(url)  # warm the session and grants caches: count the page's own queries
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(context)


def test_member_signs_up_and_a_double_is_a_409(cast, client, activity):
    client.force_login(cast.users["branch_a_member"])
    created = post(client, f"{API}/{activity.pk}/sign-ups")
    again = post(client, f"{API}/{activity.pk}/sign-ups")
    assert created.status_code == 201
    assert created.json()["status"] == S.CONFIRMED
    assert again.status_code == 409
    assert again.json()["code"] == "already_signed_up"
    mine = client.get(f"{API}/sign-ups/mine").json()
    assert mine["count"] == 1
    assert mine["items"][0]["check_in_code"] == SignUp.objects.get().check_in_code


def test_member_cannot_sign_up_someone_else(cast, client, activity):
    client.force_login(cast.users["branch_a_member"])
    response = post(
        client, f"{API}/{activity.pk}/sign-ups", {"person_id": cast.people["branch_b_member"].pk}
    )
    assert response.status_code == 404
    assert not SignUp.objects.exists()


def test_office_creates_publishes_and_sets_quotas(cast, client):
    client.force_login(cast.users["office_admin"])
    body = {
        "organiser_id": cast.school.pk,
        "kind": "sports",
        "title": "Sports meet",
        "starts_at": at(days=10).isoformat(),
        "ends_at": at(days=10, hours=8).isoformat(),
        "quota": 450,
    }
    created = post(client, f"{API}/", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert post(client, f"{API}/{pk}/publish").json()["status"] == "published"
    quotas = client.put(
        f"{API}/{pk}/branch-quotas",
        json.dumps([{"node_id": cast.branch_a.pk, "places": 30}]),
        content_type="application/json",
    )
    assert quotas.json() == [{"node_id": cast.branch_a.pk, "places": 30}]
    patched = client.patch(
        f"{API}/{pk}", json.dumps({"place": "Stadium"}), content_type="application/json"
    )
    assert patched.json()["place"] == "Stadium"


def test_invalid_input_gets_the_error_shape(cast, client):
    client.force_login(cast.users["office_admin"])
    body = {
        "organiser_id": cast.school.pk,
        "kind": "sports",
        "title": "X",
        "starts_at": at(days=10).isoformat(),
        "ends_at": at(days=9).isoformat(),
    }
    response = post(client, f"{API}/", body)
    assert response.status_code == 400
    assert response.json()["field"] == "ends_at"


def test_check_in_and_lottery_over_the_api(cast, client):
    activity = make_activity(
        cast.school,
        quota=1,
        allocation="lottery",
        sign_up_deadline=at(days=2),
        lottery_at=at(days=3),
    )
    for person in make_people(cast.branch_a, 3):
        services.activity_sign_up(actor=SYSTEM, activity=activity, person=person)
    client.force_login(cast.users["office_admin"])
    with clock.at(activity.lottery_at):
        drawn = post(client, f"{API}/{activity.pk}/lottery")
    assert drawn.status_code == 201
    record = client.get(f"{API}/{activity.pk}/lottery").json()
    assert record["replay_matches"] is True
    winner = SignUp.objects.get(pk=record["winner_ids"][0])
    with clock.at(activity.starts_at):
        checked = post(client, f"{API}/{activity.pk}/check-in", {"code": winner.check_in_code})
        again = post(client, f"{API}/{activity.pk}/check-in", {"code": winner.check_in_code})
        stranger = post(client, f"{API}/{activity.pk}/check-in", {"code": "AAAAAA"})
    assert checked.json()["already"] is False
    assert again.json()["already"] is True
    assert stranger.status_code == 400
    assert stranger.json()["code"] == "code_not_found"


def test_api_lists_run_a_constant_number_of_queries(cast, client):
    client.force_login(cast.users["office_admin"])
    activity = make_activity(cast.school, quota=50)
    services.activity_sign_up(actor=SYSTEM, activity=activity, person=cast.people["office_admin"])
    urls = [f"{API}/open", f"{API}/", f"{API}/{activity.pk}/sign-ups", f"{API}/sign-ups/mine"]
    small = [count(client, url) for url in urls]
    for person in make_people(cast.branch_a, 10):
        services.activity_sign_up(actor=SYSTEM, activity=activity, person=person)
    for index in range(3):
        other = make_activity(cast.school, title=f"Other {index}")
        services.activity_sign_up(actor=SYSTEM, activity=other, person=cast.people["office_admin"])
    assert [count(client, url) for url in urls] == small


def test_anonymous_gets_401(client, activity):
    assert client.get(f"{API}/open").status_code == 401
