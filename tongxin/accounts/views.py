"""Log-in, log-out, password change, the user's API tokens, and the office's account panel.

A person's account panel sits on their record (loaded with htmx, or as its own page): open an
account, reset its password (the new one is shown once), deactivate it.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, render_page_or_partial
from tongxin.members import queries as members_queries
from tongxin.members.models import Person
from tongxin.orgs import access

from . import queries, services
from .forms import ApiTokenForm, LoginForm, PasswordChangeForm
from .permissions import AccountsPermission
from .throttle import client_address

P = AccountsPermission


def _safe_next(request: ActorRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
def login_view(request: ActorRequest) -> HttpResponse:
    """Log in with a staff number (or the mobile number on record) and a password."""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
                address=client_address(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            login(request, user, backend="tongxin.accounts.backends.StaffLoginBackend")
            if user.must_change_password:
                messages.warning(request, _("Please choose your own password first."))
                return redirect("accounts:password-change")
            return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")})


@require_POST
def logout_view(request: ActorRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
@never_cache
def password_change_view(request: ActorRequest) -> HttpResponse:
    """Replace one's password; an initial or reset password must be replaced before anything."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_change_password(
                actor=request.actor,
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect(_safe_next(request))
    context = {"form": form, "next": _safe_next(request, "")}
    return render(request, "accounts/password_change.html", context)


@login_required
@never_cache
def token_list(request: ActorRequest) -> HttpResponse:
    """The user's own API tokens; a new token's secret is shown once, right after creation."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                actor=request.actor, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": list(queries.api_token_list(actor=request.actor)),
        "new_key": new_key,
    }
    return render(request, "accounts/token_list.html", context)


@login_required
@require_POST
def token_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    token = queries.api_token_get(actor=request.actor, pk=pk)
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:token-list")


def _person_for_accounts(
    request: ActorRequest, pk: int, permission: str = P.VIEW_ACCOUNT
) -> Person:
    """The person whose account is at stake: out of scope 404, without ``permission`` 403."""
    person = members_queries.person_get(actor=request.actor, pk=pk)
    access.require(request.actor, permission, person)
    return person


def _account_panel(
    request: ActorRequest, person: Person, *, status: int = 200, **extra: Any
) -> HttpResponse:
    actor = request.actor
    account = queries.account_for_person(actor=actor, person=person)
    context = {
        "person": person,
        "account": account,
        "is_locked": bool(
            account and account.locked_until and account.locked_until > timezone.now()
        ),
        "can_manage": access.can(actor, P.MANAGE_ACCOUNT, person),
        **extra,
    }
    return render_page_or_partial(
        request, "accounts/person_account.html", "accounts/_person_account.html", context, status
    )


@login_required
@never_cache
def person_account(request: ActorRequest, pk: int) -> HttpResponse:
    """The account panel of a person's record: login name, state, and the office's actions."""
    return _account_panel(request, _person_for_accounts(request, pk))


@login_required
@require_POST
@never_cache
def account_create(request: ActorRequest, pk: int) -> HttpResponse:
    """Open an account for the person; the initial password is shown this once."""
    person = _person_for_accounts(request, pk, P.MANAGE_ACCOUNT)
    try:
        user, password = services.account_create(actor=request.actor, person=person)
    except DomainError as error:
        return _account_panel(request, person, error=error.message)
    return _account_panel(request, person, new_password=password, login_name=user.username)


@login_required
@require_POST
@never_cache
def account_reset_password(request: ActorRequest, pk: int) -> HttpResponse:
    """Set a new temporary password (shown this once) and lift a lockout."""
    person = _person_for_accounts(request, pk, P.MANAGE_ACCOUNT)
    account = queries.account_for_person(actor=request.actor, person=person)
    if account is None:
        return _account_panel(request, person, error=_("This person has no account."))
    password = services.account_reset_password(actor=request.actor, user=account)
    return _account_panel(request, person, new_password=password, login_name=account.username)


@login_required
@require_POST
def account_deactivate(request: ActorRequest, pk: int) -> HttpResponse:
    """Stop an account from logging in (its history stays)."""
    person = _person_for_accounts(request, pk, P.MANAGE_ACCOUNT)
    account = queries.account_for_person(actor=request.actor, person=person)
    if account is None:
        return _account_panel(request, person, error=_("This person has no account."))
    try:
        services.account_deactivate(actor=request.actor, user=account)
    except DomainError as error:
        return _account_panel(request, person, error=error.message)
    return _account_panel(request, person, done=_("The account has been deactivated."))


@login_required
@require_POST
def account_unlock(request: ActorRequest, pk: int) -> HttpResponse:
    """Lift a log-in lock so the owner can try again at once."""
    person = _person_for_accounts(request, pk, P.MANAGE_ACCOUNT)
    account = queries.account_for_person(actor=request.actor, person=person)
    if account is None:
        return _account_panel(request, person, error=_("This person has no account."))
    services.account_unlock(actor=request.actor, user=account)
    return _account_panel(request, person, done=_("The log-in lock has been lifted."))
