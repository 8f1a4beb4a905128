"""Project-level views: the start page that routes each user, health check, error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tongxin.orgs import access


def home(request: HttpRequest) -> HttpResponse:
    """Officers land on their console, members on "Me"; anonymous users on the log-in page."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    actor = request.actor  # type: ignore[attr-defined]
    if actor.grants and access.can_somewhere(actor, "orgs.view_node"):
        return redirect("orgs:node-tree")
    return redirect("members:me")


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
