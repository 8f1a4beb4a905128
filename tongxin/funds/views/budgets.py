"""Budget pages: the list, drafting a version, its lines, review and approval."""

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.approvals import queries as approvals_queries
from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.core.years import parse_year
from tongxin.orgs import access
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import BUDGETABLE_KINDS
from ..forms import BudgetLineForm, BudgetVersionForm, DecisionForm
from ..models import BudgetVersion
from ..permissions import FundsPermission
from .common import require_somewhere

P = FundsPermission


@login_required
def budget_list(request: ActorRequest) -> HttpResponse:
    """Every budget the actor may see for a year, with its versions (two queries)."""
    actor = request.actor
    require_somewhere(actor, P.VIEW_BUDGET)
    years = queries.fiscal_years(actor=actor)
    year = parse_year(request.GET.get("year"), years[0]) or years[0]
    context = {
        "budgets": list(queries.budget_list(actor=actor, fiscal_year=year)),
        "year": year,
        "years": sorted({*years, year + 1}, reverse=True),
        "can_manage": access.can_somewhere(actor, P.MANAGE_BUDGET),
    }
    return render(request, "funds/budget_list.html", context)


@login_required
def budget_version_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    nodes = queries.fund_nodes(actor=actor, permission=P.MANAGE_BUDGET)
    if not nodes:
        raise Forbidden()
    initial = {
        "fiscal_year": parse_year(request.GET.get("year"), timezone.localdate().year),
        "node": request.GET.get("node"),
    }
    form = BudgetVersionForm(request.POST or None, initial=initial, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            node = queries.fund_node_get(actor=actor, pk=data["node"], permission=P.MANAGE_BUDGET)
            version = services.budget_version_create(
                actor=actor, node=node, fiscal_year=data["fiscal_year"], note=data["note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft has been created."))
            return redirect("funds:budget-version-detail", pk=version.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("New budget version"), "back": "funds:budget-list"},
    )


def _line_form(version: BudgetVersion, data: object = None) -> BudgetLineForm:
    on = dt.date(version.budget.fiscal_year, 1, 1)
    categories = [
        c
        for c in queries.fund_category_list(on=on, kinds=BUDGETABLE_KINDS, postable_only=False)
        if not c.is_forbidden
    ]
    return BudgetLineForm(data, categories=categories)


@login_required
def budget_version_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    version = queries.budget_version_get(actor=actor, pk=pk)
    approval = queries.budget_approval(version)
    steps = approvals_queries.steps_of(approval) if approval else []
    current = next((s for s in steps if approval and s.position == approval.current_position), None)
    decide_blocker = (
        approvals_queries.decide_blocker(actor=actor, request=approval, step=current)
        if approval and current
        else ""
    )
    context = {
        "version": version,
        "lines": list(version.lines.all()),
        "in_force_number": queries.budget_in_force_number(version),
        "can_manage": version.is_draft and access.can(actor, P.MANAGE_BUDGET, version),
        "can_withdraw": version.status == "submitted"
        and access.can(actor, P.MANAGE_BUDGET, version),
        "line_form": _line_form(version),
        "approval": approval,
        "steps": steps,
        "decisions": approvals_queries.decisions_of(approval) if approval else [],
        "may_decide": bool(
            approval
            and current
            and not decide_blocker
            and approvals_queries.holds_step(actor=actor, request=approval, step=current)
        ),
        "decide_blocker": decide_blocker,
        "decision_form": DecisionForm(
            initial={"position": approval.current_position if approval else 1}
        ),
        "history": audit.history(version)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, version.budget.node)
        else None,
    }
    return render(request, "funds/budget_version_detail.html", context)


@login_required
@require_POST
def budget_line_set(request: ActorRequest, pk: int) -> HttpResponse:
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    form = _line_form(version, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.budget_line_set(
                actor=request.actor,
                version=version,
                category_key=data["category"],
                amount_fen=data["amount"],
                note=data["note"],
            ),
            _("The line has been saved."),
        )
    else:
        messages.error(
            request, "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    return redirect("funds:budget-version-detail", pk=pk)


def _run(request: ActorRequest, call: Callable[[], object], success: str) -> None:
    try:
        call()
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, success)


@login_required
@require_POST
def budget_line_remove(request: ActorRequest, pk: int) -> HttpResponse:
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    key = request.POST.get("category", "")
    _run(
        request,
        lambda: services.budget_line_remove(actor=request.actor, version=version, category_key=key),
        _("The line has been removed."),
    )
    return redirect("funds:budget-version-detail", pk=pk)


@login_required
@require_POST
def budget_version_submit(request: ActorRequest, pk: int) -> HttpResponse:
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    _run(
        request,
        lambda: services.budget_version_submit(actor=request.actor, version=version),
        _("The budget has been sent for review."),
    )
    return redirect("funds:budget-version-detail", pk=pk)


@login_required
@require_POST
def budget_version_withdraw(request: ActorRequest, pk: int) -> HttpResponse:
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    _run(
        request,
        lambda: services.budget_version_withdraw(actor=request.actor, version=version),
        _("The budget is a draft again."),
    )
    return redirect("funds:budget-version-detail", pk=pk)


@login_required
@require_POST
def budget_version_decide(request: ActorRequest, pk: int) -> HttpResponse:
    version = queries.budget_version_get(actor=request.actor, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.budget_version_decide(
                actor=request.actor,
                version=version,
                outcome=data["outcome"],
                comment=data["comment"],
                expected_position=data["position"],
            ),
            _("Your decision has been recorded."),
        )
    return redirect("funds:budget-version-detail", pk=pk)
