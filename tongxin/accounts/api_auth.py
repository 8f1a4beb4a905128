"""API authentication: a bearer token, or the browser session (with CSRF)."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .actors import actor_for
from .services import api_token_user


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for(user)  # type: ignore[attr-defined]
        return user


class ActiveSessionAuth(SessionAuth):
    """Session log-in, refused while the user still has to replace an initial password."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or getattr(user, "must_change_password", False):
            return None
        return user
