from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tongxin.core.web import paginate

from . import queries, registry


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the actor's decision, oldest first (a fixed number of queries)."""
    page = paginate(request, queries.approval_inbox(actor=request.actor))
    rows = [(item, registry.subject_url(item.subject_type, item.subject_id)) for item in page]
    return render(request, "approvals/inbox.html", {"page_obj": page, "rows": rows})
