"""School departments and their handlers over HTTP; the same services and queries as the pages."""

from ninja import Router, Status
from ninja.pagination import paginate

from tongxin.core.http import ActorRequest
from tongxin.core.schemas import Id, Pagination

from . import queries, services_departments
from . import queries_departments as department_queries
from .schemas_departments import (
    DepartmentHandlerIn,
    DepartmentHandlerOut,
    SchoolDepartmentIn,
    SchoolDepartmentOut,
    SchoolDepartmentUpdateIn,
)

router = Router()  # mounted under the orgs router, whose tag it inherits


@router.get("", response=list[SchoolDepartmentOut], operation_id="department_list")
@paginate(Pagination)
def department_list(request: ActorRequest, include_inactive: bool = False):  # type: ignore[no-untyped-def]
    return department_queries.department_list(
        actor=request.actor, include_inactive=include_inactive
    )


@router.get("/{pk}", response=SchoolDepartmentOut, operation_id="department_get")
def department_get(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    return department_queries.department_get(actor=request.actor, pk=pk)


@router.post("", response={201: SchoolDepartmentOut}, operation_id="department_create")
def department_create(request: ActorRequest, payload: SchoolDepartmentIn):  # type: ignore[no-untyped-def]
    school = queries.node_get(actor=request.actor, pk=payload.school_id)
    department = services_departments.department_create(
        actor=request.actor,
        school=school,
        name=payload.name,
        code=payload.code,
        sort_order=payload.sort_order,
    )
    return Status(201, department_queries.department_get(actor=request.actor, pk=department.pk))


@router.post("/{pk}/update", response=SchoolDepartmentOut, operation_id="department_update")
def department_update(request: ActorRequest, pk: Id, payload: SchoolDepartmentUpdateIn):  # type: ignore[no-untyped-def]
    department = department_queries.department_get(actor=request.actor, pk=pk)
    services_departments.department_update(
        actor=request.actor,
        department=department,
        name=payload.name,
        code=payload.code,
        sort_order=payload.sort_order,
    )
    return department_queries.department_get(actor=request.actor, pk=pk)


@router.post("/{pk}/deactivate", response=SchoolDepartmentOut, operation_id="department_deactivate")
def department_deactivate(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    department = department_queries.department_get(actor=request.actor, pk=pk)
    services_departments.department_deactivate(actor=request.actor, department=department)
    return department_queries.department_get(actor=request.actor, pk=pk)


@router.post("/{pk}/activate", response=SchoolDepartmentOut, operation_id="department_activate")
def department_activate(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    department = department_queries.department_get(actor=request.actor, pk=pk)
    services_departments.department_activate(actor=request.actor, department=department)
    return department_queries.department_get(actor=request.actor, pk=pk)


@router.post(
    "/{pk}/handlers", response={201: DepartmentHandlerOut}, operation_id="department_handler_add"
)
def department_handler_add(request: ActorRequest, pk: Id, payload: DepartmentHandlerIn):  # type: ignore[no-untyped-def]
    department = department_queries.department_get(actor=request.actor, pk=pk)
    handler = services_departments.department_handler_add(
        actor=request.actor, department=department, user_id=payload.user_id
    )
    return Status(
        201, department_queries.department_handler_get(actor=request.actor, pk=handler.pk)
    )


@router.post(
    "/handlers/{pk}/remove", response=DepartmentHandlerOut, operation_id="department_handler_remove"
)
def department_handler_remove(request: ActorRequest, pk: Id):  # type: ignore[no-untyped-def]
    handler = department_queries.department_handler_get(actor=request.actor, pk=pk)
    return services_departments.department_handler_remove(actor=request.actor, handler=handler)
