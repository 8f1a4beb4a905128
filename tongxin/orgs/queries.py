"""Reads of the org tree and role assignments, always through ``access.scope``."""

from django.db.models import QuerySet

from . import access
from .actor import Actor
from .choices import OrgNodeKind
from .models import OrgNode, RoleAssignment
from .permissions import OrgsPermission

P = OrgsPermission


def node_list(
    *, actor: Actor, kind: str | None = None, include_archived: bool = False
) -> QuerySet[OrgNode]:
    """Nodes the actor may view, in tree order (a path sort is a depth-first walk)."""
    qs = access.scope(OrgNode.objects.all(), actor, P.VIEW_NODE)
    if kind:
        qs = qs.filter(kind=kind)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("path")


def node_get(*, actor: Actor, pk: int | str) -> OrgNode:
    """One node the actor may view; missing and out of scope both raise ``NotFound``."""
    return access.get_scoped(OrgNode.objects.select_related("parent"), actor, P.VIEW_NODE, pk=pk)


def branch_choices(*, actor: Actor, permission: str) -> list[OrgNode]:
    """Live branches and groups on which ``actor`` holds ``permission`` (for form pickers)."""
    qs = access.scope(OrgNode.objects.filter(is_archived=False), actor, permission)
    return list(qs.filter(kind__in=[OrgNodeKind.BRANCH, OrgNodeKind.GROUP]).order_by("path"))


def school_for(*, actor: Actor, permission: str) -> OrgNode | None:
    """The one school union in which ``actor`` holds ``permission``, or None if not exactly one."""
    roots = access.grant_paths(actor, permission)
    schools = {
        node.school_id: node.school
        for node in OrgNode.objects.filter(path__in=roots).select_related("school")
        if node.school_id
    }
    return next(iter(schools.values())) if len(schools) == 1 else None


def role_assignment_list(
    *, actor: Actor, node: OrgNode | None = None, active_only: bool = True
) -> QuerySet[RoleAssignment]:
    qs = access.scope(
        RoleAssignment.objects.select_related("node", "user"), actor, P.VIEW_ROLE_ASSIGNMENT
    )
    if node is not None:
        qs = qs.filter(node=node)
    if active_only:
        qs = qs.active()
    return qs.order_by("node__path", "role", "user_id")


def role_assignment_get(*, actor: Actor, pk: int | str) -> RoleAssignment:
    return access.get_scoped(
        RoleAssignment.objects.select_related("node", "user"),
        actor,
        P.VIEW_ROLE_ASSIGNMENT,
        pk=pk,
    )
