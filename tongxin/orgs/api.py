"""Org tree and role assignments over HTTP; the same services and queries as the pages."""

from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination
from tongxin.members import queries as members_queries

from . import queries, services
from .choices import OrgNodeKind
from .schemas import (
    OrgNodeCreateIn,
    OrgNodeMoveIn,
    OrgNodeOut,
    OrgNodeRenameIn,
    OrgTreeNodeOut,
    RoleAssignmentIn,
    RoleAssignmentOut,
)

router = Router(tags=["orgs"])


@router.get("/nodes", response=list[OrgNodeOut], operation_id="node_list")
@paginate(Pagination)
def node_list(  # type: ignore[no-untyped-def]
    request: ActorRequest, kind: OrgNodeKind | None = None, include_archived: bool = False
):
    """Nodes the caller may see, in tree order (a path sort is a depth-first walk)."""
    return queries.node_list(actor=request.actor, kind=kind, include_archived=include_archived)


@router.get("/nodes/tree", response=list[OrgTreeNodeOut], operation_id="node_tree")
def node_tree(request: ActorRequest, include_archived: bool = False):  # type: ignore[no-untyped-def]
    """The whole visible tree in one answer, each node with the members in its subtree."""
    counts = members_queries.member_counts_by_node(actor=request.actor)
    return queries.node_tree(actor=request.actor, counts=counts, include_archived=include_archived)


@router.get("/nodes/{pk}", response=OrgNodeOut, operation_id="node_get")
def node_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return queries.node_get(actor=request.actor, pk=pk)


@router.post("/nodes", response={201: OrgNodeOut}, operation_id="node_create")
def node_create(request: ActorRequest, payload: OrgNodeCreateIn):  # type: ignore[no-untyped-def]
    """Add a branch under a school union, or a group under a branch."""
    parent = queries.node_get(actor=request.actor, pk=payload.parent_id)
    node = services.node_create(
        actor=request.actor, parent=parent, kind=payload.kind, name=payload.name, code=payload.code
    )
    return Status(201, node)


@router.post("/nodes/{pk}/rename", response=OrgNodeOut, operation_id="node_rename")
def node_rename(request: ActorRequest, pk: Id, payload: OrgNodeRenameIn):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=pk)
    return services.node_rename(actor=request.actor, node=node, name=payload.name)


@router.post("/nodes/{pk}/move", response=OrgNodeOut, operation_id="node_move")
def node_move(request: ActorRequest, pk: Id, payload: OrgNodeMoveIn):  # type: ignore[no-untyped-def]
    """Move a node and its whole subtree under another parent of the same school."""
    node = queries.node_get(actor=request.actor, pk=pk)
    parent = queries.node_get(actor=request.actor, pk=payload.parent_id)
    return services.node_move(actor=request.actor, node=node, new_parent=parent)


@router.post("/nodes/{pk}/archive", response=OrgNodeOut, operation_id="node_archive")
def node_archive(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Archive a node without live sub-nodes or active people; its history stays."""
    node = queries.node_get(actor=request.actor, pk=pk)
    return services.node_archive(actor=request.actor, node=node)


@router.post("/nodes/{pk}/restore", response=OrgNodeOut, operation_id="node_restore")
def node_restore(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Bring an archived node back (its parent must be live, its name still free)."""
    node = queries.node_get(actor=request.actor, pk=pk)
    return services.node_restore(actor=request.actor, node=node)


@router.get(
    "/role-assignments", response=list[RoleAssignmentOut], operation_id="role_assignment_list"
)
@paginate(Pagination)
def role_assignment_list(request: ActorRequest, node_id: Id | None = None):  # type: ignore[no-untyped-def]
    """Active role assignments the caller may see, optionally on one node."""
    node = queries.node_get(actor=request.actor, pk=node_id) if node_id else None
    return queries.role_assignment_list(actor=request.actor, node=node)


@router.post("/role-assignments", response={201: RoleAssignmentOut}, operation_id="role_assign")
def role_assign(request: ActorRequest, payload: RoleAssignmentIn):  # type: ignore[no-untyped-def]
    """Give an account a role on a node (and so on its subtree)."""
    node = queries.node_get(actor=request.actor, pk=payload.node_id)
    data = payload.dict(exclude={"node_id"})
    return Status(201, services.role_assign(actor=request.actor, node=node, **data))


@router.post(
    "/role-assignments/{pk}/revoke", response=RoleAssignmentOut, operation_id="role_revoke"
)
def role_revoke(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    """Withdraw a role at once; the assignment stays on record."""
    assignment = queries.role_assignment_get(actor=request.actor, pk=pk)
    return services.role_revoke(actor=request.actor, assignment=assignment)


# School departments live in their own module; mounted here so the orgs prefix covers them.
from .api_departments import router as departments_router  # noqa: E402

router.add_router("/departments", departments_router)
