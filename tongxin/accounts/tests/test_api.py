"""The accounts API: me, my API tokens, and the union office's account management."""

import pytest
from django.test import Client

from tongxin.accounts import services
from tongxin.accounts.models import ApiToken, User
from tongxin.testing.api import ApiClient, api_as, assert_error, query_count, table_counts


def test_me_tells_who_is_calling_and_their_roles(cast):
    # when
    response = api_as(cast, "branch_a_chair").get("/accounts/me")
    # then
    assert response.json() == {
        "user_id": cast.users["branch_a_chair"].pk,
        "username": "A0001",
        "person_id": cast.people["branch_a_chair"].pk,
        "name": "Chair A",
        "grants": [{"role": "branch_chair", "node_id": cast.branch_a.pk}],
    }


def test_me_of_an_account_without_a_person(cast):
    # when
    response = api_as(cast, "outsider").get("/accounts/me")
    # then
    assert (response.json()["person_id"], response.json()["grants"]) == (None, [])


# My API tokens --------------------------------------------------------------------------------


def test_a_token_is_created_with_its_key_shown_once_and_then_works(cast):
    # given
    member = api_as(cast, "branch_a_member")
    # when
    created = member.post("/accounts/tokens", {"name": "Laptop"})
    listed = member.get("/accounts/tokens").json()
    # then
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith(created.json()["prefix"])
    assert [t["name"] for t in listed["items"]] == ["Laptop", "tests"]
    assert all("key" not in t for t in listed["items"])
    assert ApiClient(Client(), key).get("/accounts/me").json()["username"] == "A1001"
    assert not ApiToken.objects.filter(key_hash=key).exists()


@pytest.mark.parametrize(("name", "field"), [("   ", "name"), ("x" * 61, "name")])
def test_a_token_needs_a_short_name(cast, name, field):
    # given
    member = api_as(cast, "branch_a_member")
    before = table_counts()
    # when
    response = member.post("/accounts/tokens", {"name": name})
    # then
    assert_error(response, 400, "invalid", field)
    assert table_counts() == before


def test_tokens_are_listed_only_for_their_owner(cast):
    # given
    chair = api_as(cast, "branch_a_chair")
    member = api_as(cast, "branch_a_member")
    # when
    chairs = chair.get("/accounts/tokens").json()
    members = member.get("/accounts/tokens").json()
    # then
    assert chairs["count"] == members["count"] == 1
    assert chairs["items"][0]["id"] != members["items"][0]["id"]


def test_a_revoked_token_stops_working(cast):
    # given
    member = api_as(cast, "branch_a_member")
    created = member.post("/accounts/tokens", {"name": "Old phone"}).json()
    # when
    response = member.post(f"/accounts/tokens/{created['id']}/revoke")
    # then
    assert (response.json()["revoked_at"] is not None, response.json()["is_usable"]) == (
        True,
        False,
    )
    assert_error(ApiClient(Client(), created["key"]).get("/accounts/me"), 401, "unauthenticated")


def test_nobody_revokes_someone_elses_token(cast):
    # given
    office = api_as(cast, "office_admin")
    member = api_as(cast, "branch_a_member")
    members_token = ApiToken.objects.get(user=cast.users["branch_a_member"])
    before = table_counts()
    # when
    response = office.post(f"/accounts/tokens/{members_token.pk}/revoke")
    # then
    assert_error(response, 404, "not_found")
    assert table_counts() == before
    assert member.get("/accounts/me").status_code == 200


# The office: accounts for people --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 201, None),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_member", 404, "not_found"),
        ("branch_b_member", 404, "not_found"),
        ("outsider", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_account_create_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    person = cast.people["branch_a_non_member"]
    before = table_counts()
    # when
    response = client.post("/accounts/users", {"person_id": person.pk})
    # then
    if code is None:
        assert response.status_code == status
        body = response.json()
        user = User.objects.get(pk=body["id"])
        assert (user.username, user.person_id, user.must_change_password) == (
            "A1002",
            person.pk,
            True,
        )
        assert user.check_password(body["initial_password"])
        # the initial password logs in; the website then asks for a new one
        login = services.login_check(identifier="A1002", password=body["initial_password"])
        assert login.pk == user.pk
    else:
        assert_error(response, status, code)
        assert table_counts() == before


def test_a_person_gets_one_account_only(cast):
    # given
    office = api_as(cast, "office_admin")
    before = table_counts()
    # when
    response = office.post("/accounts/users", {"person_id": cast.people["branch_a_member"].pk})
    # then
    assert_error(response, 400, "already_has_account")
    assert table_counts() == before


@pytest.mark.parametrize(
    ("persona", "count"),
    [("office_admin", 7), ("branch_a_chair", 3), ("branch_a_member", 1), ("outsider", 0)],
)
def test_account_list_is_scoped(cast, persona, count):
    # when
    response = api_as(cast, persona).get("/accounts/users")
    # then
    assert response.json()["count"] == count


def test_account_list_filters_by_person(cast):
    # when
    response = api_as(cast, "office_admin").get(
        "/accounts/users", {"person_id": cast.people["branch_b_member"].pk}
    )
    # then
    assert [u["username"] for u in response.json()["items"]] == ["B1001"]


def test_account_get_outside_the_scope_is_not_found(cast):
    # when
    response = api_as(cast, "branch_a_chair").get(
        f"/accounts/users/{cast.users['branch_b_member'].pk}"
    )
    # then
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 200, None),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_a_member", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_account_reset_password_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    target = cast.users["branch_a_member"]
    before = table_counts()
    # when
    response = client.post(f"/accounts/users/{target.pk}/reset-password")
    # then
    target.refresh_from_db()
    if code is None:
        assert response.status_code == status
        assert response.json()["user_id"] == target.pk
        assert target.check_password(response.json()["password"])
        assert target.must_change_password is True
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert target.must_change_password is False


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [
        ("office_admin", 200, None),
        ("branch_a_chair", 403, "forbidden"),
        ("branch_b_member", 404, "not_found"),
        ("anonymous", 401, "unauthenticated"),
    ],
)
def test_account_deactivate_matrix(cast, persona, status, code):
    # given
    client = api_as(cast, persona)
    target = cast.users["branch_a_member"]
    before = table_counts()
    # when
    response = client.post(f"/accounts/users/{target.pk}/deactivate")
    # then
    target.refresh_from_db()
    if code is None:
        assert (response.status_code, response.json()["is_active"]) == (status, False)
        assert target.is_active is False
    else:
        assert_error(response, status, code)
        assert table_counts() == before
        assert target.is_active is True


def test_account_and_token_lists_run_the_same_number_of_queries_whatever_the_size(cast):
    # given
    office = api_as(cast, "office_admin")
    small = [query_count(office, "/accounts/users"), query_count(office, "/accounts/tokens")]
    # when
    for number in range(5):
        office.post("/accounts/tokens", {"name": f"Token {number}"})
    office.post("/accounts/users", {"person_id": cast.people["branch_a_non_member"].pk})
    large = [query_count(office, "/accounts/users"), query_count(office, "/accounts/tokens")]
    # then
    assert office.get("/accounts/tokens").json()["count"] == 6
    assert large == small


def test_account_get_in_scope(cast):
    # when
    response = api_as(cast, "branch_a_chair").get(
        f"/accounts/users/{cast.users['branch_a_member'].pk}"
    )
    # then
    assert response.json() == {
        "id": cast.users["branch_a_member"].pk,
        "username": "A1001",
        "person_id": cast.people["branch_a_member"].pk,
        "display_name": "Member A",
        "is_active": True,
        "must_change_password": False,
        "locked_until": None,
    }
