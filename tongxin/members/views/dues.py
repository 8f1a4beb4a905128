"""Monthly dues: computing a month for a node, and the month's records with totals per node."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode

from .. import queries, services
from ..forms import DuesMonthForm
from ..permissions import MembersPermission

P = MembersPermission
_KINDS = (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH, OrgNodeKind.GROUP)


@login_required
def dues_month(request: ActorRequest) -> HttpResponse:
    """One month's dues per node with totals (one aggregate query) and the records, paged.

    Whoever may compute dues gets a form that creates the month's missing records.
    """
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_DUES):
        raise PermissionDenied
    filters, month, node = _filters(request)
    compute = _compute_form(request, month)
    if request.method == "POST":
        if compute is None:
            raise PermissionDenied
        if compute.is_valid():
            response = _compute(request, compute)
            if response is not None:
                return response
    context = {
        "filters": filters,
        "compute": compute,
        "month": month,
        "node": node,
        "totals": queries.dues_month_totals(actor=actor, month=month),
        "page_obj": paginate(request, queries.dues_list(actor=actor, month=month, node=node)),
    }
    return render(request, "members/dues_month.html", context)


def _filters(request: ActorRequest) -> tuple[DuesMonthForm, dt.date, OrgNode | None]:
    """The month (this one unless chosen) and the node (all the actor sees unless chosen)."""
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.VIEW_DUES, kinds=_KINDS)
    this_month = timezone.localdate().replace(day=1)
    form = DuesMonthForm(
        request.GET or None, initial={"month": this_month}, nodes=nodes, required=False
    )
    if not form.is_valid():
        return form, this_month, None
    node_id = form.cleaned_data["node"]
    node = orgs_queries.node_get(actor=actor, pk=node_id) if node_id else None
    return form, form.cleaned_data["month"] or this_month, node


def _compute_form(request: ActorRequest, month: dt.date) -> DuesMonthForm | None:
    """The "compute a month" form, for those who may compute dues somewhere."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.COMPUTE_DUES):
        return None
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.COMPUTE_DUES, kinds=_KINDS)
    if not nodes:
        return None
    return DuesMonthForm(
        request.POST or None,
        prefix="compute",
        nodes=nodes,
        required=True,
        initial={"month": month, "node": nodes[0].pk},
    )


def _compute(request: ActorRequest, form: DuesMonthForm) -> HttpResponse | None:
    actor = request.actor
    month = form.cleaned_data["month"]
    try:
        node = orgs_queries.node_get(actor=actor, pk=form.cleaned_data["node"])
        created = services.dues_compute_month(actor=actor, node=node, month=month)
    except DomainError as error:
        add_domain_error(form, error)
        return None
    messages.success(
        request,
        ngettext(
            "%(count)d dues record has been created for %(month)s.",
            "%(count)d dues records have been created for %(month)s.",
            created,
        )
        % {"count": created, "month": month.strftime("%Y-%m")}
        if created
        else _("Every member already has a dues record for %(month)s; nothing was added.")
        % {"month": month.strftime("%Y-%m")},
    )
    query = urlencode({"month": month.strftime("%Y-%m"), "node": node.pk})
    return redirect(f"{reverse('members:dues')}?{query}")
