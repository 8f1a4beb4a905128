import pytest
from django.test import override_settings
from django.utils import timezone

from tongxin.accounts import services
from tongxin.accounts.models import ApiToken, User
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.models import AuditEvent
from tongxin.testing.personas import PASSWORD


def test_login_by_staff_number_and_by_phone(cast):
    assert (
        services.login_check(identifier="A1001", password=PASSWORD) == cast.users["branch_a_member"]
    )
    # the auditor (S0003) is the only account holder with mobile 13700000003
    assert (
        services.login_check(identifier=" 13700000003 ", password=PASSWORD) == cast.users["auditor"]
    )


def test_login_by_phone_accepts_the_usual_spellings(cast):
    user = cast.users["auditor"]
    for spelling in ("+86 137-0000-0003", "0086 13700000003"):
        assert services.login_check(identifier=spelling, password=PASSWORD) == user


@pytest.mark.parametrize(
    ("identifier", "password"),
    [("A1001", "wrong-password"), ("nobody", PASSWORD), ("", PASSWORD)],
)
def test_bad_credentials_look_the_same(cast, identifier, password):
    with pytest.raises(DomainError) as info:
        services.login_check(identifier=identifier, password=password)
    assert info.value.code == "invalid_credentials"


@override_settings(TONGXIN_LOGIN_MAX_FAILURES=5)
def test_five_failures_lock_and_a_reset_lifts_the_lock(cast):
    # given five wrong passwords in a row from one client
    for _attempt in range(5):
        with pytest.raises(DomainError):
            services.login_check(identifier="A1001", password="wrong-password", address="10.0.0.1")
    user = User.objects.get(username="A1001")
    assert user.locked_until > timezone.now()
    assert AuditEvent.objects.filter(event="user.locked", target_id=str(user.pk)).count() == 1
    # then even the right password is refused from that client, with the usual answer
    with pytest.raises(DomainError) as info:
        services.login_check(identifier="A1001", password=PASSWORD, address="10.0.0.1")
    assert info.value.code == "invalid_credentials"
    # when the office resets the password
    new_password = services.account_reset_password(actor=cast.actor("office_admin"), user=user)
    # then the lock is lifted, the new password works from that client and must be changed
    user = services.login_check(identifier="A1001", password=new_password, address="10.0.0.1")
    assert user.must_change_password
    assert user.locked_until is None


def test_a_success_clears_the_failure_count(cast):
    with pytest.raises(DomainError):
        services.login_check(identifier="A1001", password="wrong-password")
    services.login_check(identifier="A1001", password=PASSWORD)
    assert User.objects.get(username="A1001").failed_login_count == 0


def test_deactivated_account_cannot_log_in(cast):
    user = cast.users["branch_b_member"]
    services.account_deactivate(actor=cast.actor("office_admin"), user=user)
    with pytest.raises(DomainError) as info:
        services.login_check(identifier="B1001", password=PASSWORD)
    assert info.value.code == "account_inactive"


def test_office_cannot_deactivate_itself(cast):
    user = cast.users["office_admin"]
    with pytest.raises(DomainError):
        services.account_deactivate(actor=cast.actor("office_admin"), user=user)
    assert User.objects.get(pk=user.pk).is_active


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("finance_officer", Forbidden),
        ("branch_a_member", NotFound),
        ("branch_b_member", NotFound),
        ("outsider", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_account_create_matrix(cast, persona, error):
    # given a person without an account in branch A
    person = cast.people["branch_a_non_member"]
    before = (User.objects.count(), AuditEvent.objects.count())
    actor = cast.actor(persona)
    if error is None:
        user, password = services.account_create(actor=actor, person=person)
        # then the login name is the staff number and the initial password must be changed
        assert (user.username, user.person_id, user.must_change_password) == (
            "A1002",
            person.pk,
            True,
        )
        assert services.login_check(identifier="A1002", password=password) == user
    else:
        with pytest.raises(error):
            services.account_create(actor=actor, person=person)
        assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_second_account_refused(cast):
    with pytest.raises(DomainError) as info:
        services.account_create(
            actor=cast.actor("office_admin"), person=cast.people["branch_a_member"]
        )
    assert info.value.code == "already_has_account"


@pytest.mark.parametrize(
    ("persona", "error"),
    [("office_admin", None), ("branch_a_chair", Forbidden), ("branch_b_member", NotFound)],
)
def test_reset_matrix(cast, persona, error):
    user = cast.users["branch_a_member"]
    if error is None:
        services.account_reset_password(actor=cast.actor(persona), user=user)
        assert User.objects.get(pk=user.pk).must_change_password
    else:
        with pytest.raises(error):
            services.account_reset_password(actor=cast.actor(persona), user=user)
        user = User.objects.get(pk=user.pk)
        assert not user.must_change_password
        assert user.check_password(PASSWORD)


def test_change_password(cast):
    user = User.objects.get(pk=cast.users["branch_a_member"].pk)
    actor = cast.actor("branch_a_member")
    with pytest.raises(DomainError) as info:
        services.account_change_password(
            actor=actor, user=user, old_password="nope", new_password="Another-pass-2021"
        )
    assert info.value.field == "old_password"
    with pytest.raises(DomainError) as info:
        services.account_change_password(
            actor=actor, user=user, old_password=PASSWORD, new_password="12345678"
        )
    assert info.value.field == "new_password"
    with pytest.raises(Forbidden):
        services.account_change_password(
            actor=cast.actor("office_admin"),
            user=user,
            old_password=PASSWORD,
            new_password="Another-pass-2021",
        )
    services.account_change_password(
        actor=actor, user=user, old_password=PASSWORD, new_password="Another-pass-2021"
    )
    assert services.login_check(identifier="A1001", password="Another-pass-2021") == user


def test_tokens_create_use_revoke(cast, client):
    # given a token created by member A
    token, key = services.api_token_create(actor=cast.actor("branch_a_member"), name="Script")
    assert ApiToken.objects.get().key_hash != key
    # when it is sent as a bearer token
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    # then the API answers as member A
    assert response.status_code == 200
    assert response.json()["user_id"] == cast.users["branch_a_member"].pk
    # when someone else tries to revoke it, it is "not found"
    with pytest.raises(NotFound):
        services.api_token_revoke(actor=cast.actor("branch_b_member"), token=token)
    # when its owner revokes it, it stops working
    services.api_token_revoke(actor=cast.actor("branch_a_member"), token=token)
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert services.api_token_user(key) is None


def test_token_needs_a_name(cast):
    with pytest.raises(DomainError) as info:
        services.api_token_create(actor=cast.actor("branch_a_member"), name="  ")
    assert info.value.field == "name"
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("office_admin", None),
        ("branch_a_chair", Forbidden),
        ("branch_a_liaison", Forbidden),
        ("branch_a_member", Forbidden),
        ("branch_b_member", NotFound),
        ("anonymous", NotFound),
    ],
)
def test_deactivate_matrix(cast, persona, error):
    user = cast.users["branch_a_member"]
    before = AuditEvent.objects.count()
    if error is None:
        services.account_deactivate(actor=cast.actor(persona), user=user)
        assert not User.objects.get(pk=user.pk).is_active
    else:
        with pytest.raises(error):
            services.account_deactivate(actor=cast.actor(persona), user=user)
        assert User.objects.get(pk=user.pk).is_active
        assert AuditEvent.objects.count() == before
