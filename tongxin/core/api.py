"""The API's plumbing that every router relies on: one error shape, safe parsing, the docs page.

``TongxinAPI`` is a ``NinjaAPI`` whose every failure leaves as ``{code, message, field}``
with a 4xx status: a ``DomainError`` with its own status; malformed input as 400 ``invalid``
naming the field; an unknown route as 404 and a wrong method as 405. The docs page serves
Swagger UI from our own static files (installed from the npm lock), never from a CDN.
"""

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.signals import got_request_exception
from django.db import DataError
from django.db.models import ProtectedError, RestrictedError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, re_path
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from .deletion import in_use_error
from .errors import DomainError, ValidationFailed
from .schemas import ErrorOut

View = Callable[..., HttpResponse]
logger = logging.getLogger("django.request")
_QUOTED = re.compile(r"'([^']*)'")
# Characters no database column can hold: NUL (PostgreSQL refuses it) and lone surrogates
# (not encodable as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableTextError(ValueError):
    """A string in the request holds a character no column can store."""

    def __init__(self, field: str | None) -> None:
        self.field = field
        super().__init__(field)


def _check_text(value: Any, path: tuple[str, ...] = ()) -> None:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise UnstorableTextError(".".join(path) or None)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_text(key, path)
            _check_text(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, (*path, str(index)))


class SafeParser(Parser):
    """JSON bodies and query strings, refusing text that could not be stored."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _check_text(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        try:
            _check_text(parsed)
        except UnstorableTextError as exc:
            raise ValidationFailed(_unstorable_message(), field=exc.field) from None
        return parsed


def _unstorable_message() -> str:
    return _("Text may not contain NUL characters.")


def _choices(ctx: Mapping[str, Any]) -> str:
    return ", ".join(_QUOTED.findall(str(ctx.get("expected", "")))) or str(ctx.get("expected"))


def _validation_message(error: Mapping[str, Any]) -> str:
    """A translated sentence for one pydantic error (pydantic's own texts are English only)."""
    kind: str = error.get("type", "")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a real date as YYYY-MM-DD, between 1900 and 2199.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind == "string_too_long":
        return _("Enter at most %(count)d characters.") % {"count": ctx.get("max_length", 0)}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a number of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a number of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": _choices(ctx)}
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind.startswith("string"):
        return _("Enter text.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Send a JSON object.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Send a list.")
    return _("This value is not valid.")


def _field_of(loc: Iterable[Any]) -> str | None:
    """``("body", "payload", "items", 0, "name")`` → ``"items.0.name"``; the source and the
    body parameter's own name are not fields a client sent."""
    parts = [str(part) for part in loc]
    if not parts:
        return None
    skip = 2 if parts[0] in ("body", "form", "file") else 1
    return ".".join(parts[skip:]) or None


def _is_whole_body(error: Mapping[str, Any]) -> bool:
    loc = tuple(error.get("loc", ()))
    return len(loc) <= 2 and loc[:1] == ("body",)


class DocsPage(Swagger):
    """Swagger UI from ``static/vendor/swagger-ui`` (copied from the npm lock): no CDN, no
    validator badge calling out, CSRF header added for session users."""

    template = "core/api_docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,
        "persistAuthorization": False,
        # Tags start folded: with every app's operations open at once (140+), Swagger UI
        # stops drawing part-way; folded, each tag renders when it is opened.
        "docExpansion": "none",
        "filter": True,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        page_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": page_settings,
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


class TongxinAPI(NinjaAPI):
    """A ``NinjaAPI`` that answers every failure in the one error shape."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", SafeParser())
        kwargs.setdefault("docs", DocsPage())
        super().__init__(**kwargs)
        # Ninja types a handler's second argument as "the exception or its class" although it
        # only ever passes the instance, so no handler taking an exception fits: hence the
        # ignores below.
        self.add_exception_handler(DomainError, self._domain_error)  # type: ignore[arg-type]
        self.add_exception_handler(ValidationError, self._validation_error)  # type: ignore[arg-type]
        self.add_exception_handler(Http404, self._not_found)  # type: ignore[arg-type]
        self.add_exception_handler(AuthenticationError, self._unauthenticated)  # type: ignore[arg-type]
        self.add_exception_handler(HttpError, self._http_error)  # type: ignore[arg-type]
        self.add_exception_handler(OverflowError, self._out_of_range)  # type: ignore[arg-type]
        self.add_exception_handler(DataError, self._out_of_range)  # type: ignore[arg-type]
        self.add_exception_handler(ProtectedError, self._in_use)  # type: ignore[arg-type]
        self.add_exception_handler(RestrictedError, self._in_use)  # type: ignore[arg-type]
        self.add_exception_handler(Exception, self._server_error)  # type: ignore[arg-type]

    def error_response(
        self,
        request: HttpRequest,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> HttpResponse:
        body: dict[str, Any] = {"code": code, "message": message, "field": field}
        if extra:
            body["extra"] = extra
        return self.create_response(request, body, status=status)

    def _domain_error(self, request: HttpRequest, exc: DomainError) -> HttpResponse:
        field = _api_field_name(request, exc.field)
        return self.error_response(
            request, exc.status, exc.code, exc.message, field, exc.extra or None
        )

    def _validation_error(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: list[dict[str, str | None]] = [
            {"field": _field_of(e.get("loc", ())), "message": _validation_message(e)}
            for e in exc.errors
        ]
        first = exc.errors[0] if exc.errors else {}
        if first and _is_whole_body(first) and first.get("type") == "missing":
            errors[0]["message"] = _("Send a JSON object in the request body.")
        field, message = (errors[0]["field"], errors[0]["message"]) if errors else (None, None)
        extra = {"errors": errors} if len(errors) > 1 else None
        return self.error_response(
            request, 400, "invalid", message or _("The request is not valid."), field, extra
        )

    def _out_of_range(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A number (an id, a year) beyond what the database column holds: the client's
        input, never a server error. Schemas bound most inputs; this catches the rest."""
        return self.error_response(request, 400, "invalid", _("A number is out of range."))

    def _in_use(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A delete that other rows still refer to (a service without ``delete_or_refuse``)."""
        return self._domain_error(request, in_use_error())

    def _not_found(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.error_response(request, 404, "not_found", _("Not found."))

    def _unauthenticated(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.error_response(
            request, 401, "unauthenticated", _("Log in or send a valid API token.")
        )

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnstorableTextError):
            return self.error_response(
                request, 400, "invalid", _unstorable_message(), exc.__cause__.field
            )
        if isinstance(exc.__cause__, RequestDataTooBig):
            return self.error_response(
                request, 400, "too_large", _("The request body is too large.")
            )
        if exc.status_code == 400:
            return self.error_response(
                request, 400, "invalid", _("The request body is not valid JSON.")
            )
        if exc.status_code == 403:
            return self.error_response(
                request,
                403,
                "csrf_failed",
                _("The CSRF token is missing or wrong; reload the page."),
            )
        if exc.status_code == 429:
            return self.error_response(
                request, 429, "throttled", _("Too many requests; try again later.")
            )
        return self.error_response(
            request, exc.status_code, "http_error", _("The request could not be handled.")
        )

    def _server_error(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A bug, never the client's fault: logged (and mailed to admins, if configured) like
        Django's own 500s, and answered in the one shape so clients can still read it."""
        got_request_exception.send(sender=type(self), request=request)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"status_code": 500, "request": request},
        )
        return self.error_response(
            request, 500, "server_error", _("Something went wrong on our side; it has been logged.")
        )

    @method_decorator(csrf_exempt)
    def unknown_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Any path under the API that no operation matches."""
        return self.error_response(request, 404, "not_found", _("There is no such API address."))

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_method_not_allowed(pattern.callback)
        return [*urls, re_path(r"^.*$", self.unknown_route, name="unknown-route")]

    def _json_method_not_allowed(self, view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            answer = self.error_response(
                request,
                405,
                "method_not_allowed",
                _("The method %(method)s is not allowed here.") % {"method": request.method},
            )
            answer["Allow"] = response["Allow"]
            return answer

        return wrapper

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Document the error answers of every operation with the one ``Error`` schema.

        Built by ``UniqueNamesSchema``: two schemas of one name fail loudly here instead of
        one silently documenting the other's fields."""
        path_prefix = kwargs.get("path_prefix")
        if path_prefix is None:
            path_prefix = self.get_root_path(kwargs.get("path_params") or {})
        schema = UniqueNamesSchema(self, path_prefix)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
            ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                codes = ("400", "401", "404") if method == "get" else _WRITE_ERRORS
                for code in codes:
                    operation["responses"].setdefault(
                        code, {"description": _ERROR_DESCRIPTIONS[code], **ref}
                    )
        return schema


