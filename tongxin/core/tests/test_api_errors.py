"""Every class of bad input and every failed request answers the one {code, message, field}
shape with a 4xx status, and writes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from tongxin.accounts import services as accounts
from tongxin.accounts.models import ApiToken, User
from tongxin.core.api import _field_of, _validation_message
from tongxin.testing.api import API, ApiClient, api_as, assert_error, table_counts
from tongxin.testing.personas import SYSTEM


@pytest.fixture
def office(cast):
    return api_as(cast, "office_admin")


def _person_payload(cast, **overrides):
    payload = {
        "node_id": cast.branch_a.pk,
        "staff_number": "A9001",
        "name": "New Person",
        "gender": "female",
    }
    return {**payload, **overrides}


# Malformed bodies -----------------------------------------------------------------------------


def test_malformed_json_is_refused_and_writes_nothing(cast, office):
    # given
    before = table_counts()
    # when
    response = office.raw("post", "/members/people", '{"node_id": 1, "name": ')
    # then
    body = assert_error(response, 400, "invalid")
    with translation.override("zh-hans"):
        assert body["message"] == gettext("The request body is not valid JSON.")
    assert table_counts() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[1, 2]", "Send a JSON object."),
        ("", "Send a JSON object in the request body."),
        ('"text"', "Send a JSON object."),
    ],
)
def test_a_body_that_is_not_an_object_is_refused(cast, office, body, message):
    # when
    response = office.raw("post", "/members/people", body)
    # then
    result = assert_error(response, 400, "invalid")
    with translation.override("zh-hans"):
        assert result["message"] == gettext(message)


def test_a_form_encoded_body_is_not_json(cast, office):
    # when
    response = office.raw(
        "post", "/orgs/nodes", "parent_id=1", content_type="application/x-www-form-urlencoded"
    )
    # then
    assert_error(response, 400, "invalid")


# Wrong types and out-of-range values ----------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"node_id": "abc"}, "node_id"),
        ({"node_id": "2"}, "node_id"),  # a JSON body carries numbers as numbers
        ({"node_id": 2.5}, "node_id"),
        ({"node_id": 2**70}, "node_id"),
        ({"node_id": 0}, "node_id"),
        ({"name": 42}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"gender": "other"}, "gender"),
        ({"birth_on": "2021-02-30"}, "birth_on"),
        ({"birth_on": "1899-12-31"}, "birth_on"),
        ({"birth_on": 19800101}, "birth_on"),
        ({"birth_on": "01/02/1980"}, "birth_on"),
        ({"wage_base_fen": -1}, "wage_base_fen"),
        ({"wage_base_fen": "12.50"}, "wage_base_fen"),
        ({"wage_base_fen": 12.5}, "wage_base_fen"),
        ({"wage_base_fen": 2**64}, "wage_base_fen"),
        ({"wage_base_fen": True}, "wage_base_fen"),
        ({"nickname": "Ace"}, "nickname"),
    ],
)
def test_bad_values_name_their_field_and_write_nothing(cast, office, overrides, field):
    # given
    before = table_counts()
    # when
    response = office.post("/members/people", _person_payload(cast, **overrides))
    # then
    assert_error(response, 400, "invalid", field)
    assert table_counts() == before


def test_every_problem_is_listed_when_there_are_several(cast, office):
    # when
    response = office.post("/members/people", {"node_id": "x", "gender": "robot"})
    # then
    body = assert_error(response, 400, "invalid", "node_id")
    fields = [error["field"] for error in body["extra"]["errors"]]
    assert fields == ["node_id", "staff_number", "name", "gender"]


def test_messages_are_translated(cast, office):
    # when
    response = office.post("/members/people", _person_payload(cast, birth_on="2021-02-30"))
    english = office.client.post(
        f"{API}/members/people",
        _person_payload(cast, birth_on="2021-02-30"),
        content_type="application/json",
        headers={"Authorization": f"Bearer {office.token}", "Accept-Language": "en"},
    )
    # then
    with translation.override("zh-hans"):
        chinese_text = gettext("Enter a real date as YYYY-MM-DD, between 1900 and 2199.")
    assert response.json()["message"] == chinese_text
    assert english.json()["message"] == "Enter a real date as YYYY-MM-DD, between 1900 and 2199."
    assert chinese_text != english.json()["message"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/members/people/abc", "pk"),
        ("/members/people/0", "pk"),
        ("/members/people/99999999999999999999999", "pk"),
        ("/members/people?node_id=99999999999999999999999", "node_id"),
        ("/members/people?membership_status=royal", "membership_status"),
        ("/members/people?age_band=ancient", "age_band"),
        ("/members/people?limit=0", "limit"),
        ("/members/people?limit=501", "limit"),
        ("/members/people?offset=-1", "offset"),
        ("/members/people?offset=99999999999999999999", "offset"),
        ("/orgs/nodes?include_archived=perhaps", "include_archived"),
        ("/members/dues?month=2021-13-01", "month"),
    ],
)
def test_bad_path_and_query_values_name_their_field(cast, office, path, field):
    # when
    response = office.get(path)
    # then
    assert_error(response, 400, "invalid", field)


def test_a_required_query_parameter_is_named(cast, office):
    # given
    person = cast.people["branch_a_member"]
    # when
    response = office.get(f"/members/people/{person.pk}/membership-node")
    # then
    body = assert_error(response, 400, "invalid", "on")
    with translation.override("zh-hans"):
        assert body["message"] == gettext("This field is required.")


# Text no column can store ---------------------------------------------------------------------


def test_nul_in_a_body_string_is_refused(cast, office):
    # given
    before = table_counts()
    # when
    response = office.post("/members/people", _person_payload(cast, name="Null\u0000Person"))
    # then
    assert_error(response, 400, "invalid", "name")
    assert table_counts() == before


def test_a_lone_surrogate_is_refused(cast, office):
    # when
    response = office.raw(
        "post",
        "/orgs/nodes",
        f'{{"parent_id": {cast.school.pk}, "kind": "branch", "name": "\\ud800"}}',
    )
    # then
    assert_error(response, 400, "invalid", "name")


def test_nul_in_a_query_string_is_refused(cast, office):
    # when
    response = office.get("/members/people", {"q": "zhang\u0000"})
    # then
    assert_error(response, 400, "invalid", "q")


# Domain errors --------------------------------------------------------------------------------


def test_a_domain_error_names_the_field_as_the_api_spells_it(cast, office):
    # given a group cannot hold a branch
    payload = {"parent_id": cast.group_a1.pk, "kind": "branch", "name": "Too deep"}
    # when
    response = office.post("/orgs/nodes", payload)
    # then the service's "parent" is the request's "parent_id"
    assert_error(response, 400, "invalid_parent", "parent_id")


def test_a_forbidden_action_in_scope_answers_403(cast):
    # given a branch chair sees their branch but may not restructure it
    chair = api_as(cast, "branch_a_chair")
    before = table_counts()
    # when
    response = chair.post(
        "/orgs/nodes", {"parent_id": cast.branch_a.pk, "kind": "group", "name": "G"}
    )
    # then
    assert_error(response, 403, "forbidden")
    assert table_counts() == before


def test_an_out_of_scope_id_looks_exactly_like_a_missing_one(cast):
    # given
    chair = api_as(cast, "branch_a_chair")
    other_branch_person = cast.people["branch_b_member"]
    # when
    out_of_scope = chair.get(f"/members/people/{other_branch_person.pk}")
    missing = chair.get("/members/people/987654321")
    # then
    assert_error(out_of_scope, 404, "not_found")
    assert (out_of_scope.status_code, out_of_scope.json()) == (missing.status_code, missing.json())


# Routes and methods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nope", "/api/v1/members/people/", "/api/v2/members/people", "/api/"]
)
def test_an_unknown_api_address_answers_json_404(path):
    # when
    response = Client().get(path)
    # then
    body = assert_error(response, 404, "not_found")
    with translation.override("zh-hans"):
        assert body["message"] == gettext("There is no such API address.")


def test_a_wrong_method_answers_json_405_with_the_allowed_ones(cast, office):
    # when
    response = office.delete("/members/people")
    # then
    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


# Authentication -------------------------------------------------------------------------------


def test_no_credentials_answer_401(cast):
    # given
    before = table_counts()
    # when
    reading = ApiClient(Client()).get("/members/people")
    writing = ApiClient(Client()).post("/members/people", _person_payload(cast))
    # then
    assert_error(reading, 401, "unauthenticated")
    assert_error(writing, 401, "unauthenticated")
    assert table_counts() == before


def test_an_unknown_token_answers_401(cast):
    # when
    response = ApiClient(Client(), "tx_not-a-real-token").get("/accounts/me")
    # then
    assert_error(response, 401, "unauthenticated")


def test_a_revoked_token_answers_401(cast):
    # given
    actor = cast.actor("branch_a_member")
    token, key = accounts.api_token_create(actor=actor, name="phone")
    accounts.api_token_revoke(actor=actor, token=token)
    # when
    response = ApiClient(Client(), key).get("/accounts/me")
    # then
    assert_error(response, 401, "unauthenticated")


def test_an_expired_token_answers_401(cast):
    # given
    _token, key = accounts.api_token_create(actor=cast.actor("branch_a_member"), name="old")
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # when
    response = ApiClient(Client(), key).get("/accounts/me")
    # then
    assert_error(response, 401, "unauthenticated")


def test_a_deactivated_account_token_answers_401(cast):
    # given
    member = api_as(cast, "branch_a_member")
    accounts.account_deactivate(actor=SYSTEM, user=cast.users["branch_a_member"])
    # when
    response = member.get("/accounts/me")
    # then
    assert_error(response, 401, "unauthenticated")


def test_a_token_is_refused_until_a_reset_password_is_changed(cast):
    # given a reset (which revokes the tokens made before it)
    before_reset = api_as(cast, "branch_a_member")
    accounts.account_reset_password(actor=SYSTEM, user=cast.users["branch_a_member"])
    assert before_reset.get("/accounts/me").status_code == 401
    # when a token made since is used
    member = api_as(cast, "branch_a_member")
    response = member.get("/accounts/me")
    # then
    body = assert_error(response, 403, "password_change_required")
    with translation.override("zh-hans"):
        assert body["message"] == gettext(
            "Change your initial password on the website before using the API."
        )


def test_a_session_is_refused_until_the_initial_password_is_changed(cast):
    # given
    client = Client()
    accounts.account_reset_password(actor=SYSTEM, user=cast.users["branch_a_member"])
    client.force_login(User.objects.get(pk=cast.users["branch_a_member"].pk))
    # when
    response = client.get(f"{API}/accounts/me")
    # then
    assert_error(response, 403, "password_change_required")


def test_a_session_reads_without_csrf_but_writes_only_with_it(cast):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["branch_a_member"])
    client.get("/api/v1/docs")  # sets the CSRF cookie, as a page would
    token = client.cookies["csrftoken"].value
    before = table_counts()
    # when
    reading = client.get(f"{API}/accounts/me")
    refused = client.post(f"{API}/accounts/tokens", {"name": "x"}, content_type="application/json")
    accepted = client.post(
        f"{API}/accounts/tokens",
        {"name": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    # then
    assert reading.status_code == 200
    assert_error(refused, 403, "csrf_failed")
    assert accepted.status_code == 201
    assert table_counts()["accounts.ApiToken"] == before["accounts.ApiToken"] + 1


# Pagination -----------------------------------------------------------------------------------


def test_lists_answer_items_and_count_and_page_with_limit_and_offset(cast, office):
    # given
    everyone = office.get("/members/people").json()
    # when
    page = office.get("/members/people", {"limit": 2, "offset": 3}).json()
    # then
    assert set(page) == {"items", "count"}
    assert page["count"] == everyone["count"] == len(cast.people)
    assert [p["id"] for p in page["items"]] == [p["id"] for p in everyone["items"][3:5]]


# Bugs -----------------------------------------------------------------------------------------


def test_a_bug_is_logged_and_still_answers_the_error_shape(cast, monkeypatch, caplog):
    # given an endpoint whose query breaks
    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("tongxin.members.queries.person_list", broken)
    office = api_as(cast, "office_admin")
    office.client.raise_request_exception = False
    # when
    response = office.get("/members/people")
    # then
    assert_error(response, 500, "server_error")
    assert "Internal Server Error: /api/v1/members/people" in caplog.text


# How pydantic's errors are read ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "payload", "items", 0, "name"), "items.0.name"),
        (("body", "payload", "name"), "name"),
        (("body", "payload"), None),
        (("query", "limit"), "limit"),
        (("path", "pk"), "pk"),
        ((), None),
    ],
)
def test_field_names_drop_the_source_and_the_body_parameter(loc, field):
    # when
    named = _field_of(loc)
    # then
    assert named == field


def test_choice_errors_list_the_choices():
    # given
    error = {"type": "enum", "ctx": {"expected": "'male' or 'female'"}}
    # when
    with translation.override("en"):
        message = _validation_message(error)
    # then
    assert message == "Choose one of: male, female."
