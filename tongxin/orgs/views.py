"""Org-tree console pages: the tree, a node with its officers, and the node actions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError
from tongxin.core.web import add_domain_error, message_domain_error
from tongxin.members import queries as members_queries

from . import access, queries, services
from .forms import NodeCreateForm, NodeMoveForm, NodeRenameForm, RoleAssignForm
from .permissions import OrgsPermission

P = OrgsPermission


@login_required
def node_tree(request: HttpRequest) -> HttpResponse:
    """The whole visible tree with member counts per node (three queries)."""
    actor = request.actor
    if not access.can_somewhere(actor, P.VIEW_NODE):
        raise PermissionDenied
    nodes = list(queries.node_list(actor=actor, include_archived="archived" in request.GET))
    counts = members_queries.member_counts_by_node(actor=actor)
    root_depth = min((n.depth for n in nodes), default=0)
    rows = [(node, node.depth - root_depth, counts.get(node.pk, 0)) for node in nodes]
    return render(request, "orgs/node_tree.html", {"rows": rows})


@login_required
def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    context = {
        "node": node,
        "children": list(queries.node_list(actor=actor).filter(parent=node)),
        "officers": list(members_queries.officer_list(actor=actor, node=node)),
        "assignments": list(queries.role_assignment_list(actor=actor, node=node))
        if access.can(actor, P.VIEW_ROLE_ASSIGNMENT, node)
        else [],
        "member_count": members_queries.member_counts_by_node(actor=actor).get(node.pk, 0),
        "history": audit.history(node) if access.can(actor, P.VIEW_HISTORY, node) else None,
        "can_manage": access.can(actor, P.MANAGE_NODE, node),
        "create_form": NodeCreateForm(),
        "rename_form": NodeRenameForm(initial={"name": node.name}),
        "role_form": RoleAssignForm(),
    }
    return render(request, "orgs/node_detail.html", context)


@login_required
def node_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = queries.node_get(actor=request.actor, pk=pk)
    form = NodeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_create(actor=request.actor, parent=parent, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been created.") % {"name": node.name})
            return redirect("orgs:node-detail", pk=node.pk)
    return render(
        request, "orgs/node_form.html", {"form": form, "node": parent, "title": _("Add a sub-node")}
    )


@login_required
def node_rename(request: HttpRequest, pk: int) -> HttpResponse:
    node = queries.node_get(actor=request.actor, pk=pk)
    form = NodeRenameForm(request.POST or None, initial={"name": node.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.node_rename(actor=request.actor, node=node, name=form.cleaned_data["name"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The node has been renamed."))
            return redirect("orgs:node-detail", pk=node.pk)
    return render(
        request, "orgs/node_form.html", {"form": form, "node": node, "title": _("Rename")}
    )


@login_required
def node_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    parents = [n for n in queries.node_list(actor=actor) if n.pk != node.pk]
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
    return render(request, "orgs/node_form.html", {"form": form, "node": node, "title": _("Move")})


@login_required
def node_archive(request: HttpRequest, pk: int) -> HttpResponse:
    node = queries.node_get(actor=request.actor, pk=pk)
    if request.method == "POST":
        try:
            if node.is_archived:
                services.node_restore(actor=request.actor, node=node)
                messages.success(request, _("The node has been restored."))
            else:
                services.node_archive(actor=request.actor, node=node)
                messages.success(request, _("The node has been archived."))
        except DomainError as error:
            message_domain_error(request, error)
    return redirect("orgs:node-detail", pk=node.pk)


@login_required
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    node = queries.node_get(actor=actor, pk=pk)
    form = RoleAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = get_user_model().objects.filter(username=data["user"].strip()).first()
        try:
            if user is None:
                raise DomainError(_("No account has this login name."), field="user")
            services.role_assign(
                actor=actor,
                user_id=user.pk,
                role=data["role"],
                node=node,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The role has been assigned."))
            return redirect("orgs:node-detail", pk=node.pk)
    return render(
        request, "orgs/node_form.html", {"form": form, "node": node, "title": _("Assign a role")}
    )


@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = queries.role_assignment_get(actor=request.actor, pk=pk)
    if request.method == "POST":
        try:
            services.role_revoke(actor=request.actor, assignment=assignment)
        except DomainError as error:
            message_domain_error(request, error)
        else:
            messages.success(request, _("The role has been revoked."))
    return redirect("orgs:node-detail", pk=assignment.node_id)
