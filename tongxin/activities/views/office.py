"""Organiser pages: the office list, create and edit, and the management page with its
actions (publish, cancel, close, draw the lottery) and the sign-up list per branch."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import (
    add_domain_error,
    is_htmx,
    message_domain_error,
    paginate,
    render_page_or_partial,
)
from tongxin.orgs import access
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import SignUpStatus
from ..forms import (
    ActivityFilterForm,
    ActivityForm,
    CancelActivityForm,
    SlotForm,
    activity_initial,
)
from ..models import Activity
from ..permissions import ActivitiesPermission as P
from .costs import costs_context


def _require_office(request: ActorRequest) -> None:
    actor = request.actor
    if not actor.grants or not access.can_somewhere(actor, P.VIEW_ACTIVITY):
        raise PermissionDenied


@login_required
def office_list(request: ActorRequest) -> HttpResponse:
    """Activities I organise or register people for, with places taken and waitlists."""
    _require_office(request)
    form = ActivityFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.ActivityFilters(
        status=data.get("status", ""), kind=data.get("kind", ""), q=data.get("q", "")
    )
    page = paginate(request, queries.activity_list_office(actor=request.actor, filters=filters))
    context = {"form": form, "page_obj": page}
    return render_page_or_partial(
        request, "activities/office_list.html", "activities/_office_rows.html", context
    )


def _form(request: ActorRequest, activity: Activity | None) -> ActivityForm:
    actor = request.actor
    nodes = queries.organiser_choices(actor=actor)
    form = ActivityForm(
        request.POST or None,
        nodes=nodes,
        creating=activity is None,
        initial=activity_initial(activity)
        if activity
        else {"offer_hours": 24, "staff_allowed": True},
    )
    co_nodes = queries.co_organiser_choices(actor=actor)
    cast(forms.ChoiceField, form.fields["co_organisers"]).choices = [
        (n.pk, n.name) for n in co_nodes
    ]
    form.nodes = {n.pk: n for n in nodes}  # type: ignore[attr-defined]
    return form


@login_required
def activity_create(request: ActorRequest) -> HttpResponse:
    _require_office(request)
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            organiser = form.nodes.get(form.cleaned_data["organiser"])  # type: ignore[attr-defined]
            audience = form.nodes.get(form.cleaned_data["audience_node"])  # type: ignore[attr-defined]
            if organiser is None or audience is None:
                raise NotFound()
            activity = services.activity_create(
                actor=request.actor,
                organiser=organiser,
                co_organiser_ids=form.cleaned_data["co_organisers"],
                audience_node=audience,
                **data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The activity has been saved as a draft."))
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request, "activities/activity_form.html", {"form": form, "title": _("New activity")}
    )


@login_required
def activity_edit(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.MANAGE_ACTIVITY, activity)
    form = _form(request, activity)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        audience = form.nodes.get(form.cleaned_data["audience_node"])  # type: ignore[attr-defined]
        changes = {k: v for k, v in data.items() if getattr(activity, k) != v}
        if audience is not None and audience.pk != activity.audience_node_id:
            changes["audience_node"] = audience
        try:
            services.activity_update(
                actor=request.actor,
                activity=activity,
                changes=changes,
                co_organiser_ids=form.cleaned_data["co_organisers"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "title": activity.title, "activity": activity},
    )


@login_required
def activity_manage(request: ActorRequest, pk: int) -> HttpResponse:
    """The organiser's page: facts, actions, slots, counts per branch and the sign-up list."""
    actor = request.actor
    activity = queries.activity_get(actor=actor, pk=pk)
    if not actor.grants:
        raise PermissionDenied
    can = lambda permission: access.can(actor, permission, activity)  # noqa: E731
    status = request.GET.get("status", "")
    node_id = request.GET.get("node", "")
    sign_ups = queries.signup_list(
        actor=actor,
        activity=activity,
        status=status if status in SignUpStatus.values else "",
        node_id=int(node_id) if node_id.isdigit() else None,
    )
    context = {
        "activity": activity,
        "page_obj": paginate(request, sign_ups),
        "can_decide": can(P.DECIDE_SIGNUP),
    }
    if is_htmx(request):
        return render(request, "activities/_signup_rows.html", context)
    context |= {
        "co_organisers": queries.co_organiser_names(activity),
        "slots": queries.slot_list(activity=activity),
        "branches": queries.signup_stats_by_branch(actor=actor, activity=activity),
        "statuses": SignUpStatus.choices,
        "status": status,
        "draw": queries.lottery_get(actor=actor, activity=activity),
        "can_manage": can(P.MANAGE_ACTIVITY),
        "can_check_in": can(P.CHECK_IN),
        "can_export": can(P.EXPORT_ATTENDANCE),
        "can_register": bool(access.grant_paths(actor, P.SIGN_UP)),
        "slot_form": SlotForm(),
        "history": audit.history(activity)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, activity)
        else None,
    }
    context |= costs_context(actor, activity)
    return render(request, "activities/activity_manage.html", context)


def _act(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    done = {
        "publish": (
            services.activity_publish,
            _("The activity is published and open for sign-up."),
        ),
        "close": (services.activity_close, _("The activity is closed.")),
        "draw": (services.activity_draw_lottery, _("The lottery has been drawn.")),
    }
    service, text = done[action]
    try:
        service(actor=request.actor, activity=activity)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, text)
    return redirect("activities:activity-manage", pk=activity.pk)


@login_required
@require_POST
def activity_publish(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "publish")


@login_required
@require_POST
def activity_close(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")


@login_required
@require_POST
def lottery_draw(request: ActorRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "draw")


@login_required
def activity_cancel(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    form = CancelActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_cancel(
                actor=request.actor, activity=activity, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The activity is cancelled; everybody signed up has been told.")
            )
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "title": _("Cancel %(title)s") % {"title": activity.title},
            "activity": activity,
        },
    )
