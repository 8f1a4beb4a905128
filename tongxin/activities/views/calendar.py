"""My calendar address (for phone calendars) and the .ics feed behind it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error

from .. import queries, services
from ..ics import calendar_for


@login_required
def calendar_page(request: ActorRequest) -> HttpResponse:
    feed = queries.calendar_feed_for(actor=request.actor)
    url = (
        request.build_absolute_uri(reverse("activities:calendar-feed", args=[feed.token]))
        if feed
        else ""
    )
    webcal = url.replace("https://", "webcal://").replace("http://", "webcal://") if url else ""
    return render(request, "activities/calendar.html", {"feed": feed, "url": url, "webcal": webcal})


@login_required
@require_POST
def calendar_reset(request: ActorRequest) -> HttpResponse:
    try:
        services.calendar_feed_reset(actor=request.actor)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(
            request, _("Your calendar address is ready. An older address no longer works.")
        )
    return redirect("activities:calendar")


def calendar_feed(request: ActorRequest, token: str) -> HttpResponse:
    """The iCalendar feed; the secret address is the credential (no session)."""
    person, sign_ups = queries.calendar_sign_ups(token=token)
    body = calendar_for(
        person_name=person.name, sign_ups=sign_ups, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tongxin.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
