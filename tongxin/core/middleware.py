"""Safety net: a domain error that escapes a view becomes a 404, 403 or 400 page, never a 500;
and the security headers every answer carries.

It also refuses, before any view runs, a page request whose query string or form fields hold a
NUL character: PostgreSQL cannot store or compare text with NUL, and no person types one. The
API refuses the same in its own parser (``core.api.SafeParser``), in the API's error shape.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .deletion import in_use_error
from .errors import DomainError, Forbidden, NotFound, ValidationFailed

Handler = Callable[[HttpRequest], HttpResponse]
_NUL = "\x00"


def _holds_nul(request: HttpRequest) -> bool:
    if _NUL in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    return any(
        _NUL in key or any(_NUL in value for value in values)
        for source in sources
        for key, values in source.lists()
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def domain_error_middleware(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        if not _is_api(request) and _holds_nul(request):
            error = ValidationFailed(_("Text may not contain NUL characters."))
            return render(request, "errors/400.html", {"error": error}, status=400)
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404 from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied from exception
        if isinstance(exception, OverflowError | DataError):
            # An id or number in the URL or form beyond the column's range: nothing by that id.
            raise Http404 from exception
        if isinstance(exception, ProtectedError | RestrictedError):
            exception = in_use_error()
        if isinstance(exception, DomainError):
            return render(request, "errors/400.html", {"error": exception}, status=exception.status)
        return None

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware


# Scripts only from this site: templates carry no inline <script> or on*= handler
# (core/tests/test_templates_csp.py keeps it so). Inline styles stay allowed: htmx inserts its
# indicator style, and a style cannot run code.
DEFAULT_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob: mediastream:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def security_headers_middleware(get_response: Handler) -> Handler:
    """Add the Content-Security-Policy to every answer, and ``Cache-Control: no-store`` to
    every API answer and every page for a logged-in user (personal data must not linger in
    shared or browser caches)."""
    policy = getattr(settings, "TONGXIN_CSP", "") or DEFAULT_CSP

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        personal = user is not None and user.is_authenticated
        if personal or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response

    return middleware
