"""My notifications: the list with mark-read, and the small unread badge loaded by htmx."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tongxin.core.http import ActorRequest
from tongxin.core.web import paginate

from . import queries, services


@login_required
def notification_list(request: ActorRequest) -> HttpResponse:
    """Newest first, paged: a COUNT and one page query."""
    unread_only = request.GET.get("unread") == "1"
    qs = queries.notification_list(actor=request.actor, unread_only=unread_only)
    page = paginate(request, qs)
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "unread_only": unread_only},
    )


@login_required
def unread_badge(request: ActorRequest) -> HttpResponse:
    """The unread count as a tiny fragment (one COUNT query), fetched by the menu after load."""
    count = queries.notification_unread_count(actor=request.actor)
    return render(request, "notifications/_unread_badge.html", {"count": count})


@login_required
@require_POST
def notification_open(request: ActorRequest, pk: int) -> HttpResponse:
    """Mark a notification read and follow its link (local links only)."""
    notification = queries.notification_get(actor=request.actor, pk=pk)
    services.notification_mark_read(actor=request.actor, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:notification-list")


@login_required
@require_POST
def notification_read_all(request: ActorRequest) -> HttpResponse:
    services.notification_mark_all_read(actor=request.actor)
    return redirect("notifications:notification-list")
