"""Tuition waiver pages: the list, a new request, one request with the school's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, ValidationFailed
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.members.choices import Relation
from tongxin.members.models import FamilyMember
from tongxin.orgs import access

from .. import queries, services
from ..choices import WaiverStatus
from ..forms import WaiverDecisionForm, WaiverFilterForm, WaiverForm
from ..permissions import CarePermission

P = CarePermission


@login_required
def waiver_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_WAIVER):
        raise PermissionDenied
    form = WaiverFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = paginate(request, queries.waiver_list(actor=actor, status=status))
    return render(
        request,
        "care/waiver_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_request": access.holds_somewhere(actor, P.MANAGE_WAIVER),
        },
    )


@login_required
def waiver_request(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.holds_somewhere(actor, P.MANAGE_WAIVER):
        raise PermissionDenied
    form = WaiverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = members_queries.person_pick(
                actor=actor,
                pk=request.POST.get("person"),
                text=data["staff_number"],
                permission=P.MANAGE_WAIVER,
                field="staff_number",
            )
            child = FamilyMember.objects.filter(
                person=person, name=data["child_name"].strip(), relation=Relation.CHILD
            ).first()
            if child is None:
                raise ValidationFailed(
                    _("No child of that name is recorded for this staff member."),
                    field="child_name",
                )
            waiver = services.tuition_waiver_request(
                actor=actor,
                person=person,
                child=child,
                school_year=data["school_year"],
                note=data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The waiver request is recorded."))
            return redirect("care:waiver-detail", pk=waiver.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "title": _("Tuition waiver request"), "back": "care:waiver-list"},
    )


@login_required
def waiver_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    waiver = queries.waiver_get(actor=actor, pk=pk)
    may_manage = access.can(actor, P.MANAGE_WAIVER, waiver) and waiver.status in (
        WaiverStatus.REQUESTED,
        WaiverStatus.SUBMITTED,
    )
    form = WaiverDecisionForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "submit":
                    services.tuition_waiver_submit(actor=actor, waiver=waiver, on=data["on"])
                else:
                    services.tuition_waiver_decide(
                        actor=actor,
                        waiver=waiver,
                        granted=data["action"] == "grant",
                        amount_waived_fen=data["amount_waived"] or 0,
                        school_note=data["school_note"],
                        on=data["on"],
                    )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The waiver has been updated."))
                return redirect("care:waiver-detail", pk=waiver.pk)
    return render(request, "care/waiver_detail.html", {"waiver": waiver, "form": form})
