"""Django authentication backend: staff number or mobile plus password, throttled."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tongxin.core.errors import DomainError
from tongxin.core.prepared import PreparedGet

from .models import User
from .services import login_check
from .throttle import client_address

# The session's user with their person and branch, compiled once (see ``core.prepared``).
_session_user = PreparedGet(lambda: User.objects.select_related("person__node"))


class StaffLoginBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        try:
            return login_check(
                identifier=username, password=password, address=client_address(request)
            )
        except DomainError:
            return None

    def get_user(self, user_id: int) -> User | None:
        """Load the session's user with their person and branch in one query, so pages about
        "me" need no second query for them."""
        user = _session_user.get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
