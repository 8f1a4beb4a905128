"""Accounts: creating them for people, passwords, log-in checks with throttling, API tokens.

An account follows its person: the person's mobile is the account's log-in mobile (unique
among active accounts), and a person who dies or leaves loses the account and its tokens.
"""

import datetime as dt
import hashlib
import secrets
import string
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tongxin.core.validators import normalize_mobile
from tongxin.members.models import Officer, Person
from tongxin.members.services.officers import role_for_position
from tongxin.orgs import access
from tongxin.orgs import services as orgs_services
from tongxin.orgs.actor import Actor
from tongxin.orgs.permissions import ASSIGN_PERMISSION_FOR_ROLE, OrgsPermission

from . import events, throttle
from .errors import AccountsErrorCode
from .models import ApiToken, User
from .permissions import AccountsPermission

P = AccountsPermission
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def generate_initial_password(length: int = 10) -> str:
    """A readable random password (no 0/O/1/l/I) for a first log-in or a reset."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def _username_for(person: Person) -> str:
    username = person.staff_number
    if User.objects.filter(Q(username=username) | Q(login_phone=username)).exists():
        username = f"{person.school.code or person.school_id}-{person.staff_number}"
    return username


def _grant_officer_roles(actor: Actor, user: User) -> None:
    """Grant the roles of the person's open officer terms that had no account to carry them."""
    if user.person_id is None:
        return
    today = timezone.localdate()
    open_terms = (
        Officer.objects.filter(
            person_id=user.person_id, role_assignment__isnull=True, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("node")
    )
    for officer in open_terms:
        role = role_for_position(officer.position, officer.node)
        permission = ASSIGN_PERMISSION_FOR_ROLE.get(role or "", OrgsPermission.ASSIGN_ROLE)
        if role is None or not access.can_at(actor, permission, officer.node.path):
            continue
        officer.role_assignment = orgs_services.role_grant(
            actor=actor,
            user_id=user.pk,
            role=role,
            node=officer.node,
            starts_on=max(officer.started_on, today),
            ends_on=officer.ended_on,
        )
        officer.save(update_fields=["role_assignment", "updated_at"])


def account_create(
    *, actor: Actor, person: Person, password: str | None = None, must_change: bool = True
) -> tuple[User, str]:
    """Open an account for ``person`` and return it with its initial password.

    The login name is the staff number, and the person's mobile logs in too: refused if
    another active account logs in with it. The user must change the initial password at
    first log-in. Open officer terms of the person get their roles.
    """
    access.require(actor, P.MANAGE_ACCOUNT, person)
    initial = password or generate_initial_password()
    with transaction.atomic(durable=True):
        if User.objects.filter(person=person).exists():
            raise DomainError(
                _("%(name)s already has an account.") % {"name": person.name},
                code=AccountsErrorCode.ALREADY_HAS_ACCOUNT,
            )
        user = User(
            username=_username_for(person),
            person=person,
            display_name=person.name,
            must_change_password=must_change,
            login_phone=person.phone or None,
        )
        _check_login_phone(user)
        user.set_password(initial)
        _save_login_phone(user, force_insert=True)
        audit.record(
            actor=actor,
            event=events.ACCOUNT_CREATED,
            target=user,
            changes={"username": user.username, "person": person.pk},
            node_path=person.node.path,
        )
        _grant_officer_roles(actor, user)
    return user, initial


def account_reset_password(*, actor: Actor, user: User) -> str:
    """Set a new random password (to be changed at next log-in), lift any lockout and revoke
    the account's API tokens (whoever knew the old password may have made them)."""
    access.require(actor, P.MANAGE_ACCOUNT, user)
    new_password = generate_initial_password()
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(new_password)
        user.must_change_password = True
        user.failed_login_count = 0
        user.locked_until = None
        user.save(
            update_fields=["password", "must_change_password", "failed_login_count", "locked_until"]
        )
        throttle.forget_failures(user)
        audit.record(
            actor=actor,
            event=events.ACCOUNT_PASSWORD_RESET,
            target=user,
            changes={"tokens_revoked": _revoke_tokens(user)},
            node_path=user.scope_path,
        )
    return new_password


def account_change_password(
    *, actor: Actor, user: User, old_password: str, new_password: str
) -> User:
    """The user replaces their own password; Django's password validators apply.

    Every API token of the account is revoked: a token made by someone who knew the old
    password must not outlive it.
    """
    if actor.user_id != user.pk:
        raise Forbidden(_("You can only change your own password."))
    if not user.check_password(old_password):
        raise ValidationFailed(
            _("The current password is not correct."),
            code=AccountsErrorCode.WRONG_PASSWORD,
            field="old_password",
        )
    if old_password == new_password:
        raise ValidationFailed(
            _("Choose a password different from the current one."),
            code=AccountsErrorCode.WEAK_PASSWORD,
            field="new_password",
        )
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationFailed(
            " ".join(exc.messages), code=AccountsErrorCode.WEAK_PASSWORD, field="new_password"
        ) from None
    with transaction.atomic(durable=True):
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit.record(
            actor=actor,
            event=events.ACCOUNT_PASSWORD_CHANGED,
            target=user,
            changes={"tokens_revoked": _revoke_tokens(user)},
            node_path=user.scope_path,
        )
    return user


def _find_login(identifier: str) -> User | None:
    identifier = identifier.strip()
    if not identifier:
        return None
    try:
        phone: str | None = normalize_mobile(identifier)
    except ValidationFailed:
        phone = None
    condition = Q(username=identifier)
    if phone is not None:
        condition |= Q(login_phone=phone, is_active=True)
    users = list(User.objects.filter(condition).select_related("person__node")[:2])
    exact = [u for u in users if u.username == identifier]
    return exact[0] if exact else (users[0] if users else None)


def _invalid_credentials() -> DomainError:
    return DomainError(
        _(
            "The staff number (or mobile) or the password is not correct, or there were too "
            "many attempts. Try again later or ask the union office."
        ),
        code=AccountsErrorCode.INVALID_CREDENTIALS,
    )


def login_check(*, identifier: str, password: str, address: str = "") -> User:
    """Return the user for a staff number (or mobile) and password, or raise.

    Throttled by ``accounts.throttle``: per client address, and per account with growing
    locks that the right password from a client with no recent failure on the account still
    passes. Unknown accounts, wrong passwords, locks and blocked addresses all get the same
    answer after the same password hash, so the answer does not tell who has an account.
    """
    now = timezone.now()
    user = _find_login(identifier)
    if user is None or throttle.address_blocked(address, now):
        throttle.burn_hash(password)
        throttle.record_failure(user, address, now)
        raise _invalid_credentials()
    correct = user.check_password(password)
    locked = user.locked_until is not None and user.locked_until > now
    if not correct:
        _count_failure(user, address, now)
        raise _invalid_credentials()
    if locked and throttle.pair_failed_recently(user, address, now):
        throttle.record_failure(user, address, now)
        raise _invalid_credentials()
    if not user.is_active:
        raise DomainError(_("This account has been deactivated."), code=AccountsErrorCode.INACTIVE)
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None
    throttle.forget_failures(user)
    return user


def _count_failure(user: User, address: str, now: dt.datetime) -> None:
    with transaction.atomic():
        throttle.record_failure(user, address, now)
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        count = User.objects.filter(pk=user.pk).values_list("failed_login_count", flat=True)[0]
        length = throttle.lock_length(count)
        if length is not None:
            until = now + length
            User.objects.filter(pk=user.pk).update(locked_until=until)
            audit.record(
                actor=Actor.system(),
                event=events.ACCOUNT_LOCKED,
                target=user,
                changes={"locked_until": until, "failures": count},
                node_path=user.scope_path,
            )


def account_unlock(*, actor: Actor, user: User) -> User:
    """Lift a log-in lock and forget the account's recent failures (the office's help for an
    owner who cannot wait for the lock to expire)."""
    access.require(actor, P.MANAGE_ACCOUNT, user)
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        throttle.forget_failures(user)
        if not user.failed_login_count and user.locked_until is None:
            return user
        user.failed_login_count, user.locked_until = 0, None
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit.record(
            actor=actor, event=events.ACCOUNT_UNLOCKED, target=user, node_path=user.scope_path
        )
    return user


def account_deactivate(*, actor: Actor, user: User) -> User:
    """Stop ``user`` from logging in; the account and its history stay on record.

    Refused for one's own account, so the office cannot lock itself out by mistake. The
    account's API tokens are revoked.
    """
    access.require(actor, P.MANAGE_ACCOUNT, user)
    if actor.user_id == user.pk:
        raise DomainError(
            _("You cannot deactivate your own account."), code=AccountsErrorCode.INACTIVE
        )
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user
        _close(actor, user, reason="office")
    return user


def _close(actor: Actor, user: User, *, reason: str) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        event=events.ACCOUNT_DEACTIVATED,
        target=user,
        changes={"reason": reason, "tokens_revoked": _revoke_tokens(user)},
        node_path=user.scope_path,
    )


