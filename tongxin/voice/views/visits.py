"""Grassroots visit pages: the list, one visit with what it raised, and recording a visit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseFormSet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, paginate
from tongxin.core.years import parse_year
from tongxin.members import queries as members_queries
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.models import OrgNode
from tongxin.orgs.permissions import OrgsPermission

from .. import queries, services
from ..forms import RaisedItemForm, RaisedItemFormSet, VisitForm
from ..permissions import VoicePermission

P = VoicePermission


@login_required
def visit_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_VISIT):
        raise PermissionDenied
    year = parse_year(request.GET.get("year"))
    page = paginate(request, queries.grassroots_visit_list(actor=actor, academic_year=year))
    return render(
        request,
        "voice/visit_list.html",
        {
            "page_obj": page,
            "year": year,
            "years": queries.grassroots_visit_years(actor=actor),
            "can_record": access.can_somewhere(actor, P.RECORD_VISIT),
        },
    )


@login_required
def visit_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    visit = queries.grassroots_visit_get(actor=actor, pk=pk)
    history = (
        audit.history(visit) if access.can(actor, OrgsPermission.VIEW_HISTORY, visit) else None
    )
    return render(request, "voice/visit_detail.html", {"visit": visit, "history": history})


def _raised(
    request: ActorRequest, formset: "BaseFormSet[RaisedItemForm]", node: OrgNode
) -> list[services.RaisedItem]:
    """The filled-in rows of the formset as ``RaisedItem`` values (people looked up at once)."""
    rows = [form.cleaned_data for form in formset.forms if form.has_content()]
    numbers = [row["staff_number"] for row in rows if row.get("staff_number")]
    people = {
        person.staff_number: person
        for person in queries.people_by_staff_numbers(
            actor=request.actor, staff_numbers=numbers, permission=P.RECORD_VISIT, field="raised"
        )
    }
    return [
        services.RaisedItem(
            kind=row["kind"],
            category=row["category"],
            title=row["title"],
            text=row["text"],
            person=people.get(row["staff_number"].strip()) if row.get("staff_number") else None,
        )
        for row in rows
    ]


@login_required
def visit_create(request: ActorRequest) -> HttpResponse:
    """Record a visit and what it raised, in one go (one service, one transaction)."""
    actor = request.actor
    nodes = orgs_queries.branch_choices(actor=actor, permission=P.RECORD_VISIT)
    if not nodes:
        raise PermissionDenied
    initial: dict[str, object] = {"visited_on": timezone.localdate()}
    if actor.person_id is not None:
        initial["lead"] = members_queries.person_get(actor=actor, pk=actor.person_id).staff_number
    form = VisitForm(request.POST or None, nodes=nodes, initial=initial)
    formset = RaisedItemFormSet(request.POST or None, prefix="raised")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            node = orgs_queries.node_get(actor=actor, pk=data["node"])
            lead = queries.person_by_staff_number(
                actor=actor, staff_number=data["lead"], permission=P.RECORD_VISIT, field="lead"
            )
            visitors = queries.people_by_staff_numbers(
                actor=actor,
                staff_numbers=data["visitors"],
                permission=P.RECORD_VISIT,
                field="visitors",
            )
            visit = services.grassroots_visit_record(
                actor=actor,
                node=node,
                lead=lead,
                visitors=visitors,
                visited_on=data["visited_on"],
                participants=data["participants"],
                summary=data["summary"],
                raised=_raised(request, formset, node),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The visit has been recorded."))
            return redirect("voice:visit-detail", pk=visit.pk)
    return render(request, "voice/visit_form.html", {"form": form, "formset": formset})