class DuplicateSchemaName(RuntimeError):
    """Two different schemas were given one name in the OpenAPI document."""


class UniqueNamesSchema(OpenAPISchema):
    """Ninja's OpenAPI document, refusing two different definitions under one component name.

    Ninja names a component after its class and keeps whichever definition came last, so two
    apps' ``ExpenseIn`` would document one endpoint with the other's body. Schema classes get
    names unique across the API (prefix the app's noun: ``ClubExpenseIn``)."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise DuplicateSchemaName(
                    f"Two different schemas are named {name!r} in the API; rename one."
                )
        super().add_schema_definitions(definitions)


_WRITE_ERRORS = ("400", "401", "403", "404", "409")
_ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `field` names the offending field.",
    "401": "No valid API token or session.",
    "403": "In scope, but the caller's roles lack the permission.",
    "404": "Missing, or outside the caller's scope (the two look the same).",
    "409": "Conflicts with the current state.",
}


def _api_field_name(request: HttpRequest, field: str | None) -> str | None:
    """Services name related objects (``node``); the API sends their ids (``node_id``)."""
    if not field:
        return field
    sent: set[str] = set(request.GET.keys())
    try:
        body = json.loads(request.body) if request.body else {}
    except RawPostDataException:
        # A multipart upload: its stream was read when the form fields were parsed.
        body = dict(request.POST.items())
    except (ValueError, SuspiciousOperation):
        body = {}
    if isinstance(body, dict):
        sent |= set(body)
    if field not in sent and f"{field}_id" in sent:
        return f"{field}_id"
    return field
