"""Monthly dues: computing a month for a node, and the month's records with totals per node."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error, paginate
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.choices import OrgNodeKind

from .. import queries, services
from ..forms import DuesMonthForm
from ..permissions import MembersPermission

P = MembersPermission
_KINDS = (OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH, OrgNodeKind.GROUP)


@login_required
def dues_month(request: HttpRequest) -> HttpResponse:
    """One month's dues per node with totals (one aggregate query) and the records, paged.

    Whoever may compute dues gets a form that creates the month's missing records.
    """
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_DUES):
        raise PermissionDenied
    this_month = timezone.localdate().replace(day=1)
    view_nodes = orgs_queries.branch_choices(actor=actor, permission=P.VIEW_DUES, kinds=_KINDS)
    filters = DuesMonthForm(request.GET or None, nodes=view_nodes, node_required=False)
    month, node = this_month, None
    if filters.is_valid():
        month = filters.cleaned_data["month"]
        if filters.cleaned_data["node"]:
            node = orgs_queries.node_get(actor=actor, pk=filters.cleaned_data["node"])
    elif not request.GET:
        filters = DuesMonthForm(
            initial={"month": this_month}, nodes=view_nodes, node_required=False
        )
    compute_nodes = (
        orgs_queries.branch_choices(actor=actor, permission=P.COMPUTE_DUES, kinds=_KINDS)
        if access.holds_somewhere(actor, P.COMPUTE_DUES)
        else []
    )
    compute = None
    if compute_nodes:
        compute = DuesMonthForm(
            request.POST or None,
            prefix="compute",
            nodes=compute_nodes,
            node_required=True,
            initial={"month": month, "node": compute_nodes[0].pk},
        )
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


def _compute(request: HttpRequest, form: DuesMonthForm) -> HttpResponse | None:
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
