"""Organiser pages around the sign-ups: slots, branch quotas, approvals, outside participants,
team registration by a branch, and the attendance export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.members import queries as members_queries
from tongxin.orgs import access

from .. import queries, services
from ..forms import DecideForm, OutsiderForm, QuotaForm, RegisterForm, SlotForm
from ..permissions import ActivitiesPermission as P


@login_required
@require_POST
def slot_add(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the slot's start, end and places."))
        return redirect("activities:activity-manage", pk=activity.pk)
    try:
        services.activity_slot_add(actor=request.actor, activity=activity, **form.cleaned_data)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The time slot has been added."))
    return redirect("activities:activity-manage", pk=activity.pk)


@login_required
@require_POST
def slot_remove(request: ActorRequest, pk: int, slot_pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    slot = next((s for s in queries.slot_list(activity=activity) if s.pk == slot_pk), None)
    if slot is None:
        raise NotFound()
    slot.activity = activity
    try:
        services.activity_slot_remove(actor=request.actor, slot=slot)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The time slot has been removed."))
    return redirect("activities:activity-manage", pk=activity.pk)


@login_required
def branch_quotas(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.MANAGE_ACTIVITY, activity)
    current = {
        row.node_id: row.quota
        for row in queries.signup_stats_by_branch(actor=request.actor, activity=activity)
        if row.quota
    }
    form = QuotaForm(
        request.POST or None, branches=queries.audience_branches(activity=activity), current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_branch_quotas_set(
                actor=request.actor, activity=activity, quotas=form.quotas()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The branch quotas have been saved."))
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("Places per branch"), "activity": activity},
    )


@login_required
@require_POST
def signup_decide(request: ActorRequest, pk: int) -> HttpResponse:
    sign_up = queries.signup_get(actor=request.actor, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.signup_decide(
                actor=request.actor,
                sign_up=sign_up,
                approve=form.cleaned_data["approve"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The decision has been recorded."))
    return redirect("activities:activity-manage", pk=sign_up.activity_id)


@login_required
def outsider_add(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    slots = queries.slot_list(activity=activity)
    form = OutsiderForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["slot"] = next((s for s in slots if s.pk == data.get("slot")), None)
        try:
            sign_up = services.activity_register_outsider(
                actor=request.actor, activity=activity, **data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered (%(status)s); check-in code %(code)s.")
                % {
                    "name": sign_up.outsider_name,
                    "status": sign_up.get_status_display(),
                    "code": sign_up.check_in_code,
                },
            )
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("Register an outside participant"), "activity": activity},
    )


@login_required
def register_person(request: ActorRequest, pk: int) -> HttpResponse:
    """An officer signs up a person of their branch (team registration)."""
    actor = request.actor
    activity = queries.activity_get(actor=actor, pk=pk)
    slots = queries.slot_list(activity=activity)
    form = RegisterForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = next((s for s in slots if s.pk == form.cleaned_data.get("slot")), None)
        try:
            person = members_queries.person_pick(
                actor=actor,
                pk=request.POST.get("person"),
                text=form.cleaned_data["staff_number"],
                permission=P.SIGN_UP,
                field="staff_number",
            )
            sign_up = services.activity_sign_up(
                actor=actor, activity=activity, person=person, slot=slot
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": person.name, "status": sign_up.get_status_display()},
            )
            return redirect("activities:register-person", pk=activity.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("Sign up a person of my branch"), "activity": activity},
    )


@login_required
def attendance_export(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    content = services.activity_attendance_export(actor=request.actor, activity=activity)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{activity.pk}.xlsx"'
    return response
