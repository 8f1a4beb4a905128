"""Reads of the org tree and role assignments, always through ``access.scope``."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from tongxin.core.web import Choices

from . import access
from .actor import Actor
from .choices import OrgNodeKind, Role
from .models import OrgNode, RoleAssignment
from .permissions import ASSIGN_PERMISSION_FOR_ROLE, OrgsPermission

P = OrgsPermission


def node_list(
    *,
    actor: Actor,
    kind: str | None = None,
    include_archived: bool = False,
    parent: OrgNode | None = None,
) -> QuerySet[OrgNode]:
    """Nodes the actor may view, in tree order (a path sort is a depth-first walk)."""
    qs = access.scope(OrgNode.objects.all(), actor, P.VIEW_NODE)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("path")


@dataclass
class TreeNode:
    """A visible node with its visible children and the count it is shown with."""

    node: OrgNode
    member_count: int = 0
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.node.pk

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def parent_id(self) -> int | None:
        return self.node.parent_id

    @property
    def is_archived(self) -> bool:
        return self.node.is_archived


def node_tree(
    *, actor: Actor, counts: Mapping[int, int] | None = None, include_archived: bool = False
) -> list[TreeNode]:
    """The visible nodes nested under their visible parents (one query).

    A node whose parent the actor cannot see becomes a root, so a branch chair gets their
    branch as the single root. ``counts`` (node id → number) is attached to each node; the
    caller supplies it (e.g. members' ``member_counts_by_node``), as orgs knows no members.
    """
    counts = counts or {}
    by_id: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for node in node_list(actor=actor, include_archived=include_archived):
        item = TreeNode(node=node, member_count=counts.get(node.pk, 0))
        by_id[node.pk] = item
        parent = by_id.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(item)
    return roots


def node_get(*, actor: Actor, pk: int | str) -> OrgNode:
    """One node the actor may view; missing and out of scope both raise ``NotFound``."""
    return access.get_scoped(OrgNode.objects.select_related("parent"), actor, P.VIEW_NODE, pk=pk)


def branch_choices(
    *, actor: Actor, permission: str, kinds: Iterable[str] = (OrgNodeKind.BRANCH, OrgNodeKind.GROUP)
) -> list[OrgNode]:
    """Live nodes of ``kinds`` (branches and groups by default) on which ``actor`` holds
    ``permission``, in tree order (for form pickers)."""
    qs = access.scope(OrgNode.objects.filter(is_archived=False), actor, permission)
    return list(qs.filter(kind__in=list(kinds)).order_by("path"))


def grant_nodes(*, actor: Actor) -> list[tuple[str, OrgNode]]:
    """The actor's roles with the node each is held on, for "my scope" panels (one query)."""
    nodes = OrgNode.objects.in_bulk([grant.node_id for grant in actor.grants])
    rows = [(g.role, nodes[g.node_id]) for g in actor.grants if g.node_id in nodes]
    return sorted(rows, key=lambda row: (row[1].path, row[0]))


def assignable_roles(*, actor: Actor, node: OrgNode) -> Choices:
    """``(value, label)`` of the roles ``actor`` may hand out on ``node`` (no query)."""
    return [
        (role.value, role.label)
        for role in Role
        if role != Role.MEMBER
        and access.can_at(actor, ASSIGN_PERMISSION_FOR_ROLE.get(role, P.ASSIGN_ROLE), node.path)
    ]


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
