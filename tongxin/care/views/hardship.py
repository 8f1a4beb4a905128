"""Hardship file pages: the list, applying, one file with its verification, approval,
yearly re-verification and closure."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.forms import yuan_initial
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs.models import OrgNode

from .. import queries, services
from ..choices import HardshipStatus
from ..forms import HardshipActionForm, HardshipFilterForm, HardshipForm, ThresholdsForm
from ..permissions import CarePermission

P = CarePermission


@login_required
def hardship_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_HARDSHIP):
        raise PermissionDenied
    form = HardshipFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = paginate(request, queries.hardship_file_list(actor=actor, status=status))
    return render(
        request,
        "care/hardship_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_apply": access.can_somewhere(actor, P.FILE_HARDSHIP),
        },
    )


@login_required
def hardship_apply(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    for_others = access.holds_somewhere(actor, P.FILE_HARDSHIP)
    if not for_others and actor.person_id is None:
        raise PermissionDenied
    form = HardshipForm(request.POST or None, for_others=for_others)
    if request.method == "POST" and form.is_valid():
        try:
            if for_others:
                person = members_queries.person_pick(
                    actor=actor,
                    pk=request.POST.get("person"),
                    text=form.cleaned_data["staff_number"],
                    permission=P.FILE_HARDSHIP,
                    field="staff_number",
                )
            elif actor.person_id is not None:
                person = members_queries.person_get(
                    actor=actor, pk=actor.person_id, permission=P.FILE_HARDSHIP
                )
            else:
                raise ValidationFailed(_("Enter the staff number of the member."))
            file = services.hardship_file_apply(
                actor=actor,
                person=person,
                inputs=services.HardshipInputs(**form.inputs()),
                situation=form.cleaned_data["situation"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The application is filed; the branch will verify it."))
            return redirect("care:hardship-detail", pk=file.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "title": _("Hardship aid application"), "back": "care:hardship-list"},
    )


@login_required
def hardship_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    file = queries.hardship_file_get(actor=actor, pk=pk)
    situation = None
    if file.situation != "" and queries.hardship_may_see_situation(actor, file):
        situation = services.hardship_situation_read(actor=actor, file=file)
    may_verify = access.can(actor, P.VERIFY_HARDSHIP, file)
    may_decide = access.can(actor, P.DECIDE_HARDSHIP, file)
    actions = []
    if may_verify and file.status == HardshipStatus.APPLIED:
        actions.append(("verify", _("Verify after the home visit")))
    if may_decide and file.status == HardshipStatus.VERIFIED:
        actions.append(("approve", _("Approve: put on file")))
    if may_verify and file.status == HardshipStatus.ACTIVE:
        actions.append(("reverify", _("Yearly re-verification")))
    if may_decide and file.status in (
        HardshipStatus.APPLIED,
        HardshipStatus.VERIFIED,
        HardshipStatus.ACTIVE,
    ):
        actions.append(("close", _("Close the file")))
    initial = {
        "household_size": file.household_size,
        "annual_income": yuan_initial(file.annual_income_fen),
        "rigid_expenses": yuan_initial(file.rigid_expenses_fen),
        "incident_costs": yuan_initial(file.incident_costs_fen),
        "major_incident": file.major_incident,
        "excluded": file.excluded,
    }
    forms = [
        (action, label, HardshipActionForm(initial={**initial, "action": action}))
        for action, label in actions
    ]
    return render(
        request,
        "care/hardship_detail.html",
        {"file": file, "situation": situation, "forms": forms},
    )


@login_required
@require_POST
def hardship_action(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    file = queries.hardship_file_get(actor=actor, pk=pk)
    form = HardshipActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the figures entered."))
        return redirect("care:hardship-detail", pk=file.pk)
    data = form.cleaned_data
    action, note, on = data["action"], data.get("note", ""), data.get("on")
    try:
        if action == "approve":
            services.hardship_file_approve(actor=actor, file=file, on=on)
        elif action == "close":
            services.hardship_file_close(actor=actor, file=file, reason=note, on=on)
        else:
            if data.get("household_size") is None or data.get("annual_income") is None:
                raise ValidationFailed(_("Enter the household size and the income."))
            inputs = services.HardshipInputs(**form.inputs())
            if action == "verify":
                services.hardship_file_verify(
                    actor=actor, file=file, inputs=inputs, note=note, on=on
                )
            else:
                services.hardship_file_reverify(
                    actor=actor, file=file, inputs=inputs, note=note, on=on
                )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The hardship file has been updated."))
    return redirect("care:hardship-detail", pk=file.pk)


@login_required
def thresholds(request: ActorRequest) -> HttpResponse:
    """The thresholds that classify hardship: those recorded, and (office) a new version."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_HARDSHIP):
        raise PermissionDenied
    rows = list(queries.thresholds_list(actor=actor)[:50])
    school = queries.actor_school(actor)
    may_set = school is not None and access.can_at(actor, P.DECIDE_HARDSHIP, school.path)
    form = ThresholdsForm(request.POST or None) if may_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.hardship_thresholds_set(
                    actor=actor,
                    school=cast(
                        OrgNode, school
                    ),  # a form only exists when may_set, so with a school
                    effective_from=data["effective_from"],
                    minimum_living_monthly_fen=data["minimum_living"],
                    relative_factor_percent=data["relative_factor_percent"],
                    accident_income_percent=data["accident_income_percent"],
                    valid_months=data["valid_months"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The thresholds have been recorded."))
                return redirect("care:thresholds")
    defaults = (
        queries.hardship_thresholds_in_force(school=school, on=timezone.localdate())
        if school
        else None
    )
    return render(
        request,
        "care/thresholds.html",
        {"rows": rows, "form": form, "in_force": defaults},
    )
