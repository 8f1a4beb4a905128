"""The approvals inbox: what waits for the signed-in officer's decision."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from tongxin.core.http import ActorRequest
from tongxin.core.web import paginate
from tongxin.orgs import access

from . import queries, registry
from .permissions import ApprovalsPermission


@login_required
def inbox(request: ActorRequest) -> HttpResponse:
    """Requests waiting for the actor's decision, oldest first (a fixed number of queries).

    Each links to the page of its subject, where the domain service takes the decision.
    """
    if not access.holds_somewhere(request.actor, ApprovalsPermission.VIEW_REQUEST):
        raise PermissionDenied
    page = paginate(request, queries.approval_inbox(actor=request.actor))
    rows = [(item, registry.subject_url(item.subject_type, item.subject_id)) for item in page]
    return render(request, "approvals/inbox.html", {"page_obj": page, "rows": rows})
