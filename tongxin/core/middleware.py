"""Safety net: a domain error that escapes a view becomes a 404, 403 or 400 page, never a 500."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import DomainError, Forbidden, NotFound

Handler = Callable[[HttpRequest], HttpResponse]


def domain_error_middleware(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404 from exception
        if isinstance(exception, Forbidden):
            raise PermissionDenied from exception
        if isinstance(exception, OverflowError | DataError):
            # An id or number in the URL or form beyond the column's range: nothing by that id.
            raise Http404 from exception
        if isinstance(exception, DomainError):
            return render(request, "errors/400.html", {"error": exception}, status=exception.status)
        return None

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
