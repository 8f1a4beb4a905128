"""Reports (statement, budget against actual, settlement) with .xlsx export, and audit opinions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.orgs import access

from .. import queries, services
from ..forms import AuditOpinionForm
from ..permissions import FundsPermission
from .common import focus, require_somewhere
from .ledger import ledger_filters

P = FundsPermission
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def reports(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    f = focus(request)
    context = {
        "focus": f,
        "statement": queries.income_expense_statement(actor=actor, node=f.node, fiscal_year=f.year),
        "budgets": queries.budget_vs_actual(actor=actor, node=f.node, fiscal_year=f.year),
        "settlement": queries.fund_settlement(actor=actor, node=f.node, fiscal_year=f.year),
        "can_export": access.can(actor, P.EXPORT_REPORT, f.node),
    }
    return render(request, "funds/reports.html", context)


@login_required
def report_export(request: ActorRequest, report: str) -> HttpResponse:
    """Download one report as .xlsx (the ledger takes the ledger page's filters)."""
    f = focus(request)
    filters = ledger_filters(request)[1] if report == "ledger" else None
    name, content = services.funds_report_export(
        actor=request.actor,
        report=report,
        node=filters.node if filters and filters.node else f.node,
        fiscal_year=f.year,
        filters=filters,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def opinions(request: ActorRequest) -> HttpResponse:
    """Audit opinions, newest first, and the form for the audit committee."""
    actor = request.actor
    require_somewhere(actor, P.VIEW_AUDIT_OPINION)
    nodes = queries.fund_nodes(actor=actor, permission=P.ADD_AUDIT_OPINION)
    form = (
        AuditOpinionForm(
            request.POST or None,
            initial={"fiscal_year": timezone.localdate().year - 1},
            nodes=nodes,
        )
        if nodes
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            node = queries.fund_node_get(
                actor=actor, pk=data["node"], permission=P.ADD_AUDIT_OPINION
            )
            services.audit_opinion_add(
                actor=actor,
                node=node,
                fiscal_year=data["fiscal_year"],
                conclusion=data["conclusion"],
                text=data["text"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The opinion has been recorded."))
            return redirect("funds:opinions")
    page = paginate(request, queries.audit_opinion_list(actor=actor))
    context = {
        "page_obj": page,
        "form": form,
        "trail": queries.trail_status(actor=actor),
        "can_verify": access.holds_somewhere(actor, P.VERIFY_TRAIL),
    }
    return render(request, "funds/opinions.html", context)


@login_required
@require_POST
def trail_verify(request: ActorRequest) -> HttpResponse:
    """Verify the tamper-evident trail now (audit committee, union office)."""
    checks = services.trail_verify(actor=request.actor)
    if all(check.is_intact for check in checks):
        messages.success(request, _("Every chain is intact."))
    else:
        messages.error(request, _("The trail is broken; see the chain marked below."))
    return redirect("funds:opinions")
