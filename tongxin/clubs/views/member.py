"""Member pages (mobile first): browse clubs, join and leave, my clubs and their next sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error

from .. import queries, services
from ..services.common import today


@login_required
def club_browse(request: ActorRequest) -> HttpResponse:
    clubs = list(queries.clubs_open_to(actor=request.actor))
    return render(request, "clubs/browse.html", {"clubs": clubs})


@login_required
def my_clubs(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    memberships = queries.my_memberships(actor=actor)
    context = {
        "memberships": memberships,
        "sessions": queries.upcoming_sessions_for(actor=actor),
        "led": queries.clubs_led_by(actor=actor),
    }
    return render(request, "clubs/my_clubs.html", context)


@login_required
def club_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    club = queries.club_get_member(actor=actor, pk=pk)
    membership = queries.current_membership(club, actor.person_id)
    context = {
        "club": club,
        "membership": membership,
        "leaders": queries.current_leaders(club),
        "member_count": queries.members_on(club, today()).count(),
        "sessions": list(queries.session_list(club, upcoming=True)[:8]) if membership else [],
        "can_lead": services.may_lead(actor, club),
    }
    return render(request, "clubs/club_detail.html", context)


def _self(request: ActorRequest, pk: int, join: bool) -> HttpResponse:
    actor = request.actor
    club = queries.club_get_member(actor=actor, pk=pk)
    try:
        person = services.person_for(actor)
        if join:
            services.club_join(actor=actor, club=club, person=person)
        else:
            services.club_leave(actor=actor, club=club, person=person)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(
            request,
            _("Welcome to %(club)s.") % {"club": club.name}
            if join
            else _("You have left %(club)s.") % {"club": club.name},
        )
    return redirect("clubs:club-detail", pk=club.pk)


@login_required
@require_POST
def club_join(request: ActorRequest, pk: int) -> HttpResponse:
    return _self(request, pk, join=True)


@login_required
@require_POST
def club_leave(request: ActorRequest, pk: int) -> HttpResponse:
    return _self(request, pk, join=False)
