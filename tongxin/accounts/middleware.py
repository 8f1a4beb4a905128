"""Request middleware: the lazy actor, and the forced password change."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .actors import actor_for

Handler = Callable[[HttpRequest], HttpResponse]


def actor_middleware(get_response: Handler) -> Handler:
    """Attach ``request.actor``; its one query runs only if a view uses it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        # Where ``ActorRequest.actor`` comes from: Django's request class does not declare it.
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))  # type: ignore[attr-defined]
        return get_response(request)

    return middleware


# Until the initial password is replaced, only these stay open: logging in and out, the change
# form itself, static files and the language switch. The API refuses such sessions on its own.
_ALLOWED_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/",
    "/static/",
    "/i18n/",
    "/api/",
)


def password_change_required_middleware(get_response: Handler) -> Handler:
    """Send a user with an initial or reset password to the change form before anything else."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:password-change')}?next={request.path}")
        return get_response(request)

    return middleware
