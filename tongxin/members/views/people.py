"""Office console pages for people: the filtered list and one person's record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error, paginate, render_page_or_partial
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..forms import MembershipActionForm, PersonFilterForm, PersonForm
from ..permissions import MembersPermission

P = MembersPermission


def _filters(request: HttpRequest) -> tuple[PersonFilterForm, queries.PersonFilters]:
    nodes = orgs_queries.branch_choices(actor=request.actor, permission=P.VIEW_PERSON)
    form = PersonFilterForm(request.GET or None, nodes=nodes)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queries.PersonFilters(
        node_id=data.get("node"),
        membership_status=data.get("membership_status", ""),
        employment_status=data.get("employment_status", ""),
        gender=data.get("gender", ""),
        age_band=data.get("age_band", ""),
        q=data.get("q", ""),
    )
    return form, filters


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """Filtered, paged people list: a constant number of queries for any roster size."""
    actor = request.actor
    if not actor.grants or not access.can_somewhere(actor, P.VIEW_PERSON):
        raise PermissionDenied
    form, filters = _filters(request)
    page = paginate(request, queries.person_list(actor=actor, filters=filters))
    context = {
        "form": form,
        "page_obj": page,
        "can_export": access.can_somewhere(actor, P.EXPORT_PERSON),
        "can_import": access.can_somewhere(actor, P.IMPORT_ROSTER),
    }
    return render_page_or_partial(
        request, "members/person_list.html", "members/_person_rows.html", context
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    can = lambda permission: access.can(actor, permission, person)  # noqa: E731
    context = {
        "person": person,
        "family": queries.family_list(actor=actor, person=person),
        "events": queries.membership_history(actor=actor, person=person),
        "periods": queries.membership_periods(actor=actor, person=person),
        "offices": list(
            queries.officer_list(actor=actor, current_only=False).filter(person=person)
        ),
        "history": audit.history(person)
        if access.can(actor, OrgsPermission.VIEW_HISTORY, person)
        else None,
        "can_change": can(P.CHANGE_PERSON),
        "can_reveal": can(P.VIEW_ID_NUMBER),
        "can_family": can(P.CHANGE_FAMILY),
        "can_manage_membership": can(P.MANAGE_MEMBERSHIP),
    }
    return render(request, "members/person_detail.html", context)


@login_required
@require_POST
def person_reveal_id_number(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the clear ID number (htmx swap); the read is logged by the service."""
    person = queries.person_get(actor=request.actor, pk=pk)
    number = services.person_reveal_id_number(actor=request.actor, person=person)
    return render(request, "members/_id_number.html", {"person": person, "id_number": number})


def _person_initial(person: object) -> dict:
    fields = (
        "staff_number",
        "name",
        "gender",
        "birth_on",
        "phone",
        "email",
        "department",
        "employment_status",
        "hire_on",
    )
    initial = {name: getattr(person, name) for name in fields}
    initial["wage_base"] = f"{person.wage_base_fen / 100:.2f}"  # type: ignore[attr-defined]
    return initial


def _person_data(cleaned: dict) -> dict:
    data = {k: v for k, v in cleaned.items() if k != "wage_base"}
    data["wage_base_fen"] = cleaned.get("wage_base") or 0
    return data


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    form = PersonForm(request.POST or None, initial=_person_initial(person))
    if request.method == "POST" and form.is_valid():
        data = _person_data(form.cleaned_data)
        changes = {k: v for k, v in data.items() if getattr(person, k) != v}
        try:
            services.person_update(actor=actor, person=person, changes=changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("members:person-detail", pk=person.pk)
    return render(
        request,
        "members/simple_form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": person.name},
            "back_url": person_url(person),
        },
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.ADD_PERSON)
    if not nodes:
        raise PermissionDenied
    form = PersonForm(request.POST or None, initial={"employment_status": "active"})
    form.fields["node"] = MembershipActionForm(nodes=nodes).fields["to_node"]
    form.fields["node"].label = _("Branch")
    form.fields["node"].required = True
    if request.method == "POST" and form.is_valid():
        data = _person_data(form.cleaned_data)
        node_id = data.pop("node")
        try:
            node = orgs_queries.node_get(actor=actor, pk=node_id)
            person = services.person_create(actor=actor, node=node, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": person.name})
            return redirect("members:person-detail", pk=person.pk)
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": _("Add a person"), "back": "members:person-list"},
    )


def person_url(person: object) -> str:
    from django.urls import reverse

    return reverse("members:person-detail", args=[person.pk])  # type: ignore[attr-defined]


@login_required
def membership_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for join, transfer, retire, leave and death; each calls its own service."""
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.MANAGE_MEMBERSHIP)
    form = MembershipActionForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _run_membership_action(actor, person, data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The membership change has been recorded."))
            return redirect("members:person-detail", pk=person.pk)
    return render(
        request,
        "members/simple_form.html",
        {
            "form": form,
            "title": _("Membership of %(name)s") % {"name": person.name},
            "back_url": person_url(person),
        },
    )


def _run_membership_action(actor: object, person: object, data: dict) -> None:
    common = {"actor": actor, "person": person, "on": data["on"], "note": data["note"]}
    action = data["action"]
    if action == "transfer":
        if not data["to_node"]:
            raise DomainError(_("Choose the branch to transfer to."), field="to_node")
        to_node = orgs_queries.node_get(actor=actor, pk=data["to_node"])  # type: ignore[arg-type]
        services.membership_transfer(to_node=to_node, **common)  # type: ignore[arg-type]
    elif action == "join":
        node = orgs_queries.node_get(actor=actor, pk=data["to_node"]) if data["to_node"] else None  # type: ignore[arg-type]
        services.membership_join(node=node, **common)  # type: ignore[arg-type]
    elif action == "retire":
        services.membership_retire(**common)  # type: ignore[arg-type]
    elif action == "leave":
        services.membership_leave(**common)  # type: ignore[arg-type]
    else:
        services.membership_record_death(**common)  # type: ignore[arg-type]
