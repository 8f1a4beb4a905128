"""Wish pages: make and follow one's own wish, the wall, and the office's list and counts."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import StrOrPromise, add_domain_error, message_domain_error, paginate
from tongxin.core.years import parse_year
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import WishStatus
from ..forms import WishDecisionForm, WishFilterForm, WishForm
from ..models import Wish
from ..permissions import VoicePermission
from ..years import wish_year_for
from .common import xlsx_response

P = VoicePermission


@login_required
def wish_mine(request: ActorRequest) -> HttpResponse:
    """The member's own wishes, and whether they may still make this year's."""
    actor = request.actor
    if actor.person_id is None:
        raise PermissionDenied
    wishes = list(queries.wish_mine(actor=actor))
    year = wish_year_for(timezone.localdate())
    has_current = any(w.year == year and w.status != WishStatus.WITHDRAWN for w in wishes)
    return render(
        request,
        "voice/wish_mine.html",
        {"wishes": wishes, "year": year, "can_submit": not has_current},
    )


@login_required
def wish_submit(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    person = members_queries.person_get(actor=actor, pk=actor.person_id or 0)
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.wish_submit(actor=actor, person=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your wish has been sent to the union office."))
            return redirect("voice:wish-detail", pk=wish.pk)
    return render(
        request,
        "voice/form.html",
        {
            "form": form,
            "title": _("My New Year wish for %(year)d")
            % {"year": wish_year_for(timezone.localdate())},
            "back": "voice:wish-mine",
            "submit_label": _("Send"),
        },
    )


@login_required
def wish_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    wish = queries.wish_get(actor=actor, pk=pk)
    context = {
        "wish": wish,
        "is_author": actor.person_id == wish.person_id,
        "can_decide": access.can(actor, P.DECIDE_WISH, wish),
        "decision_form": WishDecisionForm(),
        "history": audit.history(wish)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, wish)
        else None,
    }
    return render(request, "voice/wish_detail.html", context)


@login_required
def wish_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    wish = queries.wish_get(actor=actor, pk=pk)
    form = WishForm(
        request.POST or None, initial={"text": wish.text, "visibility": wish.visibility}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.wish_update(actor=actor, wish=wish, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your wish has been changed."))
            return redirect("voice:wish-detail", pk=wish.pk)
    return render(
        request,
        "voice/form.html",
        {"form": form, "title": _("Change my wish"), "back_url": wish_url(wish.pk)},
    )


def wish_url(pk: int) -> str:
    return reverse("voice:wish-detail", args=[pk])


@login_required
@require_POST
def wish_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    wish = queries.wish_get(actor=request.actor, pk=pk)
    try:
        services.wish_withdraw(actor=request.actor, wish=wish)
    except DomainError as error:
        message_domain_error(request, error)
        return redirect("voice:wish-detail", pk=wish.pk)
    messages.success(request, _("Your wish has been withdrawn."))
    return redirect("voice:wish-mine")


_DECISIONS: dict[str, tuple[Callable[..., Wish], StrOrPromise]] = {
    "adopt": (services.wish_adopt, _("The wish has been adopted.")),
    "fulfil": (services.wish_fulfil, _("The wish has been marked fulfilled.")),
    "decline": (services.wish_decline, _("The wish has been declined.")),
}


@login_required
def wish_decide(request: ActorRequest, pk: int) -> HttpResponse:
    """The office's decision form: adopt, fulfilled or decline, each its own service."""
    actor = request.actor
    wish = queries.wish_get(actor=actor, pk=pk)
    form = WishDecisionForm(
        request.POST or None, initial={"action": request.GET.get("action", "adopt")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service, message = _DECISIONS[data["action"]]
        try:
            service(actor=actor, wish=wish, note=data["note"], on=data["on"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, str(message))
            return redirect("voice:wish-detail", pk=wish.pk)
    return render(
        request,
        "voice/form.html",
        {
            "form": form,
            "title": _("Decide on the wish"),
            "back_url": wish_url(wish.pk),
            "wish": wish,
        },
    )


@login_required
def wish_wall(request: ActorRequest) -> HttpResponse:
    """The anonymised wall of one year's wishes, for everyone signed in."""
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_WISH_WALL):
        raise PermissionDenied
    years = queries.wish_wall_years(actor=actor)
    current = wish_year_for(timezone.localdate())
    year = parse_year(request.GET.get("year"), years[0] if years else current) or current
    page, wishes = queries.wish_wall(actor=actor, year=year, page_number=request.GET.get("page"))
    return render(
        request,
        "voice/wish_wall.html",
        {
            "page_obj": page,
            "wishes": wishes,
            "year": year,
            "years": sorted({*years, current}, reverse=True),
        },
    )


def _wish_filters(request: ActorRequest) -> tuple[WishFilterForm, dict]:
    actor = request.actor
    form = WishFilterForm(
        request.GET or None,
        years=queries.wish_years(actor=actor),
        nodes=orgs_queries.branch_choices(actor=actor, permission=P.VIEW_WISH),
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "year": data.get("year"),
        "status": data.get("status", ""),
        "node_id": data.get("node"),
    }


@login_required
def wish_list(request: ActorRequest) -> HttpResponse:
    """The office's list of wishes, filtered by year, status and branch (paged)."""
    actor = request.actor
    if not access.can_somewhere(actor, P.DECIDE_WISH):
        raise PermissionDenied
    form, filters = _wish_filters(request)
    page = paginate(request, queries.wish_list(actor=actor, **filters))
    return render(request, "voice/wish_list.html", {"form": form, "page_obj": page})


@login_required
def wish_stats(request: ActorRequest) -> HttpResponse:
    """Counts of one year's wishes per status and per branch."""
    actor = request.actor
    if not access.can_somewhere(actor, P.DECIDE_WISH):
        raise PermissionDenied
    years = queries.wish_years(actor=actor)
    current = wish_year_for(timezone.localdate())
    year = parse_year(request.GET.get("year"), years[0] if years else current) or current
    stats = queries.wish_stats(actor=actor, year=year)
    return render(request, "voice/wish_stats.html", {"stats": stats, "years": years})


@login_required
def wish_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    _form, filters = _wish_filters(request)
    data = services.wish_export(actor=actor, year=filters["year"])
    return xlsx_response(data, "wishes")
