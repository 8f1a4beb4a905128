"""Office console pages for people: the filtered list, one person's record, adding and editing.

Every page runs a fixed number of queries whatever the roster size; the list refreshes in place
(htmx) and keeps its filters in the URL.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, is_htmx, paginate, render_page_or_partial
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..choices import IN_UNION_STATUSES, EmploymentStatus, Gender, MembershipStatus
from ..forms import PersonFilterForm, PersonForm
from ..models import Person
from ..permissions import MembersPermission

P = MembersPermission
DETAIL_DUES_MONTHS = 12


def _filters(request: ActorRequest) -> tuple[PersonFilterForm, queries.PersonFilters]:
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


def _label_rows(people: list[Person]) -> list[Person]:
    """Attach each row's link and translated labels once in Python: the list renders every row
    twice (phone cards, wide table), and per-row URL reversing and lazy choice labels were
    most of the page's cost."""
    statuses = {key: str(label) for key, label in MembershipStatus.choices}
    genders = {key: str(label) for key, label in Gender.choices}
    employment = {key: str(label) for key, label in EmploymentStatus.choices}
    # people/<pk>/ sits under the list's own path (members/urls.py).
    prefix = reverse("members:person-list")
    for person in people:
        person.row_url = f"{prefix}{person.pk}/"  # type: ignore[attr-defined]
        person.status_label = statuses.get(person.membership_status, "")  # type: ignore[attr-defined]
        person.gender_label = genders.get(person.gender, "")  # type: ignore[attr-defined]
        person.employment_label = employment.get(person.employment_status, "")  # type: ignore[attr-defined]
    return people


@login_required
def person_list(request: ActorRequest) -> HttpResponse:
    """Filtered, paged people list: a constant number of queries for any roster size."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_PERSON):
        raise PermissionDenied
    form, filters = _filters(request)
    page = paginate(request, queries.person_list(actor=actor, filters=filters))
    page.object_list = _label_rows(list(page.object_list))
    context = {
        "form": form,
        "page_obj": page,
        "hx_target": "#person-rows",
        "can_add": access.holds_somewhere(actor, P.ADD_PERSON),
        "can_export": access.holds_somewhere(actor, P.EXPORT_PERSON),
        "can_import": access.holds_somewhere(actor, P.IMPORT_ROSTER),
    }
    return render_page_or_partial(
        request, "members/person_list.html", "members/_person_rows.html", context
    )


# The picker's search box sends itself under its form field's name.
PICKER_PARAMS = ("q", "person_query", "staff_number")


@login_required
def person_pick(request: ActorRequest) -> HttpResponse:
    """Search-as-you-type choices for person pickers (htmx partial, one query)."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_PERSON):
        raise PermissionDenied
    text = next((request.GET[key] for key in PICKER_PARAMS if request.GET.get(key)), "")
    people = queries.person_search(actor=actor, text=text, limit=10)
    return render(request, "members/_person_choices.html", {"people": people, "text": text})


def membership_actions(person: Person) -> list[tuple[str, str]]:
    """The membership changes that fit the person's present state (the services re-check)."""
    actions = []
    active = person.employment_status == EmploymentStatus.ACTIVE
    if active and person.membership_status in (MembershipStatus.NONE, MembershipStatus.LEFT):
        actions.append(("join", _("Record joining")))
    if person.employment_status != EmploymentStatus.DECEASED:
        actions.append(("transfer", _("Transfer")))
    if active:
        actions.append(("retire", _("Retire")))
    if person.membership_status in IN_UNION_STATUSES:
        actions.append(("leave", _("Leave the union")))
    if person.employment_status != EmploymentStatus.DECEASED:
        actions.append(("death", _("Record death")))
    return actions


@login_required
def person_detail(request: ActorRequest, pk: int) -> HttpResponse:
    """One person's record, family, membership, offices, dues and history (fixed queries)."""
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)

    def can(permission: str) -> bool:
        return access.can(actor, permission, person)

    context: dict[str, Any] = {
        "person": person,
        "family": queries.family_list(actor=actor, person=person),
        "events": queries.membership_history(actor=actor, person=person),
        "periods": queries.membership_periods(actor=actor, person=person),
        "offices": list(queries.officer_list(actor=actor, person=person, current_only=False)),
        "dues": list(queries.dues_list(actor=actor, person=person)[:DETAIL_DUES_MONTHS])
        if can(P.VIEW_DUES)
        else None,
        "history": audit.history(person) if can(OrgsPermission.VIEW_HISTORY) else None,
        "can_change": can(P.CHANGE_PERSON),
        "can_reveal": can(P.VIEW_ID_NUMBER),
        "can_family": can(P.CHANGE_FAMILY),
        "membership_actions": membership_actions(person) if can(P.MANAGE_MEMBERSHIP) else [],
        "can_see_accounts": can("accounts.view_account"),
        "can_see_participation": can("participation.view_participation"),
        "is_applicant": person.membership_status == MembershipStatus.APPLICANT,
    }
    if context["is_applicant"]:
        context["application"] = queries.application_latest(actor=actor, person=person)
    return render(request, "members/person_detail.html", context)


@login_required
@require_POST
def person_reveal_id_number(request: ActorRequest, pk: int) -> HttpResponse:
    """Show the clear ID number (htmx swap, or a small page); the service logs the read."""
    person = queries.person_get(actor=request.actor, pk=pk)
    number = services.person_reveal_id_number(actor=request.actor, person=person)
    context = {"person": person, "id_number": number}
    if is_htmx(request):
        return render(request, "members/_id_number.html", context)
    return render(request, "members/id_number.html", context)


def _person_initial(person: Person) -> dict[str, Any]:
    fields = ("staff_number", "name", "gender", "birth_on", "phone", "email", "department")
    initial: dict[str, Any] = {name: getattr(person, name) for name in (*fields, "hire_on")}
    initial["wage_base"] = f"{person.wage_base_fen // 100}.{person.wage_base_fen % 100:02d}"
    return initial


@login_required
def person_edit(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    person = queries.person_get(actor=actor, pk=pk)
    access.require(actor, P.CHANGE_PERSON, person)
    form = PersonForm(
        request.POST or None,
        initial=_person_initial(person),
        with_id_number=access.can(actor, P.VIEW_ID_NUMBER, person),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        changes = {key: value for key, value in data.items() if getattr(person, key) != value}
        try:
            services.person_update(actor=actor, person=person, changes=changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("members:person-detail", pk=person.pk)
    context = {
        "form": form,
        "title": _("Edit %(name)s") % {"name": person.name},
        "person": person,
    }
    return render(request, "members/person_form.html", context)


@login_required
def person_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.ADD_PERSON)
    if not nodes:
        raise PermissionDenied
    form = PersonForm(
        request.POST or None,
        nodes=nodes,
        with_id_number=access.holds_somewhere(actor, P.VIEW_ID_NUMBER),
        initial={"employment_status": EmploymentStatus.ACTIVE, "node": request.GET.get("node")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            node = orgs_queries.node_get(actor=actor, pk=form.cleaned_data["node"])
            person = services.person_create(actor=actor, node=node, **form.person_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": person.name})
            return redirect("members:person-detail", pk=person.pk)
    return render(request, "members/person_form.html", {"form": form, "title": _("Add a person")})
