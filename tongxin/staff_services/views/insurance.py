"""Office pages of group accident insurance: policies, cover items, roster, premium."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.forms import yuan_initial
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..forms import (
    CoverItemForm,
    InsuredAddForm,
    InsuredRemoveForm,
    PolicyForm,
    PremiumPostForm,
    RosterImportForm,
)
from ..permissions import StaffServicesPermission as P
from .common import form_page, require_console, xlsx_response


def _policy_url(pk: int) -> str:
    return reverse("staff_services:policy-detail", args=[pk])


@login_required
def policy_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.VIEW_POLICY)
    page = paginate(request, queries.policy_list(actor=actor))
    return render(
        request,
        "staff_services/policy_list.html",
        {"page_obj": page, "can_manage": access.holds_somewhere(actor, P.MANAGE_POLICY)},
    )


@login_required
def policy_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    require_console(actor, P.MANAGE_POLICY)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = orgs_queries.school_for(actor=actor, permission=P.MANAGE_POLICY)
        try:
            if school is None:
                raise DomainError(_("Choose the union that holds the policy."))
            policy = services.insurance_policy_create(actor=actor, node=school, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The policy has been created."))
            return redirect("staff_services:policy-detail", pk=policy.pk)
    return form_page(
        request, form, _("New insurance policy"), reverse("staff_services:policy-list")
    )


@login_required
def policy_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    initial = {
        field: getattr(policy, field)
        for field in ("name", "insurer", "policy_number", "starts_on", "ends_on", "note")
    }
    initial["premium_per_person_fen"] = yuan_initial(policy.premium_per_person_fen)
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.insurance_policy_update(actor=actor, policy=policy, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The policy has been changed."))
            return redirect("staff_services:policy-detail", pk=policy.pk)
    return form_page(request, form, _("Change the policy"), _policy_url(policy.pk))


@login_required
def policy_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    can_manage = access.can(actor, P.MANAGE_POLICY, policy)
    branches = list(OrgNode.objects.filter(parent=policy.node).order_by("path"))
    context = {
        "policy": policy,
        "can_manage": can_manage,
        "can_post": access.can(actor, P.POST_PREMIUM, policy) and not policy.premium_entry_id,
        "cover_form": CoverItemForm(),
        "import_form": RosterImportForm(nodes=branches),
        "premium_form": PremiumPostForm(initial={"entry_on": policy.starts_on}),
        "board": queries.claim_board(actor=actor, policy_id=policy.pk),
        "history": audit.history(policy)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, policy)
        else None,
    }
    return render(request, "staff_services/policy_detail.html", context)


@login_required
@require_POST
def policy_delete(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    try:
        services.insurance_policy_delete(actor=actor, policy=policy)
    except DomainError as error:
        message_domain_error(request, error)
        return redirect("staff_services:policy-detail", pk=policy.pk)
    messages.success(request, _("The policy has been deleted."))
    return redirect("staff_services:policy-list")


@login_required
@require_POST
def cover_item_add(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    form = CoverItemForm(request.POST)
    if form.is_valid():
        try:
            services.cover_item_add(actor=actor, policy=policy, **form.cleaned_data)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The cover item has been added."))
    else:
        messages.error(request, _("Enter the cover item's name and amount."))
    return redirect("staff_services:policy-detail", pk=policy.pk)


@login_required
@require_POST
def cover_item_remove(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    item = queries.cover_item_get(actor=actor, pk=pk)
    try:
        services.cover_item_remove(actor=actor, item=item)
    except DomainError as error:
        message_domain_error(request, error)
    return redirect("staff_services:policy-detail", pk=item.policy_id)


@login_required
@require_POST
def roster_import(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    branches = list(OrgNode.objects.filter(parent=policy.node))
    form = RosterImportForm(request.POST, nodes=branches)
    if form.is_valid():
        node = next((b for b in branches if b.pk == form.cleaned_data["node"]), None)
        try:
            added = services.insured_roster_import(actor=actor, policy=policy, node=node)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("%(count)d people added to the roster.") % {"count": added})
    return redirect("staff_services:roster", pk=policy.pk)


@login_required
@require_POST
def premium_post(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    form = PremiumPostForm(request.POST)
    if form.is_valid():
        try:
            services.insurance_premium_post(actor=actor, policy=policy, **form.cleaned_data)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The premium has been posted to the ledger."))
    else:
        messages.error(request, _("Enter the date of payment."))
    return redirect("staff_services:policy-detail", pk=policy.pk)


@login_required
def roster(request: ActorRequest, pk: int) -> HttpResponse:
    """The policy's roster as the actor may see it (a branch sees its own people)."""
    actor = request.actor
    require_console(actor, P.VIEW_INSURED)
    policy = (
        queries.policy_get(actor=actor, pk=pk)
        if access.holds_somewhere(actor, P.VIEW_POLICY)
        else None
    )
    rows = queries.insured_list(
        actor=actor, policy=policy, text=request.GET.get("q", "").strip()[:50]
    )
    if policy is None:
        rows = rows.filter(policy_id=pk)
    page = paginate(request, rows)
    return render(
        request,
        "staff_services/roster.html",
        {
            "policy": policy,
            "policy_id": pk,
            "page_obj": page,
            "q": request.GET.get("q", ""),
            "can_manage": policy is not None and access.can(actor, P.MANAGE_POLICY, policy),
            "can_export": policy is not None and access.can(actor, P.EXPORT_INSURED, policy),
            "import_form": RosterImportForm(
                nodes=list(OrgNode.objects.filter(parent=policy.node)) if policy else []
            ),
        },
    )


@login_required
def insured_add(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    form = InsuredAddForm(request.POST or None, initial={"added_on": policy.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            person = members_queries.person_pick(
                actor=actor, pk=request.POST.get("person"), text=form.cleaned_data["person_query"]
            )
            services.insured_person_add(
                actor=actor, policy=policy, person=person, added_on=form.cleaned_data["added_on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is on the roster.") % {"name": person.name})
            return redirect("staff_services:roster", pk=policy.pk)
    return form_page(
        request,
        form,
        _("Add a person to the roster"),
        reverse("staff_services:roster", args=[policy.pk]),
    )


@login_required
def insured_remove(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    insured = queries.insured_get(actor=actor, pk=pk)
    form = InsuredRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["refund_fen"] = data["refund_fen"] or 0
        try:
            services.insured_person_remove(actor=actor, insured=insured, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The cover has been ended."))
            return redirect("staff_services:roster", pk=insured.policy_id)
    return form_page(
        request,
        form,
        _("End the cover of %(name)s") % {"name": insured.person.name},
        reverse("staff_services:roster", args=[insured.policy_id]),
    )


@login_required
def roster_export(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    policy = queries.policy_get(actor=actor, pk=pk)
    data = services.insured_roster_export(actor=actor, policy=policy)
    return xlsx_response(data, "insured-roster")
