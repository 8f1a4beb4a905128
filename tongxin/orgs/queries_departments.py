"""Reads of school departments and their handlers, always through ``access.scope``."""

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from . import access
from .actor import Actor
from .models import DepartmentHandler, SchoolDepartment
from .permissions import OrgsPermission

P = OrgsPermission


def _active_handlers() -> Prefetch:
    return Prefetch(
        "handlers",
        queryset=DepartmentHandler.objects.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("created_at", "pk"),
        to_attr="active_handlers",
    )


def department_list(
    *, actor: Actor, include_inactive: bool = False, school_id: int | None = None
) -> QuerySet[SchoolDepartment]:
    """Departments the actor may view, each with ``active_handlers`` (two queries in all)."""
    qs = access.scope(SchoolDepartment.objects.select_related("school"), actor, P.VIEW_DEPARTMENT)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    return qs.prefetch_related(_active_handlers()).order_by("school__path", "sort_order", "name")


def department_get(*, actor: Actor, pk: int | str) -> SchoolDepartment:
    """One department the actor may view; missing and out of scope both raise ``NotFound``."""
    return access.get_scoped(
        SchoolDepartment.objects.select_related("school").prefetch_related(_active_handlers()),
        actor,
        P.VIEW_DEPARTMENT,
        pk=pk,
    )


def department_choices(*, actor: Actor, permission: str) -> list[SchoolDepartment]:
    """Active departments of the schools where ``actor`` holds ``permission`` (for pickers)."""
    qs = access.scope(
        SchoolDepartment.objects.filter(is_active=True).select_related("school"),
        actor,
        permission,
    )
    return list(qs.order_by("school__path", "sort_order", "name"))


def department_handler_get(*, actor: Actor, pk: int | str) -> DepartmentHandler:
    return access.get_scoped(
        DepartmentHandler.objects.select_related("department__school", "user"),
        actor,
        P.VIEW_DEPARTMENT,
        pk=pk,
    )


def department_handler_history(
    *, actor: Actor, department: SchoolDepartment
) -> QuerySet[DepartmentHandler]:
    """Every handler the department has had, current ones first."""
    qs = access.scope(
        DepartmentHandler.objects.filter(department=department).select_related("user"),
        actor,
        P.VIEW_DEPARTMENT,
    )
    return qs.order_by(F("removed_at").desc(nulls_first=True), "created_at", "pk")


def handled_department_ids(*, actor: Actor) -> QuerySet[Any, Any]:
    """The ids of the departments the actor handles now, as a subquery (no query of its own).

    Use it inside a filter: ``department_id__in=handled_department_ids(actor=actor)``.
    """
    return DepartmentHandler.objects.filter(
        user_id=actor.user_id or 0, removed_at__isnull=True
    ).values("department_id")


def departments_handled(*, actor: Actor) -> list[SchoolDepartment]:
    """The departments the actor handles now (for page headers and pickers)."""
    if actor.user_id is None:
        return []
    return list(
        SchoolDepartment.objects.filter(
            handlers__user_id=actor.user_id, handlers__removed_at__isnull=True
        )
        .select_related("school")
        .order_by("school__path", "sort_order", "name")
        .distinct()
    )
