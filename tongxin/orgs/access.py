"""The one place that answers "may this actor do this?" and "what may this actor see?".

Each app declares in its ``permissions.py`` which roles hold which permission codenames
(``"<app>.<verb>_<entity>"``) and which permissions a person holds over their *own* records;
the app's ``ready()`` registers them here. A role held on a node covers the node's subtree.

Objects and querysets describe their place in the tree:
- an object exposes ``scope_path`` (its org node's path) and ``scope_owner_ids`` (the person
  ids whose own record it is);
- a model declares ``SCOPE_NODE_FIELD`` (the lookup to its ``OrgNode``, e.g. ``"node"`` or
  ``"person__node"``) and optionally ``SCOPE_OWNER_FIELD`` (the lookup to the owning person's
  id, e.g. ``"pk"`` or ``"person_id"``).
"""

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from tongxin.core.errors import Forbidden, NotFound

from .actor import Actor
from .choices import Role
from .models import SEGMENT_WIDTH, subtree_q

_ROLE_PERMISSIONS: dict[str, set[str]] = {role: set() for role in Role.values}
_OWN_PERMISSIONS: set[str] = set()
_ALL_PERMISSIONS: set[str] = set()

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])


class Scoped(Protocol):
    @property
    def scope_path(self) -> str: ...

    @property
    def scope_owner_ids(self) -> frozenset[int]: ...


def register(role_permissions: Mapping[str, Iterable[str]], *, own: Iterable[str] = ()) -> None:
    """Add an app's role → permissions map and its own-record permissions (at startup)."""
    for role, permissions in role_permissions.items():
        _ROLE_PERMISSIONS[role].update(permissions)
        _ALL_PERMISSIONS.update(permissions)
    _OWN_PERMISSIONS.update(own)
    _ALL_PERMISSIONS.update(own)
    # The system admin holds every permission on the subtree of their node.
    _ROLE_PERMISSIONS[Role.SYSTEM_ADMIN] = set(_ALL_PERMISSIONS)


def role_has(role: str, permission: str) -> bool:
    return permission in _ROLE_PERMISSIONS.get(role, ())


def is_known(permission: str) -> bool:
    return permission in _ALL_PERMISSIONS


def _check_known(permission: str) -> None:
    if permission not in _ALL_PERMISSIONS:
        raise LookupError(f"unknown permission {permission!r}: declare it in permissions.py")


def grant_paths(actor: Actor, permission: str) -> list[str]:
    """The minimal set of subtree roots on which ``actor`` holds ``permission``."""
    paths = sorted(
        {g.node_path for g in actor.grants if permission in _ROLE_PERMISSIONS.get(g.role, ())}
    )
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in minimal):
            minimal.append(path)
    return minimal


def can(actor: Actor, permission: str, obj: Scoped) -> bool:
    """Whether ``actor`` may do ``permission`` to ``obj`` (no query if ``obj`` is loaded)."""
    _check_known(permission)
    if actor.is_system:
        return True
    path = obj.scope_path
    if any(path.startswith(root) for root in grant_paths(actor, permission)):
        return True
    return (
        permission in _OWN_PERMISSIONS
        and actor.person_id is not None
        and actor.person_id in obj.scope_owner_ids
    )


def can_at(actor: Actor, permission: str, node_path: str) -> bool:
    """Whether ``actor`` holds ``permission`` on the node with ``node_path``."""
    _check_known(permission)
    if actor.is_system:
        return True
    return any(node_path.startswith(root) for root in grant_paths(actor, permission))


