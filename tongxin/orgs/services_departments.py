"""Changes to school departments and their handlers (the union office keeps the list).

A handler is a user who answers for a department. While a user handles at least one department
of a school, they hold the handling-department role on that school: the role carries the
permissions (reply to a routed request, later handle a proposal), the handler rows say which
department's items those permissions reach. Adding the first handler row grants the role,
removing the last one ends it, in the same transaction.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, ValidationFailed

from . import access, events
from .actor import Actor
from .choices import OrgNodeKind, Role
from .errors import OrgsErrorCode
from .guards import department_deactivate_blockers
from .models import DepartmentHandler, OrgNode, RoleAssignment, SchoolDepartment
from .permissions import OrgsPermission
from .services import grantee_in_reach, role_end, role_grant

P = OrgsPermission


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed(_("Enter a name."), field="name")
    if len(cleaned) > 100:
        raise ValidationFailed(_("A name has at most 100 characters."), field="name")
    return cleaned


def _clean_code(code: str) -> str:
    cleaned = code.strip()
    if len(cleaned) > 40:
        raise ValidationFailed(_("A code has at most 40 characters."), field="code")
    return cleaned


def _duplicate_error() -> DomainError:
    return DomainError(
        _("The school already has a department with this name or code."),
        code=OrgsErrorCode.DUPLICATE_DEPARTMENT,
        field="name",
    )


def _lock(department: SchoolDepartment) -> SchoolDepartment:
    return (
        SchoolDepartment.objects.select_for_update().select_related("school").get(pk=department.pk)
    )


def department_create(
    *, actor: Actor, school: OrgNode, name: str, code: str = "", sort_order: int = 0
) -> SchoolDepartment:
    """Add a department to ``school`` (a school union node).

    Rule: names and non-empty codes are unique within the school. Audited.
    """
    access.require_at(actor, P.MANAGE_DEPARTMENT, school)
    if school.kind != OrgNodeKind.SCHOOL_UNION:
        raise ValidationFailed(
            _("Departments belong to a school union."), code=OrgsErrorCode.NOT_A_SCHOOL
        )
    name, code = _clean_name(name), _clean_code(code)
    with transaction.atomic(durable=True):
        department = SchoolDepartment(school=school, name=name, code=code, sort_order=sort_order)
        try:
            with transaction.atomic():
                department.save(force_insert=True)
        except IntegrityError:
            raise _duplicate_error() from None
        audit.record(
            actor=actor,
            event=events.DEPARTMENT_CREATED,
            target=department,
            changes={"name": name, "code": code},
            node_path=school.path,
        )
    return department


def department_update(
    *,
    actor: Actor,
    department: SchoolDepartment,
    name: str,
    code: str = "",
    sort_order: int | None = None,
) -> SchoolDepartment:
    """Rename a department or change its code or order (unique within the school)."""
    access.require(actor, P.MANAGE_DEPARTMENT, department)
    name, code = _clean_name(name), _clean_code(code)
    with transaction.atomic(durable=True):
        department = _lock(department)
        before = audit.snapshot(department, ["name", "code", "sort_order"])
        department.name, department.code = name, code
        if sort_order is not None:
            department.sort_order = sort_order
        changes = audit.diff(before, audit.snapshot(department, ["name", "code", "sort_order"]))
        if not changes:
            return department
        try:
            with transaction.atomic():
                department.save(update_fields=["name", "code", "sort_order", "updated_at"])
        except IntegrityError:
            raise _duplicate_error() from None
        audit.record(
            actor=actor,
            event=events.DEPARTMENT_UPDATED,
            target=department,
            changes=changes,
            node_path=department.school.path,
        )
    return department


def department_deactivate(*, actor: Actor, department: SchoolDepartment) -> SchoolDepartment:
    """Take a department out of use (no new routing); it stays on record with its history.

    Refused while a registered guard objects, e.g. requests still wait for its reply.
    """
    access.require(actor, P.MANAGE_DEPARTMENT, department)
    with transaction.atomic(durable=True):
        department = _lock(department)
        if not department.is_active:
            return department
        blockers = department_deactivate_blockers(department)
        if blockers:
            code, reason = blockers[0]
            raise DomainError(reason, code=code)
        department.is_active = False
        department.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor=actor,
            event=events.DEPARTMENT_DEACTIVATED,
            target=department,
            changes={"is_active": [True, False]},
            node_path=department.school.path,
        )
    return department


def department_activate(*, actor: Actor, department: SchoolDepartment) -> SchoolDepartment:
    """Put a deactivated department back into use."""
    access.require(actor, P.MANAGE_DEPARTMENT, department)
    with transaction.atomic(durable=True):
        department = _lock(department)
        if department.is_active:
            return department
        department.is_active = True
        department.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor=actor,
            event=events.DEPARTMENT_ACTIVATED,
            target=department,
            changes={"is_active": [False, True]},
            node_path=department.school.path,
        )
    return department


def _open_role(user_id: int, school: OrgNode) -> RoleAssignment | None:
    """The user's unrevoked handling-department assignment on the school that has not ended."""
    return (
        RoleAssignment.objects.filter(
            user_id=user_id, role=Role.HANDLING_DEPARTMENT, node=school, revoked_at__isnull=True
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .order_by("pk")
        .first()
    )


def department_handler_add(
    *,
    actor: Actor,
    department: SchoolDepartment,
    user_id: int | None = None,
    username: str = "",
) -> DepartmentHandler:
    """Make a user (given by id, or by login name) a handler of ``department``.

    Rules: the department is active; the account exists and is active; a user handles a
    department once at a time. Grants the handling-department role on the school if the user
    does not hold it yet. Audited.
    """
    access.require(actor, P.MANAGE_DEPARTMENT, department)
    accounts = get_user_model().objects.filter(is_active=True).select_related("person__node")
    if user_id is not None:
        user = accounts.filter(pk=user_id).first()
    else:
        user = accounts.filter(username=username.strip()).first() if username.strip() else None
    # An account whose person is outside the actor's reach reads like a missing one.
    if user is None or not grantee_in_reach(actor, Role.HANDLING_DEPARTMENT, user):
        raise ValidationFailed(
            _("No active account has this login name."),
            code=OrgsErrorCode.UNKNOWN_USER,
            field="user",
        )
    with transaction.atomic(durable=True):
        department = _lock(department)
        if not department.is_active:
            raise DomainError(
                _("This department is no longer in use."), code=OrgsErrorCode.DEPARTMENT_INACTIVE
            )
        handler = DepartmentHandler(department=department, user=user, added_by_id=actor.user_id)
        try:
            with transaction.atomic():
                handler.save(force_insert=True)
        except IntegrityError:
            raise DomainError(
                _("%(name)s already handles this department.") % {"name": user},
                code=OrgsErrorCode.DUPLICATE_HANDLER,
                field="user",
            ) from None
        audit.record(
            actor=actor,
            event=events.HANDLER_ADDED,
            target=handler,
            changes={"department": department.pk, "user": user.pk},
            node_path=department.school.path,
        )
        if _open_role(user.pk, department.school) is None:
            role_grant(
                actor=actor, user_id=user.pk, role=Role.HANDLING_DEPARTMENT, node=department.school
            )
    return handler


def department_handler_remove(*, actor: Actor, handler: DepartmentHandler) -> DepartmentHandler:
    """End a user's handling of a department at once (the row stays on record).

    When it was the user's last department in the school, their handling-department role on
    the school ends too. Audited.
    """
    access.require(actor, P.MANAGE_DEPARTMENT, handler)
    with transaction.atomic(durable=True):
        handler = (
            DepartmentHandler.objects.select_for_update()
            .select_related("department__school")
            .get(pk=handler.pk)
        )
        if handler.removed_at is not None:
            return handler
        handler.removed_at = timezone.now()
        handler.removed_by_id = actor.user_id
        handler.save(update_fields=["removed_at", "removed_by", "updated_at"])
        school = handler.department.school
        audit.record(
            actor=actor,
            event=events.HANDLER_REMOVED,
            target=handler,
            changes={"department": handler.department_id, "user": handler.user_id},
            node_path=school.path,
        )
        still_handles = DepartmentHandler.objects.filter(
            user_id=handler.user_id, department__school=school, removed_at__isnull=True
        ).exists()
        role = _open_role(handler.user_id, school)
        if not still_handles and role is not None:
            role_end(actor=actor, assignment=role)
    return handler
