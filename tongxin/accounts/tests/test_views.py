import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tongxin.accounts import services
from tongxin.accounts.models import ApiToken, User
from tongxin.core.models import AuditEvent
from tongxin.testing.personas import PAGE_PERSONAS, PASSWORD, log_in

LOGIN = reverse("accounts:login")
PASSWORD_CHANGE = reverse("accounts:password-change")
TOKENS = reverse("accounts:token-list")


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def test_login_page_for_anonymous_and_redirect_when_logged_in(cast, client):
    assert client.get(LOGIN).status_code == 200
    log_in(client, cast, "branch_a_member")
    assert client.get(LOGIN)["Location"] == reverse("home")


@pytest.mark.parametrize("identifier", ["A1001", "13700000003"])
def test_login_by_staff_number_or_phone(cast, client, identifier):
    response = client.post(LOGIN, {"identifier": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) in {
        cast.users["branch_a_member"].pk,
        cast.users["auditor"].pk,
    }


def test_login_keeps_a_safe_next_and_drops_another_site(cast, client):
    response = client.post(LOGIN, {"identifier": "A1001", "password": PASSWORD, "next": "/me/"})
    assert response["Location"] == "/me/"
    client.logout()
    response = client.post(
        LOGIN, {"identifier": "A1001", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


INVALID = (
    "The staff number (or mobile) or the password is not correct, or there were too many "
    "attempts. Try again later or ask the union office."
)


def test_wrong_password_shows_a_translated_error(cast, client):
    response = client.post(LOGIN, {"identifier": "A1001", "password": "wrong"})
    assert response.status_code == 200
    assert _zh(INVALID) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_refuses_the_failing_client_but_not_the_owner_elsewhere(cast, client, settings):
    settings.TONGXIN_LOGIN_MAX_FAILURES = 5
    # given a stranger at 10.0.0.66 sent five wrong passwords for member A
    for _attempt in range(5):
        client.post(LOGIN, {"identifier": "A1001", "password": "wrong"}, REMOTE_ADDR="10.0.0.66")
    # then the stranger's client is refused even the right password, like any wrong one
    response = client.post(
        LOGIN, {"identifier": "A1001", "password": PASSWORD}, REMOTE_ADDR="10.0.0.66"
    )
    assert _zh(INVALID) in response.content.decode()
    assert "_auth_user_id" not in client.session
    # but the owner, from their own client, still logs in
    response = client.post(
        LOGIN, {"identifier": "A1001", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.users["branch_a_member"].pk


def test_forced_password_change_flow(cast, client):
    # given the office has reset member A's password
    temporary = services.account_reset_password(
        actor=cast.actor("office_admin"), user=cast.users["branch_a_member"]
    )
    # when member A logs in with it
    response = client.post(LOGIN, {"identifier": "A1001", "password": temporary})
    # then they must change it before anything else
    assert response["Location"] == PASSWORD_CHANGE
    blocked = client.get(reverse("members:me"))
    assert blocked["Location"].startswith(PASSWORD_CHANGE)
    assert client.get(reverse("accounts:person-account", args=[cast.people["branch_a_member"].pk]))[
        "Location"
    ].startswith(PASSWORD_CHANGE)
    page = client.get(PASSWORD_CHANGE).content.decode()
    assert 'data-testid="must-change"' in page
    # when the two new passwords differ, or the new one is weak, it says why
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": temporary,
            "new_password": "Brand-new-2021",
            "new_password_again": "Other-2021x",
        },
    )
    assert _zh("The two new passwords differ.") in response.content.decode()
    # when they choose a new one
    response = client.post(
        PASSWORD_CHANGE,
        {
            "old_password": temporary,
            "new_password": "Brand-new-2021",
            "new_password_again": "Brand-new-2021",
        },
    )
    # then they go on, still logged in
    assert response.status_code == 302
    assert client.get(reverse("members:me")).status_code == 200
    assert not User.objects.get(pk=cast.users["branch_a_member"].pk).must_change_password


def test_logout(cast, client):
    log_in(client, cast, "branch_a_member")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert client.get(reverse("members:me")).status_code == 302


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_tokens_page_matrix(cast, client, persona):
    log_in(client, cast, persona)
    assert client.get(TOKENS).status_code == (302 if persona == "anonymous" else 200)


def test_token_created_shown_once_and_revoked(cast, client):
    log_in(client, cast, "branch_a_member")
    response = client.post(TOKENS, {"name": "My script"})
    key = response.context["new_key"]
    assert key.startswith("tx_")
    assert key in response.content.decode()
    assert key not in client.get(TOKENS).content.decode()
    token = ApiToken.objects.get()
    # someone else cannot revoke it
    log_in(client, cast, "branch_b_member")
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    log_in(client, cast, "branch_a_member")
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert ApiToken.objects.get().revoked_at is not None


PANEL_STATUS = {
    # the panel of member A's account
    "office_admin": 200,
    "finance_officer": 403,
    "auditor": 403,
    "branch_a_chair": 200,
    "branch_a_liaison": 403,
    "branch_a_member": 200,
    "branch_b_member": 404,
    "outsider": 404,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PAGE_PERSONAS)
def test_account_panel_matrix(cast, client, persona):
    log_in(client, cast, persona)
    url = reverse("accounts:person-account", args=[cast.people["branch_a_member"].pk])
    assert client.get(url).status_code == PANEL_STATUS[persona]


def test_office_opens_an_account_and_sees_the_password_once(cast, client):
    person = cast.people["branch_a_non_member"]
    log_in(client, cast, "office_admin")
    response = client.post(
        reverse("accounts:account-create", args=[person.pk]), HTTP_HX_REQUEST="true"
    )
    password = response.context["new_password"]
    assert password in response.content.decode()
    assert services.login_check(identifier="A1002", password=password).person_id == person.pk
    panel = client.get(reverse("accounts:person-account", args=[person.pk])).content.decode()
    assert password not in panel
    again = client.post(reverse("accounts:account-create", args=[person.pk]))
    assert (
        _zh("%(name)s already has an account.") % {"name": "Newcomer A"} in again.content.decode()
    )


def test_office_resets_and_deactivates(cast, client):
    person = cast.people["branch_a_member"]
    log_in(client, cast, "office_admin")
    response = client.post(reverse("accounts:account-reset", args=[person.pk]))
    assert response.context["new_password"]
    assert User.objects.get(pk=cast.users["branch_a_member"].pk).must_change_password
    client.post(reverse("accounts:account-deactivate", args=[person.pk]))
    assert not User.objects.get(pk=cast.users["branch_a_member"].pk).is_active


@pytest.mark.parametrize(
    "url_name", ["accounts:account-create", "accounts:account-reset", "accounts:account-deactivate"]
)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("branch_a_chair", 403), ("branch_b_member", 404), ("branch_a_member", 403)],
)
def test_account_actions_denied_change_nothing(cast, client, url_name, persona, status):
    log_in(client, cast, persona)
    before = (User.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse(url_name, args=[cast.people["branch_a_member"].pk]))
    assert response.status_code == status
    assert (User.objects.count(), AuditEvent.objects.count()) == before
    user = User.objects.get(pk=cast.users["branch_a_member"].pk)
    assert user.is_active
    assert not user.must_change_password


def test_panel_queries(cast, client, django_assert_num_queries):
    log_in(client, cast, "office_admin")
    url = reverse("accounts:person-account", args=[cast.people["branch_a_member"].pk])
    # user, roles (the session comes from the cache), person, account
    with django_assert_num_queries(4):
        client.get(url, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("extra", [2, 20])
def test_tokens_page_queries_do_not_grow(cast, client, django_assert_num_queries, extra):
    actor = cast.actor("branch_a_member")
    for index in range(extra):
        services.api_token_create(actor=actor, name=f"Token {index}")
    log_in(client, cast, "branch_a_member")
    # user and tokens: the session and the menu's roles come from the cache
    with django_assert_num_queries(2):
        response = client.get(TOKENS)
    assert len(response.context["tokens"]) == extra
