"""Membership changes recorded by the office: join, transfer, retire, leave, death.

Each is its own small form and calls its own service; a refusal (wrong state, a date before
the last change, a branch outside the office's scope) comes back on the form, nothing written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from tongxin.core.errors import DomainError
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error
from tongxin.orgs import access
from tongxin.orgs import queries as orgs_queries
from tongxin.orgs.actor import Actor

from .. import queries, services
from ..forms import MembershipChangeForm
from ..models import Person
from ..permissions import MembersPermission

P = MembersPermission


@dataclass(frozen=True)
class Change:
    title: Promise
    explanation: Promise
    done: Promise
    needs_node: bool | None  # None: no branch field; False: optional; True: required
    run: Callable[..., Any]


def _join(actor: Actor, person: Person, node: Any, **common: Any) -> Any:
    return services.membership_join(actor=actor, person=person, node=node, **common)


def _transfer(actor: Actor, person: Person, node: Any, **common: Any) -> Any:
    return services.membership_transfer(actor=actor, person=person, to_node=node, **common)


def _retire(actor: Actor, person: Person, node: Any, **common: Any) -> Any:
    return services.membership_retire(actor=actor, person=person, **common)


def _leave(actor: Actor, person: Person, node: Any, **common: Any) -> Any:
    return services.membership_leave(actor=actor, person=person, **common)


def _death(actor: Actor, person: Person, node: Any, **common: Any) -> Any:
    return services.membership_record_death(actor=actor, person=person, **common)


CHANGES: dict[str, Change] = {
    "join": Change(
        gettext_lazy("Record joining"),
        gettext_lazy(
            "For joins decided outside Tongxin (e.g. on paper). Membership counts from the date."
        ),
        gettext_lazy("The joining has been recorded."),
        False,
        _join,
    ),
    "transfer": Change(
        gettext_lazy("Transfer to another branch"),
        gettext_lazy(
            "From this date the person belongs to the new branch; the membership history keeps "
            "the old one."
        ),
        gettext_lazy("The transfer has been recorded."),
        True,
        _transfer,
    ),
    "retire": Change(
        gettext_lazy("Record retirement"),
        gettext_lazy("A member who retires keeps a retained membership: no dues and no vote."),
        gettext_lazy("The retirement has been recorded."),
        None,
        _retire,
    ),
    "leave": Change(
        gettext_lazy("Record leaving the union"),
        gettext_lazy("The membership ends on this date."),
        gettext_lazy("The leaving has been recorded."),
        None,
        _leave,
    ),
    "death": Change(
        gettext_lazy("Record death"),
        gettext_lazy("Membership and employment end on this date."),
        gettext_lazy("The death has been recorded."),
        None,
        _death,
    ),
}


@login_required
def membership_change(request: ActorRequest, pk: int, action: str) -> HttpResponse:
    actor = request.actor
    change = CHANGES.get(action)
    if change is None:
        raise Http404
    person = queries.person_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_MEMBERSHIP, person)
    nodes = (
        orgs_queries.branch_choices(actor=actor, permission=P.MANAGE_MEMBERSHIP)
        if change.needs_node is not None
        else None
    )
    form = MembershipChangeForm(
        request.POST or None,
        nodes=nodes,
        node_required=bool(change.needs_node),
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            node_id = data.get("to_node")
            node = orgs_queries.node_get(actor=actor, pk=node_id) if node_id else None
            change.run(actor, person, node, on=data["on"], note=data["note"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, str(change.done))
            return redirect("members:person-detail", pk=person.pk)
    context = {"form": form, "person": person, "change": change}
    return render(request, "members/membership_change.html", context)
