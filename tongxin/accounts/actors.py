"""Building the ``Actor`` for a user, with their active role assignments.

The grants are cached per user under a key that contains ``User.roles_changed_at`` (bumped in
the same transaction as any role or tree change, see ``touch_roles``) and today's date (terms
start and end on dates), so a page view costs no query for them and a change is seen at once
by every worker, whatever the cache backend.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from tongxin.orgs.actor import Actor, Grant
from tongxin.orgs.models import RoleAssignment, subtree_q

_CACHE_SECONDS = 24 * 3600


def _grants_key(user: Any) -> str:
    stamp = user.roles_changed_at.timestamp() if user.roles_changed_at else 0
    return f"tx:grants:{user.pk}:{stamp}:{timezone.localdate().isoformat()}"


def load_grants(user_id: int) -> tuple[Grant, ...]:
    return tuple(
        Grant(role=role, node_id=node_id, node_path=path)
        for role, node_id, path in RoleAssignment.objects.active()
        .filter(user_id=user_id, node__is_archived=False)
        .values_list("role", "node_id", "node__path")
    )


def grants_of_people(person_ids: Any) -> list[Grant]:
    """Today's grants of the accounts linked to these people (for the approval engine's
    ``parent_level`` route, decision 0011)."""
    return [
        Grant(role=role, node_id=node_id, node_path=path)
        for role, node_id, path in RoleAssignment.objects.active()
        .filter(user__person_id__in=list(person_ids), node__is_archived=False)
        .values_list("role", "node_id", "node__path")
    ]


def actor_for(user: Any) -> Actor:
    if user is None or not user.is_authenticated:
        return Actor.anonymous()
    key = _grants_key(user)
    grants = cache.get(key)
    if grants is None:
        grants = load_grants(user.pk)
        cache.set(key, grants, _CACHE_SECONDS)
    return Actor(
        user_id=user.pk,
        person_id=user.person_id,
        name=user.display_name or user.username,
        grants=grants,
    )


def touch_roles(user_ids: list[int] | None, node_path: str | None) -> None:
    """Invalidate cached grants: of ``user_ids``, or of everyone with a role under ``node_path``."""
    users = get_user_model().objects
    if user_ids is not None:
        users.filter(pk__in=user_ids).update(roles_changed_at=timezone.now())
    elif node_path is not None:
        holders = RoleAssignment.objects.filter(subtree_q(node_path, "node__path")).values(
            "user_id"
        )
        users.filter(pk__in=holders).update(roles_changed_at=timezone.now())
