"""The ledger: lines with filters, one entry, reversals, and recording receipts and payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate, render_page_or_partial
from tongxin.orgs import access
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import CategoryKind, SourceType
from ..forms import DuesForm, EntryForm, LedgerFilterForm, ReasonForm
from ..models import JournalEntry
from ..permissions import FundsPermission
from .common import require_somewhere

P = FundsPermission


def ledger_filters(request: ActorRequest) -> tuple[LedgerFilterForm, queries.LedgerFilters]:
    actor = request.actor
    nodes = queries.fund_nodes(actor=actor)
    categories = queries.fund_category_list(on=timezone.localdate(), postable_only=False)
    form = LedgerFilterForm(
        request.GET or None,
        years=queries.fiscal_years(actor=actor),
        nodes=nodes,
        categories=categories,
    )
    data = form.cleaned_data if form.is_valid() else {}
    by_pk = {n.pk: n for n in nodes}
    filters = queries.LedgerFilters(
        fiscal_year=data.get("year"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        node=by_pk.get(data.get("node") or 0),
        category_key=data.get("category", ""),
        source_type=data.get("source_type", ""),
        q=data.get("q", ""),
    )
    return form, filters


@login_required
def ledger(request: ActorRequest) -> HttpResponse:
    """Journal lines the actor may see, filtered and paged (a fixed number of queries)."""
    require_somewhere(request.actor, P.VIEW_LEDGER)
    form, filters = ledger_filters(request)
    page = paginate(request, queries.ledger_line_list(actor=request.actor, filters=filters))
    context = {"form": form, "page_obj": page, "export_query": request.GET.urlencode()}
    return render_page_or_partial(request, "funds/ledger.html", "funds/_ledger_rows.html", context)


@login_required
def entry_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    entry = queries.journal_entry_get(actor=actor, pk=pk)
    context = {
        "entry": entry,
        "lines": list(entry.lines.all()),
        "reversal": getattr(entry, "reversal", None),
        "can_reverse": entry.source_type in SourceType.OWNED
        and not entry.is_reversal
        and getattr(entry, "reversal", None) is None
        and access.can(actor, P.REVERSE_ENTRY, entry),
        "form": ReasonForm(),
        "history": audit.history(entry)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, entry)
        else None,
    }
    return render(request, "funds/entry_detail.html", context)


@login_required
@require_POST
def entry_reverse(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    entry = queries.journal_entry_get(actor=actor, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            reversal = services.entry_reverse(
                actor=actor, entry=entry, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The entry has been reversed."))
            return redirect("funds:entry-detail", pk=reversal.pk)
    context = {
        "entry": entry,
        "lines": list(entry.lines.all()),
        "reversal": None,
        "can_reverse": True,
        "form": form,
        "history": None,
    }
    return render(request, "funds/entry_detail.html", context, status=400)


def _entry_form(request: ActorRequest, kind: str) -> tuple[EntryForm, str]:
    """The income or expense form, offering the nodes the actor may post for."""
    actor = request.actor
    if kind == CategoryKind.INCOME:
        require_somewhere(actor, P.POST_ENTRY)
        nodes = queries.fund_nodes(actor=actor, permission=P.POST_ENTRY)
        kinds: tuple[str, ...] = (CategoryKind.INCOME, CategoryKind.NET_ASSETS)
        title = _("Record income")
    else:
        nodes = [n for n in queries.fund_nodes(actor=actor) if services.may_spend(actor, n)]
        if not nodes:
            raise Forbidden()
        kinds = (CategoryKind.EXPENSE,)
        title = _("Record an expense")
    form = EntryForm(
        request.POST or None,
        initial={"on": timezone.localdate(), "node": request.GET.get("node")},
        nodes=nodes,
        categories=queries.fund_category_list(on=timezone.localdate(), kinds=kinds),
        may_override=kind != CategoryKind.INCOME and access.can_somewhere(actor, P.OVERRIDE_BUDGET),
    )
    return form, title


def _post_entry(request: ActorRequest, kind: str, data: dict) -> JournalEntry:
    actor = request.actor
    common = {
        "actor": actor,
        "node": queries.fund_node_get(actor=actor, pk=data["node"]),
        "category_key": data["category"],
        "amount_fen": data["amount"],
        "memo": data["memo"],
    }
    if kind == CategoryKind.INCOME:
        return services.income_record(received_on=data["on"], **common)
    return services.expense_record(
        paid_on=data["on"], budget_override_reason=data.get("budget_override_reason", ""), **common
    )


def _entry_page(request: ActorRequest, *, kind: str) -> HttpResponse:
    form, title = _entry_form(request, kind)
    if request.method == "POST" and form.is_valid():
        try:
            entry = _post_entry(request, kind, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            message = _("Entry #%(number)s has been posted.") % {"number": entry.pk}
            messages.success(request, message)
            return redirect("funds:entry-detail", pk=entry.pk)
    context = {"form": form, "title": title, "back": "funds:overview"}
    return render(request, "funds/form.html", context)


@login_required
def income_record(request: ActorRequest) -> HttpResponse:
    return _entry_page(request, kind=CategoryKind.INCOME)


@login_required
def expense_record(request: ActorRequest) -> HttpResponse:
    return _entry_page(request, kind=CategoryKind.EXPENSE)


@login_required
def dues_record(request: ActorRequest) -> HttpResponse:
    """Record the computed dues of a month as one receipt of the school."""
    actor = request.actor
    schools = [
        n
        for n in queries.fund_nodes(actor=actor, permission=P.POST_ENTRY)
        if n.kind == "school_union"
    ]
    if not schools:
        raise Forbidden()
    form = DuesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.dues_receipt_record(
                actor=actor, school=schools[0], month=form.cleaned_data["month"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Entry #%(number)s has been posted.") % {"number": entry.pk}
            )
            return redirect("funds:entry-detail", pk=entry.pk)
    return render(
        request,
        "funds/form.html",
        {"form": form, "title": _("Record the dues of a month"), "back": "funds:overview"},
    )
