"""API authentication: a bearer token, or the browser session (with CSRF for unsafe methods).

An account that still has to replace an initial or reset password is refused either way
until its owner has changed the password on the website: the office hands out such passwords,
so the account is not yet fully its owner's.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from tongxin.core.errors import Forbidden

from .actors import actor_for
from .errors import AccountsErrorCode
from .services import api_token_user


def _refuse_until_password_changed(user: Any) -> None:
    if getattr(user, "must_change_password", False):
        raise Forbidden(
            _("Change your initial password on the website before using the API."),
            code=AccountsErrorCode.PASSWORD_CHANGE_REQUIRED,
        )


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer tx_…`` with a token from "My API tokens"."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            return None
        _refuse_until_password_changed(user)
        request.user = user
        # As ``actor_middleware`` does for sessions (``ActorRequest.actor``, not declared by
        # Django's request class).
        request.actor = actor_for(user)  # type: ignore[attr-defined]
        return user


class ActiveSessionAuth(SessionAuth):
    """The logged-in browser session; unsafe methods need the CSRF token."""

    def __call__(self, request: HttpRequest) -> Any:
        # Without a logged-in session there is nothing to protect from CSRF: answer 401.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None:
            _refuse_until_password_changed(user)
        return user
