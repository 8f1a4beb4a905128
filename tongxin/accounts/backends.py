"""Django authentication backend: staff number or phone plus password, with lockout."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tongxin.core.errors import DomainError

from .models import User
from .services import login_check


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
            return login_check(identifier=username, password=password)
        except DomainError:
            return None
