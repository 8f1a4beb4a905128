"""Building the ``Actor`` for a user: one query for their active role assignments."""

from typing import Any

from tongxin.orgs.actor import Actor, Grant
from tongxin.orgs.models import RoleAssignment


def actor_for(user: Any) -> Actor:
    if user is None or not user.is_authenticated:
        return Actor.anonymous()
    grants = tuple(
        Grant(role=role, node_id=node_id, node_path=path)
        for role, node_id, path in RoleAssignment.objects.active()
        .filter(user_id=user.pk, node__is_archived=False)
        .values_list("role", "node_id", "node__path")
    )
    return Actor(
        user_id=user.pk,
        person_id=user.person_id,
        name=user.display_name or user.username,
        grants=grants,
    )
