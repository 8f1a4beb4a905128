"""Claim pages: the claims board (office all, a branch its own), filing, and the office's steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..forms import ClaimFilterForm, ClaimForm, ClaimSettleForm, ClaimStepForm
from ..permissions import StaffServicesPermission as P
from .common import form_page, require_console


@login_required
def claim_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.VIEW_CLAIM)
    form = ClaimFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = paginate(request, queries.claim_list(actor=actor, status=status))
    return render(
        request,
        "staff_services/claim_list.html",
        {
            "form": form,
            "page_obj": page,
            "board": queries.claim_board(actor=actor),
            "can_file": access.holds_somewhere(actor, P.FILE_CLAIM),
        },
    )


@login_required
def claim_file(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.FILE_CLAIM)
    policies = queries.policy_choices(actor=actor)
    form = ClaimForm(request.POST or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy = next(p for p in policies if p.pk == data["policy"])
        try:
            person = members_queries.person_pick(
                actor=actor, pk=request.POST.get("person"), text=data["person_query"]
            )
            claim = services.insurance_claim_report(
                actor=actor,
                person=person,
                policy=policy,
                incident_on=data["incident_on"],
                description=data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The claim has been recorded."))
            return redirect("staff_services:claim-detail", pk=claim.pk)
    return form_page(
        request, form, _("Help with an insurance claim"), reverse("staff_services:claim-list")
    )


@login_required
def claim_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    claim = queries.claim_get(actor=actor, pk=pk)
    can_manage = access.can(actor, P.MANAGE_CLAIM, claim)
    return render(
        request,
        "staff_services/claim_detail.html",
        {
            "claim": claim,
            "can_manage": can_manage,
            "is_console": access.holds_somewhere(actor, P.VIEW_CLAIM),
            "submit_form": ClaimStepForm(),
            "settle_form": ClaimSettleForm(),
            "history": audit.history(claim)
            if access.can(actor, OrgsPermission.VIEW_HISTORY, claim)
            else None,
        },
    )


@login_required
def claim_step(request: ActorRequest, pk: int, step: str) -> HttpResponse:
    """The office's two steps: ``submit`` to the insurer, ``settle`` with its answer."""
    actor = request.actor
    claim = queries.claim_get(actor=actor, pk=pk)
    form_class = ClaimSettleForm if step == "settle" else ClaimStepForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if step == "settle":
                data["paid_fen"] = data["paid_fen"] or 0
                services.insurance_claim_settle(actor=actor, claim=claim, **data)
            else:
                services.insurance_claim_submit(actor=actor, claim=claim, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The claim has been updated."))
            return redirect("staff_services:claim-detail", pk=claim.pk)
    title = _("Insurer's answer") if step == "settle" else _("Submitted to the insurer")
    return form_page(
        request, form, title, reverse("staff_services:claim-detail", args=[claim.pk]), claim=claim
    )
