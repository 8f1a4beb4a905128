"""The funds overview for officers, the members' disclosure, and opening the books."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.web import message_domain_error
from tongxin.core.years import parse_year
from tongxin.orgs import access

from .. import queries, services
from ..choices import AccountKind
from ..permissions import FundsPermission
from .common import focus

P = FundsPermission


@login_required
def overview(request: ActorRequest) -> HttpResponse:
    """Income, spending, balances and budget use of one union for one year (fixed queries)."""
    actor = request.actor
    f = focus(request)
    accounts = list(queries.fund_account_list(actor=actor).filter(node=f.node))
    recent = list(queries.journal_entry_list(actor=actor, node=f.node, fiscal_year=f.year)[:8])
    context = {
        "focus": f,
        "statement": queries.income_expense_statement(actor=actor, node=f.node, fiscal_year=f.year),
        "budgets": queries.budget_vs_actual(actor=actor, node=f.node, fiscal_year=f.year)[:1],
        "accounts": accounts,
        "fund": next((a for a in accounts if a.kind == AccountKind.FUND), None),
        "recent": recent,
        "books_open": bool(accounts),
        "can_open_books": f.node.kind == "school_union" and access.can(actor, P.OPEN_BOOKS, f.node),
        "can_post": access.can(actor, P.POST_ENTRY, f.node),
        "can_spend": services.may_spend(actor, f.node),
    }
    return render(request, "funds/overview.html", context)


@login_required
@require_POST
def books_open(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    node = queries.fund_node_get(
        actor=actor, pk=request.POST.get("node", ""), permission=P.OPEN_BOOKS
    )
    try:
        services.fund_books_open(
            actor=actor, school=node, policy_from=dt.date(timezone.localdate().year, 1, 1)
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The books are open."))
    return redirect(f"{_url('funds:overview')}?node={node.pk}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def disclosure(request: ActorRequest) -> HttpResponse:
    """Members: the school's income and spending by main category, and the standards."""
    actor = request.actor
    years = queries.disclosure_years(actor=actor) or [timezone.localdate().year]
    year = _year(request.GET.get("year"), years)
    statement = queries.disclosure_statement(actor=actor, fiscal_year=year)
    if statement is None:
        raise Forbidden()
    try:
        policy = queries.policy_in_force(school=statement.node, on=timezone.localdate())
    except DomainError:
        policy = None
    context = {"statement": statement, "policy": policy, "year": year, "years": years}
    return render(request, "funds/disclosure.html", context)


def _year(value: str | None, years: list[int]) -> int:
    """The requested year if it is one of ``years``, else the latest."""
    year = parse_year(value)
    return year if year in years else years[0]