def _revoke_tokens(user: User) -> int:
    """Revoke every usable API token of ``user``; returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def accounts_close_for_departed(actor: Actor, people: Sequence[Person]) -> None:
    """Deactivate the accounts (and revoke the tokens) of people who died or left.

    Building block for ``members.hooks.departed``: runs in the members service's transaction,
    which checked the actor's right to record the departure.
    """
    users = User.objects.select_for_update(of=("self",)).filter(
        person__in=[p.pk for p in people], is_active=True
    )
    for user in users.select_related("person__node").order_by("pk"):
        _close(actor, user, reason="departed")


def _login_phone_taken(phone: str) -> ValidationFailed:
    return ValidationFailed(
        _("The mobile %(phone)s is already used to log in by another account.") % {"phone": phone},
        code=AccountsErrorCode.PHONE_TAKEN,
        field="phone",
    )


def _check_login_phone(user: User) -> None:
    phone = user.login_phone
    if not phone:
        return
    others = User.objects.exclude(pk=user.pk)
    if others.filter(Q(login_phone=phone, is_active=True) | Q(username=phone)).exists():
        raise _login_phone_taken(phone)


def _save_login_phone(user: User, **save_kwargs: Any) -> None:
    try:
        with transaction.atomic():
            user.save(**save_kwargs)
    except IntegrityError:
        # A concurrent writer took the mobile between the check and the write.
        raise _login_phone_taken(user.login_phone or "") from None


def accounts_sync_login_phones(actor: Actor, people: Sequence[Person]) -> None:
    """Make each person's new mobile the log-in mobile of their active account.

    Building block for ``members.hooks.phone_changed`` (inside the members transaction):
    refuses, with the field named, a mobile that another active account logs in with or
    that is another account's login name.
    """
    users = User.objects.select_for_update().filter(
        person__in=[p.pk for p in people], is_active=True
    )
    phones = {p.pk: p.phone or None for p in people}
    for user in users.order_by("pk"):
        user.login_phone = phones.get(user.person_id or 0)
        _check_login_phone(user)
        _save_login_phone(user, update_fields=["login_phone"])


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: Actor, name: str) -> tuple[ApiToken, str]:
    """Create an API token for the actor's own account; the secret is shown only once."""
    if actor.user_id is None:
        raise DomainError(_("Log in first."), code="unauthenticated")
    name = name.strip()
    if not name or len(name) > 60:
        raise ValidationFailed(_("Give the token a name of at most 60 characters."), field="name")
    key = f"tx_{secrets.token_urlsafe(32)}"
    with transaction.atomic(durable=True):
        token = ApiToken.objects.create(
            user_id=actor.user_id,
            name=name,
            prefix=key[:10],
            key_hash=_hash_key(key),
            expires_at=timezone.now() + dt.timedelta(days=settings.TONGXIN_API_TOKEN_DAYS),
        )
        audit.record(
            actor=actor, event=events.API_TOKEN_CREATED, target=token, changes={"name": name}
        )
    return token, key


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.user_id:
        raise NotFound()
    with transaction.atomic(durable=True):
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, event=events.API_TOKEN_REVOKED, target=token)
    return token


def api_token_user(key: str) -> User | None:
    """The active user a bearer key belongs to, if the token is usable (one query)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user
