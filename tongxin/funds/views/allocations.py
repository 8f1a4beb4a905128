"""Branch allocations: the year's rule, the preview per branch, posting, and the settlement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.forms import yuan_initial
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.core.years import parse_year
from tongxin.orgs import access
from tongxin.orgs.models import OrgNode

from .. import queries, services
from ..forms import AllocationPostForm, AllocationRuleForm
from ..models import AllocationRule
from ..permissions import FundsPermission
from .common import focus

P = FundsPermission


def _school(request: ActorRequest, permission: str) -> OrgNode:
    schools = [
        n
        for n in queries.fund_nodes(actor=request.actor, permission=permission)
        if n.kind == "school_union"
    ]
    if not schools:
        raise Forbidden()
    return schools[0]


def _rule_initial(rule: AllocationRule | None, year: int) -> dict[str, object]:
    if rule is None:
        return {"method": "per_member", "counted_on": f"{year}-01-01"}
    return {
        "method": rule.method,
        "per_member": yuan_initial(rule.per_member_fen),
        "base": yuan_initial(rule.base_fen),
        "pool": yuan_initial(rule.pool_fen),
        "counted_on": rule.counted_on,
        "include_retained": rule.include_retained,
        "note": rule.note,
    }


@login_required
def allocations(request: ActorRequest, rule_form: AllocationRuleForm | None = None) -> HttpResponse:
    """The rule of the year, what each branch gets from it, and the year-end settlement."""
    actor = request.actor
    f = focus(request, params=request.POST if rule_form is not None else None)
    school = f.node if f.node.kind == "school_union" else f.node.school
    if school is None:
        raise Forbidden()
    rule = queries.allocation_rule_get(actor=actor, school=school, fiscal_year=f.year)
    try:
        rows = queries.allocation_compute(rule=rule) if rule else []
        problem = ""
    except DomainError as error:
        rows, problem = [], error.message
    context = {
        "focus": f,
        "rule": rule,
        "rows": rows,
        "problem": problem,
        "total_fen": sum(r.amount_fen for r in rows),
        "posted": list(queries.branch_allocation_list(actor=actor, fiscal_year=f.year)),
        "settlement": queries.fund_settlement(actor=actor, node=f.node, fiscal_year=f.year),
        "can_manage": access.can(actor, P.MANAGE_ALLOCATION, school),
        "can_post": rule is not None and access.can(actor, P.POST_ALLOCATION, rule),
        "rule_form": rule_form or AllocationRuleForm(initial=_rule_initial(rule, f.year)),
        "post_form": AllocationPostForm(
            initial={
                "entry_on": timezone.localdate()
                if timezone.localdate().year == f.year
                else f"{f.year}-03-01"
            }
        ),
    }
    return render(request, "funds/allocations.html", context, status=400 if rule_form else 200)


def _back(request: ActorRequest) -> HttpResponse:
    return redirect(f"{reverse('funds:allocations')}?year={request.POST.get('year', '')}")


@login_required
@require_POST
def allocation_rule_set(request: ActorRequest) -> HttpResponse:
    school = _school(request, P.MANAGE_ALLOCATION)
    form = AllocationRuleForm(request.POST)
    year = parse_year(request.POST.get("year")) or 0
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.allocation_rule_set(
                actor=request.actor,
                school=school,
                fiscal_year=year,
                method=data["method"],
                per_member_fen=data["per_member"] or 0,
                base_fen=data["base"] or 0,
                pool_fen=data["pool"] or 0,
                counted_on=data["counted_on"],
                include_retained=data["include_retained"],
                note=data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The rule has been saved."))
            return _back(request)
    return allocations(request, rule_form=form)


@login_required
@require_POST
def allocation_post(request: ActorRequest) -> HttpResponse:
    school = _school(request, P.VIEW_LEDGER)
    form = AllocationPostForm(request.POST)
    year = parse_year(request.POST.get("year"))
    rule = (
        None
        if year is None
        else queries.allocation_rule_get(actor=request.actor, school=school, fiscal_year=year)
    )
    if rule is None or not form.is_valid():
        messages.error(request, _("Set the rule and a posting date first."))
        return _back(request)
    try:
        posted = services.allocation_post(
            actor=request.actor,
            rule=rule,
            entry_on=form.cleaned_data["entry_on"],
            budget_override_reason=form.cleaned_data["budget_override_reason"],
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(
            request, _("%(count)s allocations have been posted.") % {"count": len(posted)}
        )
    return _back(request)
