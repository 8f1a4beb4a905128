"""Log-in throttling: strangers cannot lock owners out, and refusals all look alike."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings
from django.utils import timezone

from tongxin.accounts import services
from tongxin.accounts.models import LoginFailure, User
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.testing.api import api_as
from tongxin.testing.personas import PASSWORD

STRANGER, OWNER = "203.0.113.9", "10.0.0.7"


def _refusal(identifier: str, password: str, address: str = STRANGER) -> tuple[str, str]:
    with pytest.raises(DomainError) as info:
        services.login_check(identifier=identifier, password=password, address=address)
    return info.value.code, info.value.message


def _lock(identifier: str = "A1001", address: str = STRANGER, times: int = 5) -> None:
    for _attempt in range(times):
        _refusal(identifier, "wrong-password", address)


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_unknown_locked_and_wrong_answer_alike_after_one_password_hash(cast):
    # given member A's account is locked by a stranger
    _lock()
    verify = MD5PasswordHasher.verify
    answers = []
    for identifier, password in [
        ("nobody", PASSWORD),  # unknown account
        ("A1001", PASSWORD),  # locked account, right password, failing client
        ("A1001", "wrong-password"),  # locked account, wrong password
        ("B1001", "wrong-password"),  # known account, wrong password
    ]:
        with mock.patch.object(
            MD5PasswordHasher, "verify", autospec=True, side_effect=verify
        ) as spy:
            answers.append(_refusal(identifier, password))
        # then every answer cost exactly one password check
        assert spy.call_count == 1
    # and the answers are the same
    assert len(set(answers)) == 1
    assert answers[0][0] == "invalid_credentials"


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_a_stranger_cannot_lock_the_owner_out(cast):
    _lock()
    assert User.objects.get(username="A1001").locked_until > timezone.now()
    # the owner, from a client with no failures on the account, gets in
    user = services.login_check(identifier="A1001", password=PASSWORD, address=OWNER)
    assert user == cast.users["branch_a_member"]
    # and getting in clears the lock and the failures
    user.refresh_from_db()
    assert (user.failed_login_count, user.locked_until) == (0, None)
    assert not LoginFailure.objects.filter(user=user).exists()


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_a_client_that_failed_waits_until_the_lock_expires(cast):
    _lock(address=OWNER)
    _refusal("A1001", PASSWORD, OWNER)
    # when the lock runs out
    User.objects.filter(username="A1001").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    # then the right password works again from the same client
    assert services.login_check(identifier="A1001", password=PASSWORD, address=OWNER)


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5, TONGXIN_LOGIN_LOCK_MINUTES=15)
def test_each_lock_lasts_twice_as_long_as_the_one_before(cast):
    _lock(times=5)
    first = User.objects.get(username="A1001").locked_until - timezone.now()
    _lock(times=5)
    second = User.objects.get(username="A1001").locked_until - timezone.now()
    assert dt.timedelta(minutes=14) < first <= dt.timedelta(minutes=15)
    assert dt.timedelta(minutes=29) < second <= dt.timedelta(minutes=30)
    assert AuditEvent.objects.filter(event="user.locked").count() == 2


@override_settings(TONGXIN_LOGIN_ADDRESS_MAX_FAILURES=3)
def test_an_address_that_guesses_too_much_is_refused_whatever_it_tries(cast):
    # given one client tried three unknown names
    for name in ("x1", "x2", "x3"):
        _refusal(name, PASSWORD)
    # then even a right password from it is refused, with the usual answer
    assert _refusal("B1001", PASSWORD) == _refusal("nobody", PASSWORD)
    # while other clients are not affected
    assert services.login_check(identifier="B1001", password=PASSWORD, address=OWNER)


def test_old_failures_are_dropped(cast):
    old = timezone.now() - dt.timedelta(days=2)
    LoginFailure.objects.create(user=None, address=STRANGER, at=old)
    _refusal("nobody", PASSWORD)
    assert list(LoginFailure.objects.values_list("at", flat=True)) != [old]
    assert LoginFailure.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("finance_officer", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_unlock_matrix(cast, persona, error):
    # given member A is locked out of their usual client
    _lock(address=OWNER)
    user = User.objects.get(username="A1001")
    before = (user.locked_until, AuditEvent.objects.count(), LoginFailure.objects.count())
    if error is None:
        services.account_unlock(actor=cast.actor(persona), user=user)
        user.refresh_from_db()
        assert (user.failed_login_count, user.locked_until) == (0, None)
        assert AuditEvent.objects.filter(event="user.unlocked").count() == 1
        # then the owner's client works again at once
        assert services.login_check(identifier="A1001", password=PASSWORD, address=OWNER)
    else:
        with pytest.raises(error):
            services.account_unlock(actor=cast.actor(persona), user=user)
        user.refresh_from_db()
        after = (user.locked_until, AuditEvent.objects.count(), LoginFailure.objects.count())
        assert after == before


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_unlock_over_the_api_and_on_the_account_panel(cast, client):
    _lock(address=OWNER)
    user = User.objects.get(username="A1001")
    response = api_as(cast, "office_admin").post(f"/accounts/users/{user.pk}/unlock", {})
    assert response.status_code == 200
    assert response.json()["locked_until"] is None
    # the member cannot unlock over the API
    _lock(address=OWNER)
    response = api_as(cast, "branch_a_member").post(f"/accounts/users/{user.pk}/unlock", {})
    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).locked_until is not None
    # the office's page button lifts it too
    client.force_login(cast.users["office_admin"])
    person = cast.people["branch_a_member"]
    response = client.post(f"/accounts/people/{person.pk}/unlock/")
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).locked_until is None
