"""The HTTP API, version 1: one NinjaAPI, one router per app, one error shape.

Every error leaves as ``{code, message, field}`` with a 4xx status: domain errors with their
own status, malformed input as 400 ``invalid``, missing or out-of-scope objects as 404,
missing credentials as 401.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tongxin.accounts.api import router as accounts_router
from tongxin.accounts.api_auth import ActiveSessionAuth, BearerTokenAuth
from tongxin.activities.api import router as activities_router
from tongxin.approvals.api import router as approvals_router
from tongxin.benefits.api import router as benefits_router
from tongxin.care.api import router as care_router
from tongxin.clubs.api import router as clubs_router
from tongxin.core.errors import DomainError
from tongxin.donations.api import router as donations_router
from tongxin.funds.api import router as funds_router
from tongxin.members.api import router as members_router
from tongxin.notifications.api import router as notifications_router
from tongxin.orgs.api import router as orgs_router
from tongxin.staff_services.api import router as staff_services_router
from tongxin.voice.api import router as voice_router

api = NinjaAPI(
    title="Tongxin API",
    version="1",
    description="The staff union platform's API. Errors are {code, message, field}.",
    urls_namespace="api-v1",
    auth=[BearerTokenAuth(), ActiveSessionAuth()],
    docs_url="/docs",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "field": field}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [
        str(part)
        for part in first.get("loc", ())
        if part not in ("body", "query", "path", "payload")
    ]
    message = first.get("msg") or _("The request is not valid.")
    return _error(request, 400, "invalid", str(message), ".".join(location) or None)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("/orgs/", orgs_router)
api.add_router("/members/", members_router)
api.add_router("/approvals/", approvals_router)
api.add_router("/accounts/", accounts_router)
api.add_router("/notifications/", notifications_router)
api.add_router("/funds/", funds_router)
api.add_router("/care/", care_router)
api.add_router("/benefits/", benefits_router)
api.add_router("/services/", staff_services_router)
api.add_router("/donations/", donations_router)
api.add_router("/activities/", activities_router)
api.add_router("/clubs/", clubs_router)
api.add_router("/voice/", voice_router)
