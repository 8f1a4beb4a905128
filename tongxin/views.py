"""Project-level views: the start page that routes each user, health check, error pages."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from tongxin.approvals import queries as approvals_queries
from tongxin.core.http import ActorRequest
from tongxin.members import queries as members_queries
from tongxin.members.permissions import MembersPermission
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.actor import Actor
from tongxin.orgs.choices import Role
from tongxin.orgs.permissions import OrgsPermission


def home(request: ActorRequest) -> HttpResponse:
    """Officers land on their console dashboard, members on "Me", anonymous users on log-in."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    actor = request.actor
    if not access.holds_somewhere(actor, OrgsPermission.VIEW_NODE):
        return redirect("members:me")
    return render(request, "console/dashboard.html", _dashboard(actor))


def _dashboard(actor: Actor) -> dict[str, Any]:
    """My scope, a few counts and the waiting decisions: a fixed handful of queries."""
    counts = (
        members_queries.person_counts(actor=actor)
        if access.holds_somewhere(actor, MembersPermission.VIEW_PERSON)
        else None
    )
    grants = [(Role(role).label, node) for role, node in orgs_queries.grant_nodes(actor=actor)]
    return {
        "grants": grants,
        "counts": counts,
        "waiting": approvals_queries.approval_inbox(actor=actor).count(),
    }


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: its processors may need what just failed."""
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
