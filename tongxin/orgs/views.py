"""Org-tree console pages: the tree, a node with its officers and roles, and the node actions.

Every page runs a fixed number of queries whatever the size of the tree; every change goes
through ``orgs.services`` (and ``members.services`` for officers), whose errors come back as
form errors or messages with nothing written.
"""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, NotFound
from tongxin.core.http import ActorRequest
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.members import queries as members_queries
from tongxin.members.permissions import MembersPermission

from . import access, queries, services
from .choices import ALLOWED_PARENT_KINDS
from .forms import NodeCreateForm, NodeMoveForm, NodeRenameForm, RoleAssignForm
from .models import OrgNode
from .permissions import OrgsPermission

P = OrgsPermission


@login_required
def node_tree(request: ActorRequest) -> HttpResponse:
    """The visible tree with each node's member count and current officers (five queries)."""
    actor = request.actor
    if not access.holds_somewhere(actor, P.VIEW_NODE):
        raise PermissionDenied
    show_archived = request.GET.get("archived") == "1"
    nodes = list(queries.node_list(actor=actor, include_archived=show_archived))
    counts = members_queries.member_counts_by_node(actor=actor)
    officers: dict[int, list] = defaultdict(list)
    for officer in members_queries.officer_list(actor=actor):
        officers[officer.node_id].append(officer)
    root_depth = min((node.depth for node in nodes), default=0)
    rows = [
        (node, min(node.depth - root_depth, 4), counts.get(node.pk, 0), officers.get(node.pk, []))
        for node in nodes
    ]
    return render(request, "orgs/node_tree.html", {"rows": rows, "show_archived": show_archived})


@login_required
def node_detail(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    show_past = request.GET.get("past") == "1"
    counts = members_queries.member_counts_by_node(actor=actor)
    children = [
        (child, counts.get(child.pk, 0))
        for child in queries.node_list(actor=actor, parent=node, include_archived=True)
    ]
    context = {
        "node": node,
        "children": children,
        "member_count": counts.get(node.pk, 0),
        "officers": list(
            members_queries.officer_list(actor=actor, node=node, current_only=not show_past)
        ),
        "show_past": show_past,
        "assignments": list(queries.role_assignment_list(actor=actor, node=node))
        if access.can(actor, P.VIEW_ROLE_ASSIGNMENT, node)
        else None,
        "history": audit.history(node) if access.can(actor, P.VIEW_HISTORY, node) else None,
        "can_manage": access.can(actor, P.MANAGE_NODE, node),
        "can_assign": bool(queries.assignable_roles(actor=actor, node=node)),
        "can_appoint": bool(members_queries.appointable_positions(actor=actor, node=node)),
        "can_end_terms": access.can(actor, MembersPermission.MANAGE_OFFICER, node),
        "can_see_people": access.can(actor, MembersPermission.VIEW_PERSON, node),
    }
    return render(request, "orgs/node_detail.html", context)


def _form_page(
    request: ActorRequest, node: OrgNode, form: Any, title: str, **extra: Any
) -> HttpResponse:
    context = {"form": form, "node": node, "title": title, **extra}
    return render(request, "orgs/node_form.html", context)


@login_required
def node_create(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    parent = queries.node_get(actor=actor, pk=pk)
    access.require_at(actor, P.MANAGE_NODE, parent)
    form = NodeCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_create(actor=actor, parent=parent, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been created.") % {"name": node.name})
            return redirect("orgs:node-detail", pk=node.pk)
    return _form_page(
        request, parent, form, _("Add a sub-node under %(name)s") % {"name": parent.name}
    )


@login_required
def node_rename(request: ActorRequest, pk: int) -> HttpResponse:
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_NODE, node)
    form = NodeRenameForm(request.POST or None, initial={"name": node.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.node_rename(actor=actor, node=node, name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The node has been renamed."))
            return redirect("orgs:node-detail", pk=node.pk)
    return _form_page(request, node, form, _("Rename %(name)s") % {"name": node.name})


@login_required
def node_move(request: ActorRequest, pk: int) -> HttpResponse:
    """Move a node (and its subtree) under another node; the service refuses cycles."""
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_NODE, node)
    fitting = ALLOWED_PARENT_KINDS[node.kind]
    parents = [
        candidate
        for candidate in queries.node_list(actor=actor)
        if candidate.pk not in (node.pk, node.parent_id)
        and candidate.kind in fitting
        and access.can(actor, P.MANAGE_NODE, candidate)
    ]
    form = NodeMoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            new_parent = queries.node_get(actor=actor, pk=form.cleaned_data["parent"])
            services.node_move(actor=actor, node=node, new_parent=new_parent)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The node has been moved."))
            return redirect("orgs:node-detail", pk=node.pk)
    return _form_page(
        request, node, form, _("Move %(name)s") % {"name": node.name}, no_choices=not parents
    )


@login_required
@require_POST
def node_archive(request: ActorRequest, pk: int) -> HttpResponse:
    """Archive a node, or restore an archived one; a refusal comes back as a message."""
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    access.require(actor, P.MANAGE_NODE, node)
    try:
        if node.is_archived:
            services.node_restore(actor=actor, node=node)
            messages.success(request, _("The node has been restored."))
        else:
            services.node_archive(actor=actor, node=node)
            messages.success(request, _("The node has been archived."))
    except DomainError as error:
        message_domain_error(request, error)
    return redirect("orgs:node-detail", pk=node.pk)


@login_required
def role_assign(request: ActorRequest, pk: int) -> HttpResponse:
    """Give a person's account a role on this node, picked by staff number or name."""
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    roles = queries.assignable_roles(actor=actor, node=node)
    if not roles:
        access.require_at(actor, P.ASSIGN_ROLE, node)
    form = RoleAssignForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = members_queries.person_pick(
                actor=actor, pk=request.POST.get("person"), text=data["person_query"]
            )
            # Keep the resolved person in the box if something else is wrong.
            posted = request.POST.copy()
            posted["person_query"] = person.staff_number
            form.data = posted
            user = getattr(person, "user", None)
            if user is None:
                raise DomainError(
                    _("%(name)s has no account yet; open one on their record first.")
                    % {"name": person.name},
                    field="person_query",
                )
            services.role_assign(
                actor=actor,
                user_id=user.pk,
                role=data["role"],
                node=node,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except Forbidden:
            form.add_error("role", _("You may not give this role on this node."))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The role has been assigned."))
            return redirect("orgs:node-detail", pk=node.pk)
    return _form_page(request, node, form, _("Assign a role on %(name)s") % {"name": node.name})


@login_required
@require_POST
def role_revoke(request: ActorRequest, pk: int) -> HttpResponse:
    assignment = queries.role_assignment_get(actor=request.actor, pk=pk)
    try:
        services.role_revoke(actor=request.actor, assignment=assignment)
    except (Forbidden, NotFound):
        raise
    except DomainError as error:
        message_domain_error(request, error)
    else:
        messages.success(request, _("The role has been ended."))
    return redirect("orgs:node-detail", pk=assignment.node_id)
