"""The costs section of the organiser's page: what was paid for the activity against its
estimate, a form to pay a cost from a fund, and reversing a cost."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.funds.queries.common import fund_category_list
from tongxin.orgs import access
from tongxin.orgs.actor import Actor

from .. import queries, services
from ..forms import CostForm, CostReverseForm
from ..models import Activity
from ..permissions import ActivitiesPermission as P
from ..services.costs import COST_CATEGORY_ROOT, DEFAULT_COST_CATEGORY, paying_nodes


def _categories() -> list:
    try:
        categories = fund_category_list(on=timezone.localdate(), kinds=("expense",))
    except DomainError:
        return []
    return [c for c in categories if c.key.startswith(COST_CATEGORY_ROOT + ".")]


def _form(activity: Activity, data: Any = None) -> CostForm:
    nodes = paying_nodes(activity)
    return CostForm(
        data,
        categories=_categories(),
        nodes=nodes,
        initial={
            "incurred_on": timezone.localdate(),
            "category_key": DEFAULT_COST_CATEGORY,
            "paying_node": nodes[0].pk if nodes else None,
        },
    )


def costs_context(actor: Actor, activity: Activity) -> dict[str, Any]:
    """Context for ``activities/_costs.html`` (a fixed number of queries)."""
    if not access.can(actor, P.VIEW_COST, activity):
        return {"show_costs": False}
    costs = queries.activity_cost_list(actor=actor, activity=activity)
    can_manage = access.can(actor, P.MANAGE_COST, activity)
    total = queries.cost_total_fen(costs)
    return {
        "show_costs": True,
        "costs": costs,
        "cost_total_fen": total,
        "cost_over_estimate": total > activity.estimated_cost_fen,
        "can_manage_cost": can_manage,
        "cost_form": _form(activity) if can_manage else None,
        "reverse_form": CostReverseForm() if can_manage else None,
    }


@login_required
def cost_add(request: ActorRequest, pk: int) -> HttpResponse:
    activity = queries.activity_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.MANAGE_COST, activity)
    form = _form(activity, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nodes = {n.pk: n for n in paying_nodes(activity)}
        try:
            services.activity_cost_post(
                actor=request.actor,
                activity=activity,
                description=data["description"],
                amount_fen=data["amount"],
                incurred_on=data["incurred_on"],
                category_key=data["category_key"],
                paying_node=nodes.get(data["paying_node"]),
                payee=data["payee"],
                budget_override_reason=data["budget_override_reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The cost has been paid and recorded."))
            return redirect("activities:activity-manage", pk=activity.pk)
    return render(
        request,
        "activities/simple_form.html",
        {"form": form, "title": _("Add a cost"), "activity": activity},
    )


@login_required
@require_POST
def cost_reverse(request: ActorRequest, pk: int) -> HttpResponse:
    cost = queries.activity_cost_get(actor=request.actor, pk=pk)
    form = CostReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reversal."))
    else:
        try:
            services.activity_cost_reverse(
                actor=request.actor, cost=cost, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The cost has been reversed."))
    return redirect("activities:activity-manage", pk=cost.activity_id)
