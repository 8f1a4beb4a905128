"""The member's own pages (mobile): my insurance cover and claims, my school-place
applications and applying for my child."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tongxin.core.http import ActorRequest
from tongxin.members import queries as members_queries

from .. import queries
from .common import require_person
from .places import apply_for


@login_required
def insurance_mine(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_person(actor)
    return render(
        request, "staff_services/insurance_mine.html", {"covers": queries.insured_mine(actor=actor)}
    )


@login_required
def place_mine(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_person(actor)
    return render(
        request,
        "staff_services/place_mine.html",
        {"applications": list(queries.school_place_mine(actor=actor))},
    )


@login_required
def place_apply_mine(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    person = members_queries.person_get(actor=actor, pk=require_person(actor))
    return apply_for(request, person, reverse("staff_services:place-mine"))
