"""Checks and hooks other apps add to org-tree operations without orgs importing them.

``members`` (which sits above ``orgs``) registers a guard that refuses to archive a node
while people are still active members in its subtree. Each guard returns ``None`` to allow,
or the translated reason for refusing.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import OrgNode, SchoolDepartment

ArchiveGuard = Callable[["OrgNode"], "tuple[str, str] | None"]

_archive_guards: list[ArchiveGuard] = []


def register_archive_guard(guard: ArchiveGuard) -> None:
    if guard not in _archive_guards:
        _archive_guards.append(guard)


def archive_blockers(node: "OrgNode") -> list[tuple[str, str]]:
    """Every ``(code, reason)`` a registered guard gives for not archiving ``node``."""
    return [reason for guard in _archive_guards if (reason := guard(node)) is not None]


# Called inside the changing transaction with the ids of users whose roles changed, or None
# and the path of a subtree whose nodes moved or were (un)archived.
RolesChangedListener = Callable[[list[int] | None, str | None], None]
_roles_changed_listeners: list[RolesChangedListener] = []


def register_roles_changed_listener(listener: RolesChangedListener) -> None:
    if listener not in _roles_changed_listeners:
        _roles_changed_listeners.append(listener)


def roles_changed(*, user_ids: list[int] | None = None, node_path: str | None = None) -> None:
    """Tell listeners (accounts' cached grants) that some users' effective roles changed:
    either the given users, or everyone holding a role in the subtree of ``node_path``."""
    for listener in _roles_changed_listeners:
        listener(user_ids, node_path)


DepartmentGuard = Callable[["SchoolDepartment"], "tuple[str, str] | None"]

_department_guards: list[DepartmentGuard] = []


def register_department_deactivate_guard(guard: DepartmentGuard) -> None:
    """``voice`` (and later ``congress``) refuse to lose a department that still owes replies."""
    if guard not in _department_guards:
        _department_guards.append(guard)


def department_deactivate_blockers(department: "SchoolDepartment") -> list[tuple[str, str]]:
    """Every ``(code, reason)`` a registered guard gives for not deactivating ``department``."""
    return [reason for guard in _department_guards if (reason := guard(department)) is not None]
