"""Org tree and role assignments over HTTP; the same services and queries as the pages."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from . import queries, services
from .schemas import (
    OrgNodeCreateIn,
    OrgNodeMoveIn,
    OrgNodeOut,
    OrgNodeRenameIn,
    RoleAssignmentIn,
    RoleAssignmentOut,
)

router = Router(tags=["orgs"])


@router.get("/nodes", response=list[OrgNodeOut], operation_id="org_node_list")
@paginate(LimitOffsetPagination)
def org_node_list(request: HttpRequest, kind: str | None = None, include_archived: bool = False):  # type: ignore[no-untyped-def]
    return queries.node_list(actor=request.actor, kind=kind, include_archived=include_archived)


@router.get("/nodes/{pk}", response=OrgNodeOut, operation_id="org_node_get")
def org_node_get(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return queries.node_get(actor=request.actor, pk=pk)


@router.post("/nodes", response={201: OrgNodeOut}, operation_id="org_node_create")
def org_node_create(request: HttpRequest, payload: OrgNodeCreateIn):  # type: ignore[no-untyped-def]
    parent = queries.node_get(actor=request.actor, pk=payload.parent_id)
    node = services.node_create(
        actor=request.actor, parent=parent, kind=payload.kind, name=payload.name, code=payload.code
    )
    return 201, node


@router.post("/nodes/{pk}/rename", response=OrgNodeOut, operation_id="org_node_rename")
def org_node_rename(request: HttpRequest, pk: int, payload: OrgNodeRenameIn):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=pk)
    return services.node_rename(actor=request.actor, node=node, name=payload.name)


@router.post("/nodes/{pk}/move", response=OrgNodeOut, operation_id="org_node_move")
def org_node_move(request: HttpRequest, pk: int, payload: OrgNodeMoveIn):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=pk)
    parent = queries.node_get(actor=request.actor, pk=payload.parent_id)
    return services.node_move(actor=request.actor, node=node, new_parent=parent)


@router.post("/nodes/{pk}/archive", response=OrgNodeOut, operation_id="org_node_archive")
def org_node_archive(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=pk)
    return services.node_archive(actor=request.actor, node=node)


@router.get(
    "/role-assignments", response=list[RoleAssignmentOut], operation_id="role_assignment_list"
)
@paginate(LimitOffsetPagination)
def role_assignment_list(request: HttpRequest, node_id: int | None = None):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=node_id) if node_id else None
    return queries.role_assignment_list(actor=request.actor, node=node)


@router.post(
    "/role-assignments", response={201: RoleAssignmentOut}, operation_id="role_assignment_create"
)
def role_assignment_create(request: HttpRequest, payload: RoleAssignmentIn):  # type: ignore[no-untyped-def]
    node = queries.node_get(actor=request.actor, pk=payload.node_id)
    assignment = services.role_assign(
        actor=request.actor,
        user_id=payload.user_id,
        role=payload.role,
        node=node,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return 201, assignment


@router.post(
    "/role-assignments/{pk}/revoke",
    response=RoleAssignmentOut,
    operation_id="role_assignment_revoke",
)
def role_assignment_revoke(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    assignment = queries.role_assignment_get(actor=request.actor, pk=pk)
    return services.role_revoke(actor=request.actor, assignment=assignment)


# School departments live in their own module; mounted here so the orgs prefix covers them.
from .api_departments import router as departments_router  # noqa: E402

router.add_router("/departments", departments_router)
