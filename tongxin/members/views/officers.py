"""Appointing officers to a node and ending their terms (the role follows the term)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.errors import DomainError, Forbidden
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries

from .. import queries, services
from ..forms import OfficerEndForm, OfficerForm
from ..permissions import MembersPermission

P = MembersPermission


@login_required
def officer_appoint(request: ActorRequest, pk: int) -> HttpResponse:
    """Appoint a person picked by staff number or name; a chair may appoint liaisons only."""
    actor = request.actor
    node = orgs_queries.node_get(actor=actor, pk=pk)
    positions = queries.appointable_positions(actor=actor, node=node)
    if not positions:
        access.require_at(actor, P.MANAGE_OFFICER, node)
    form = OfficerForm(
        request.POST or None, positions=positions, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = queries.person_pick(
                actor=actor, pk=request.POST.get("person"), text=data["person_query"]
            )
            # Keep the resolved person in the box if something else is wrong.
            posted = request.POST.copy()
            posted["person_query"] = person.staff_number
            form.data = posted
            officer = services.officer_appoint(
                actor=actor,
                node=node,
                person=person,
                position=data["position"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
            )
        except Forbidden:
            form.add_error("position", _("You may not appoint to this position here."))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been appointed %(position)s.")
                % {"name": officer.person.name, "position": officer.get_position_display()},
            )
            return redirect("orgs:node-detail", pk=node.pk)
    context = {"form": form, "node": node, "title": _("Appoint an officer")}
    return render(request, "members/officer_form.html", context)


@login_required
def officer_end(request: ActorRequest, pk: int) -> HttpResponse:
    """End a term on a given day; the role it carried ends with it."""
    actor = request.actor
    officer = queries.officer_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_OFFICER, officer)
    form = OfficerEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_end(
                actor=actor, officer=officer, ended_on=form.cleaned_data["ended_on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The term has been ended."))
            return redirect("orgs:node-detail", pk=officer.node_id)
    context = {
        "form": form,
        "node": officer.node,
        "officer": officer,
        "title": _("End the term of %(name)s") % {"name": officer.person.name},
    }
    return render(request, "members/officer_form.html", context)