def can_somewhere(actor: Actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` on any node, or over their own records."""
    _check_known(permission)
    if actor.is_system or grant_paths(actor, permission):
        return True
    return permission in _OWN_PERMISSIONS and actor.person_id is not None


def holds_somewhere(actor: Actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` through a role on some node.

    Own-record permissions do not count: this is the test for office-console pages, which a
    member holding a permission only over their own record should not see.
    """
    _check_known(permission)
    return actor.is_system or bool(grant_paths(actor, permission))


def sees(actor: Actor, obj: Scoped) -> bool:
    """Whether ``obj`` lies inside any of the actor's scopes, whatever the permission."""
    if actor.is_system:
        return True
    path = obj.scope_path
    if any(path.startswith(g.node_path) for g in actor.grants):
        return True
    return actor.person_id is not None and actor.person_id in obj.scope_owner_ids


def require(actor: Actor, permission: str, obj: Scoped) -> None:
    """Raise unless ``actor`` may do ``permission`` to ``obj``.

    Out of scope raises ``NotFound`` (the same answer as a missing row, so ids cannot be
    probed); in scope without the permission raises ``Forbidden``.
    """
    if can(actor, permission, obj):
        return
    if sees(actor, obj):
        raise Forbidden()
    raise NotFound()


def require_at(actor: Actor, permission: str, node: Scoped) -> None:
    """Raise unless ``actor`` holds ``permission`` on ``node`` (for creating under it)."""
    if can_at(actor, permission, node.scope_path):
        return
    if sees(actor, node):
        raise Forbidden()
    raise NotFound()


def scope_q(model: type[Model], actor: Actor, permission: str) -> Q | None:
    """The filter selecting what ``actor`` may ``permission`` in ``model``; None means all."""
    _check_known(permission)
    if actor.is_system:
        return None
    node_field: str = model.SCOPE_NODE_FIELD  # type: ignore[attr-defined]
    path_lookup = "path" if node_field == "" else f"{node_field}__path"
    condition = Q(pk__in=[])
    for root in grant_paths(actor, permission):
        condition |= subtree_q(root, path_lookup)
    owner_field: str | None = getattr(model, "SCOPE_OWNER_FIELD", None)
    if owner_field and permission in _OWN_PERMISSIONS and actor.person_id is not None:
        condition |= Q(**{owner_field: actor.person_id})
    return condition


def scope(qs: QS, actor: Actor, permission: str) -> QS:
    """Narrow ``qs`` to the rows on which ``actor`` holds ``permission`` (same queryset class,
    so a custom queryset's methods stay available)."""
    condition = scope_q(qs.model, actor, permission)
    return qs if condition is None else qs.filter(condition)


def get_scoped(qs: QuerySet[M], actor: Actor, permission: str, **lookup: Any) -> M:
    """Fetch one row through ``scope``; missing and out-of-scope both raise ``NotFound``."""
    try:
        return scope(qs, actor, permission).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise NotFound() from None


# Governing records -----------------------------------------------------------------------
# Rules that govern a subtree (the school's policy: care standards, the holiday cap) hang on
# the node that sets them, but bind everyone below it. For such records a grant on node N
# also reaches the records on N's ancestors: the "ancestor-or-self" scope, added to the usual
# subtree. Only reading uses it; changing a rule still needs the permission on its node.


def ancestor_paths(path: str) -> list[str]:
    """The paths of the node at ``path`` and of each of its ancestors, root first."""
    return [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def governing_paths(actor: Actor, permission: str) -> list[str]:
    """Every node path above or at one of the actor's grants for ``permission``."""
    return sorted({a for root in grant_paths(actor, permission) for a in ancestor_paths(root)})


def can_governing(actor: Actor, permission: str, obj: Scoped) -> bool:
    """Whether ``actor`` may ``permission`` a governing record: ``can`` or ancestor-or-self."""
    if can(actor, permission, obj):
        return True
    return obj.scope_path in governing_paths(actor, permission)


def scope_governing(qs: QS, actor: Actor, permission: str) -> QS:
    """``scope`` widened to the governing records above the actor's grants (ancestor-or-self):
    a branch officer sees the school's policy their branch is held to."""
    condition = scope_q(qs.model, actor, permission)
    if condition is None:
        return qs
    node_field: str = qs.model.SCOPE_NODE_FIELD
    path_lookup = "path" if node_field == "" else f"{node_field}__path"
    above = governing_paths(actor, permission)
    if above:
        condition |= Q(**{f"{path_lookup}__in": above})
    return qs.filter(condition)


def get_scoped_governing(qs: QuerySet[M], actor: Actor, permission: str, **lookup: Any) -> M:
    """Fetch one governing record through ``scope_governing``; else ``NotFound``."""
    try:
        return scope_governing(qs, actor, permission).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise NotFound() from None
