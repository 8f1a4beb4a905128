"""Office, branch and leader pages: the club list, create and edit, and the club page with
leaders, members, sessions, attendance and spending against the budget."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core.errors import DomainError, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error, paginate
from tongxin.core.years import parse_year
from tongxin.orgs import access
from tongxin.orgs.choices import OrgNodeKind
from tongxin.orgs.models import OrgNode, subtree_q

from .. import queries, services
from ..choices import ClubStatus
from ..forms import BudgetForm, ClubForm, ExpenseForm, PersonForm, ReasonForm, SeriesForm
from ..permissions import ClubsPermission as P
from ..services.common import person_for_club, today


def _nodes(request: ActorRequest) -> list[OrgNode]:
    """School unions and branches where the actor manages clubs."""
    condition = None
    for root in access.grant_paths(request.actor, P.MANAGE_CLUB):
        q = subtree_q(root, "path")
        condition = q if condition is None else condition | q
    if condition is None and not request.actor.is_system:
        return []
    qs = OrgNode.objects.filter(
        kind__in=(OrgNodeKind.SCHOOL_UNION, OrgNodeKind.BRANCH), is_archived=False
    )
    if condition is not None:
        qs = qs.filter(condition)
    return list(qs.order_by("path"))


@login_required
def club_list(request: ActorRequest) -> HttpResponse:
    """Clubs I run (office, branch chair), read, or lead."""
    actor = request.actor
    status = request.GET.get("status", "")
    qs = queries.club_list_office(actor=actor, status=status)
    if not actor.grants and not qs.exists():
        raise PermissionDenied
    context = {
        "page_obj": paginate(request, qs),
        "status": status,
        "statuses": ClubStatus.choices,
        "can_create": access.holds_somewhere(actor, P.MANAGE_CLUB),
    }
    return render(request, "clubs/office_list.html", context)


@login_required
def club_create(request: ActorRequest) -> HttpResponse:
    nodes = _nodes(request)
    if not nodes:
        raise PermissionDenied
    form = ClubForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        node = next((n for n in nodes if n.pk == data.pop("node")), None)
        try:
            if node is None:
                raise NotFound()
            club = services.club_create(actor=request.actor, node=node, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The club has been created."))
            return redirect("clubs:club-manage", pk=club.pk)
    return render(request, "clubs/form.html", {"form": form, "title": _("New club")})


@login_required
def club_edit(request: ActorRequest, pk: int) -> HttpResponse:
    club = queries.club_get(actor=request.actor, pk=pk)
    access.require(request.actor, P.MANAGE_CLUB, club)
    initial = {f: getattr(club, f) for f in ("name", "kind", "description", "place")}
    form = ClubForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if getattr(club, k) != v}
        try:
            services.club_update(actor=request.actor, club=club, changes=changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("clubs:club-manage", pk=club.pk)
    return render(request, "clubs/form.html", {"form": form, "title": club.name, "club": club})


def _year(request: ActorRequest, budget_years: list[int]) -> int:
    """The year asked for, else the latest year with a budget, else this year."""
    fallback = max(budget_years) if budget_years else today().year
    return parse_year(request.GET.get("year"), fallback) or fallback


@login_required
def club_manage(request: ActorRequest, pk: int) -> HttpResponse:
    """The club page for its office, branch chair and leaders (a fixed number of queries)."""
    actor = request.actor
    club = queries.club_get(actor=actor, pk=pk)
    can_manage = access.can(actor, P.MANAGE_CLUB, club)
    can_lead = can_manage or services.is_leader(actor, club)
    budgets = queries.budget_list(club)
    year = _year(request, [b.year for b in budgets])
    context = {
        "club": club,
        "leaders": queries.leader_list(club),
        "members": list(queries.membership_list(club)),
        "upcoming": list(queries.session_list(club, upcoming=True)[:10]),
        "past": list(queries.session_list(club, upcoming=False)[:10]),
        "attendance": queries.attendance(club),
        "spending": queries.spending(club, year),
        "expenses": list(queries.expense_list(club)[:20]),
        "session_costs": list(queries.session_cost_list(club)[:20]),
        "budgets": budgets,
        "can_manage": can_manage,
        "can_lead": can_lead and club.is_active,
        "can_spend": access.can(actor, P.SPEND_CLUB, club),
        "can_export": can_lead or access.can(actor, P.EXPORT_CLUB, club),
        "person_form": PersonForm(),
        "budget_form": BudgetForm(initial={"year": today().year}),
        "expense_form": ExpenseForm(initial={"incurred_on": today()}),
        "reason_form": ReasonForm(),
    }
    return render(request, "clubs/club_manage.html", context)


def _back(club_pk: int) -> HttpResponse:
    return redirect("clubs:club-manage", pk=club_pk)


def _post(request: ActorRequest, pk: int, form_class, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    club = queries.club_get(actor=request.actor, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return _back(club.pk)
    try:
        action(club, form.cleaned_data)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, done)
    return _back(club.pk)


@login_required
@require_POST
def club_archive(request: ActorRequest, pk: int) -> HttpResponse:
    club = queries.club_get(actor=request.actor, pk=pk)
    try:
        services.club_archive(actor=request.actor, club=club)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The club is archived."))
    return _back(club.pk)


@login_required
@require_POST
def leader_add(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        PersonForm,
        lambda club, data: services.club_leader_add(
            actor=request.actor,
            club=club,
            person=person_for_club(
                actor=request.actor, club=club, staff_number=data["staff_number"]
            ),
        ),
        _("The leader has been added."),
    )


@login_required
@require_POST
def leader_end(request: ActorRequest, pk: int) -> HttpResponse:
    leader = queries.leader_get(actor=request.actor, pk=pk)
    try:
        services.club_leader_end(actor=request.actor, leader=leader)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The leader's term has ended."))
    return _back(leader.club_id)


@login_required
@require_POST
def member_add(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        PersonForm,
        lambda club, data: services.club_join(
            actor=request.actor,
            club=club,
            person=person_for_club(
                actor=request.actor, club=club, staff_number=data["staff_number"]
            ),
        ),
        _("The member has been added."),
    )


@login_required
@require_POST
def member_remove(request: ActorRequest, pk: int, person_pk: int) -> HttpResponse:
    club = queries.club_get(actor=request.actor, pk=pk)
    membership = queries.current_membership(club, person_pk)
    if membership is None:
        raise NotFound()
    try:
        services.club_leave(actor=request.actor, club=club, person=membership.person)
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The member has been removed."))
    return _back(club.pk)


@login_required
@require_POST
def budget_set(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        BudgetForm,
        lambda club, data: services.club_budget_set(
            actor=request.actor, club=club, year=data["year"], amount_fen=data["amount"]
        ),
        _("The budget has been set."),
    )


@login_required
@require_POST
def expense_add(request: ActorRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        ExpenseForm,
        lambda club, data: services.club_expense_post(
            actor=request.actor,
            club=club,
            description=data["description"],
            amount_fen=data["amount"],
            incurred_on=data["incurred_on"],
            payee=data["payee"],
            override_reason=data["override_reason"],
        ),
        _("The expense has been paid and recorded."),
    )


@login_required
@require_POST
def expense_reverse(request: ActorRequest, pk: int) -> HttpResponse:
    expense = queries.expense_get(actor=request.actor, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the reversal."))
        return _back(expense.club_id)
    try:
        services.club_expense_reverse(
            actor=request.actor, expense=expense, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The expense has been reversed."))
    return _back(expense.club_id)


@login_required
def series_create(request: ActorRequest, pk: int) -> HttpResponse:
    club = queries.club_get(actor=request.actor, pk=pk)
    if not services.may_lead(request.actor, club):
        raise PermissionDenied
    form = SeriesForm(request.POST or None, initial={"place": club.place, "capacity": 30})
    if request.method == "POST" and form.is_valid():
        try:
            series = services.club_series_create(
                actor=request.actor, club=club, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)s sessions have been scheduled.") % {"count": series.sessions.count()},
            )
            return _back(club.pk)
    return render(
        request,
        "clubs/form.html",
        {"form": form, "title": _("Schedule weekly sessions"), "club": club},
    )


@login_required
def club_export(request: ActorRequest, pk: int) -> HttpResponse:
    club = queries.club_get(actor=request.actor, pk=pk)
    data = services.club_export(actor=request.actor, club=club)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="club-{club.pk}.xlsx"'
    return response
