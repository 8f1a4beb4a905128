"""Accounts follow their person: one mobile logs in one account; death and leaving close it;
a new password ends the old tokens."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from tongxin.accounts import services
from tongxin.accounts.models import ApiToken, User
from tongxin.core.errors import DomainError
from tongxin.core.models import AuditEvent
from tongxin.members import services as members
from tongxin.members.models import Person
from tongxin.testing.api import api_as, assert_error
from tongxin.testing.personas import PASSWORD

OFFICE_MOBILE = "13700000001"  # the office admin's (S0001) mobile, which logs in


def _token(cast, persona: str) -> str:
    _token_row, key = services.api_token_create(actor=cast.actor(persona), name="script")
    return key


# One mobile, one account ------------------------------------------------------------------


def test_a_member_cannot_take_the_office_mobile(cast):
    # given member A tries to make the office's mobile their own
    person = cast.people["branch_a_member"]
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as info:
        members.person_update(
            actor=cast.actor("branch_a_member"), person=person, changes={"phone": OFFICE_MOBILE}
        )
    # then it is refused on the phone field, and nothing changed
    assert (info.value.code, info.value.field) == ("phone_taken", "phone")
    with translation.override("zh-hans"):
        assert gettext("The mobile %(phone)s is already used to log in by another account.")
    person.refresh_from_db()
    assert person.phone == "13800001001"
    assert AuditEvent.objects.count() == before
    # and the office still logs in with its mobile
    office = services.login_check(identifier=OFFICE_MOBILE, password=PASSWORD)
    assert office == cast.users["office_admin"]


def test_the_api_names_the_phone_field(cast):
    person = cast.people["branch_a_member"]
    response = api_as(cast, "branch_a_member").patch(
        f"/members/people/{person.pk}", {"phone": OFFICE_MOBILE}
    )
    assert_error(response, 400, "phone_taken", "phone")


def test_a_new_mobile_logs_in_at_once_and_the_old_one_no_longer(cast):
    person = cast.people["branch_a_member"]
    members.person_update(
        actor=cast.actor("branch_a_member"), person=person, changes={"phone": "13612345678"}
    )
    assert services.login_check(identifier="13612345678", password=PASSWORD).person_id == person.pk
    with pytest.raises(DomainError):
        services.login_check(identifier="13800001001", password=PASSWORD)
    # and the freed number can be taken by someone else
    other = cast.people["branch_b_member"]
    members.person_update(
        actor=cast.actor("branch_b_member"), person=other, changes={"phone": "13800001001"}
    )
    assert services.login_check(identifier="13800001001", password=PASSWORD).person_id == other.pk


def test_a_mobile_that_is_a_login_name_is_refused(cast):
    User.objects.filter(pk=cast.users["outsider"].pk).update(username="13599998888")
    with pytest.raises(DomainError) as info:
        members.person_update(
            actor=cast.actor("branch_a_member"),
            person=cast.people["branch_a_member"],
            changes={"phone": "13599998888"},
        )
    assert info.value.field == "phone"


def test_no_account_for_a_person_whose_mobile_logs_in_elsewhere(cast):
    # given a person without an account has the office's mobile on record
    person = cast.people["branch_a_non_member"]
    members.person_update(actor=cast.actor("office_admin"), person=person, changes={"phone": ""})
    Person.objects.filter(pk=person.pk).update(phone=OFFICE_MOBILE)
    person.refresh_from_db()
    count = User.objects.count()
    # then opening an account is refused on the phone field
    with pytest.raises(DomainError) as info:
        services.account_create(actor=cast.actor("office_admin"), person=person)
    assert (info.value.code, info.value.field) == ("phone_taken", "phone")
    assert User.objects.count() == count


def test_the_database_refuses_two_active_accounts_with_one_login_mobile(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=cast.users["branch_a_member"].pk).update(login_phone=OFFICE_MOBILE)
    # an inactive account may keep an old number
    User.objects.filter(pk=cast.users["branch_a_member"].pk).update(is_active=False)
    User.objects.filter(pk=cast.users["branch_a_member"].pk).update(login_phone=OFFICE_MOBILE)


# Tokens end with the password ---------------------------------------------------------------


def test_changing_the_password_revokes_every_token(cast, client):
    key = _token(cast, "branch_a_member")
    user = User.objects.get(pk=cast.users["branch_a_member"].pk)
    services.account_change_password(
        actor=cast.actor("branch_a_member"),
        user=user,
        old_password=PASSWORD,
        new_password="Another-pass-2021",
    )
    assert services.api_token_user(key) is None
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    event = AuditEvent.objects.get(event="user.password_changed")
    assert event.changes == {"tokens_revoked": 1}


def test_a_reset_by_the_office_revokes_every_token(cast):
    key = _token(cast, "branch_a_member")
    services.account_reset_password(
        actor=cast.actor("office_admin"), user=cast.users["branch_a_member"]
    )
    assert services.api_token_user(key) is None


def test_deactivation_revokes_every_token(cast):
    key = _token(cast, "branch_b_member")
    services.account_deactivate(
        actor=cast.actor("office_admin"), user=cast.users["branch_b_member"]
    )
    assert services.api_token_user(key) is None
    assert not ApiToken.objects.filter(revoked_at__isnull=True, user__username="B1001").exists()


# Death and leaving close the account --------------------------------------------------------


def _record_death(cast, person):
    members.membership_record_death(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2026, 11, 1)
    )


def _leave_union(cast, person):
    members.membership_leave(
        actor=cast.actor("office_admin"), person=person, on=dt.date(2026, 11, 1)
    )


def _leave_school(cast, person):
    members.person_update(
        actor=cast.actor("office_admin"), person=person, changes={"employment_status": "left"}
    )


@pytest.mark.parametrize("record", [_record_death, _leave_union, _leave_school])
def test_death_and_leaving_close_the_account_and_its_tokens(cast, record):
    key = _token(cast, "branch_b_member")
    user = cast.users["branch_b_member"]
    # when the departure is recorded in members
    record(cast, cast.people["branch_b_member"])
    # then the account is closed, its tokens too, and it says why
    user.refresh_from_db()
    assert not user.is_active
    assert services.api_token_user(key) is None
    event = AuditEvent.objects.get(event="user.deactivated", target_id=str(user.pk))
    assert event.changes == {"reason": "departed", "tokens_revoked": 1}
    with pytest.raises(DomainError):
        services.login_check(identifier="B1001", password="wrong")
    with pytest.raises(DomainError) as info:
        services.login_check(identifier="B1001", password=PASSWORD)
    assert info.value.code == "account_inactive"


def test_a_refused_departure_leaves_the_account_alone(cast):
    # the branch A member cannot record a death; nothing changes
    user = cast.users["branch_b_member"]
    with pytest.raises(DomainError):
        _record_death_as(cast, "branch_a_member", cast.people["branch_b_member"])
    assert User.objects.get(pk=user.pk).is_active


def _record_death_as(cast, persona, person):
    members.membership_record_death(
        actor=cast.actor(persona), person=person, on=dt.date(2026, 11, 1)
    )


def test_members_does_not_import_accounts():
    """The hook keeps the layering: members (below) never imports accounts (above)."""
    import pathlib

    root = pathlib.Path(members.__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "tongxin.accounts" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
