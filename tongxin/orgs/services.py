"""Changes to the org tree and to role assignments.

Every function checks access through ``orgs.access``, locks what it changes, re-checks the
tree rules against the locked state, writes, and records an audit event in one transaction.
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit
from tongxin.core.errors import DomainError, Forbidden, ValidationFailed

from . import access, events
from .actor import Actor
from .choices import ALLOWED_PARENT_KINDS, OrgNodeKind, Role
from .errors import OrgsErrorCode
from .guards import archive_blockers, roles_changed
from .models import OrgNode, RoleAssignment, path_segment, subtree_q
from .permissions import ASSIGN_PERMISSION_FOR_ROLE, OrgsPermission

P = OrgsPermission


def _check_parent_kind(kind: str, parent: OrgNode | None) -> None:
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENT_KINDS[kind]:
        raise ValidationFailed(
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {
                "kind": OrgNodeKind(kind).label,
                "parent": OrgNodeKind(parent_kind).label if parent_kind else _("the top level"),
            },
            code=OrgsErrorCode.INVALID_PARENT,
            field="parent",
        )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed(_("Enter a name."), field="name")
    if len(cleaned) > 100:
        raise ValidationFailed(_("A name has at most 100 characters."), field="name")
    return cleaned


def _duplicate_name_error() -> DomainError:
    return DomainError(
        _("Another node under the same parent already has this name."),
        code=OrgsErrorCode.DUPLICATE_NAME,
        field="name",
    )


def node_create(
    *,
    actor: Actor,
    parent: OrgNode | None,
    kind: str,
    name: str,
    code: str = "",
    sort_order: int = 0,
) -> OrgNode:
    """Create a node under ``parent`` (a root only for the system actor).

    Rule: the kind must fit under the parent's kind (school union → branch → group).
    """
    if kind not in OrgNodeKind.values:
        raise ValidationFailed(_("Unknown node kind."), field="kind")
    if parent is None:
        if not actor.is_system:
            raise Forbidden()
    else:
        access.require_at(actor, P.MANAGE_NODE, parent)
    name = _clean_name(name)
    _check_parent_kind(kind, parent)
    with transaction.atomic(durable=True):
        if parent is not None:
            parent = OrgNode.objects.select_for_update().get(pk=parent.pk)
            if parent.is_archived:
                raise DomainError(
                    _("Nodes cannot be added under an archived node."),
                    code=OrgsErrorCode.NODE_ARCHIVED,
                    field="parent",
                )
        node = OrgNode(
            kind=kind,
            name=name,
            code=code.strip(),
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            sort_order=sort_order,
            # A unique placeholder until the primary key is known.
            path=f"new-{timezone.now().timestamp()}-{id(name)}",
        )
        try:
            with transaction.atomic():
                node.save(force_insert=True)
        except IntegrityError:
            raise _duplicate_name_error() from None
        node.path = (parent.path if parent else "") + path_segment(node.pk)
        node.school_id = (
            node.pk if kind == OrgNodeKind.SCHOOL_UNION else (parent.school_id if parent else None)
        )
        node.save(update_fields=["path", "school", "updated_at"])
        audit.record(
            actor=actor,
            event=events.NODE_CREATED,
            target=node,
            changes={"kind": kind, "name": name, "parent": parent.pk if parent else None},
            node_path=node.path,
        )
    return node


def node_rename(*, actor: Actor, node: OrgNode, name: str) -> OrgNode:
    """Give ``node`` a new name, unique among its live siblings."""
    access.require(actor, P.MANAGE_NODE, node)
    name = _clean_name(name)
    with transaction.atomic(durable=True):
        node = OrgNode.objects.select_for_update().get(pk=node.pk)
        if node.name == name:
            return node
        old = node.name
        node.name = name
        try:
            with transaction.atomic():
                node.save(update_fields=["name", "updated_at"])
        except IntegrityError:
            raise _duplicate_name_error() from None
        audit.record(
            actor=actor,
            event=events.NODE_RENAMED,
            target=node,
            changes={"name": [old, name]},
            node_path=node.path,
        )
    return node


def node_move(*, actor: Actor, node: OrgNode, new_parent: OrgNode) -> OrgNode:
    """Move ``node`` and its whole subtree under ``new_parent``.

    Refused when ``new_parent`` lies in ``node``'s own subtree (that would cut the branch off
    the tree), when the kinds do not fit, and when the move would cross into another school
    (staff numbers are unique per school, so people cannot silently change school).
    """
    access.require(actor, P.MANAGE_NODE, node)
    access.require_at(actor, P.MANAGE_NODE, new_parent)
    with transaction.atomic(durable=True):
        locked = {
            n.pk: n
            for n in OrgNode.objects.select_for_update()
            .filter(pk__in=[node.pk, new_parent.pk])
            .order_by("pk")
        }
        node, new_parent = locked[node.pk], locked[new_parent.pk]
        if new_parent.path.startswith(node.path):
            raise DomainError(
                _("A node cannot be moved under itself or one of its own descendants."),
                code=OrgsErrorCode.MOVE_INTO_OWN_SUBTREE,
                field="parent",
            )
        _check_parent_kind(node.kind, new_parent)
        if new_parent.is_archived:
            raise DomainError(
                _("Nodes cannot be moved under an archived node."),
                code=OrgsErrorCode.NODE_ARCHIVED,
                field="parent",
            )
        if node.kind != OrgNodeKind.SCHOOL_UNION and node.school_id != new_parent.school_id:
            raise DomainError(
                _("A branch or group cannot be moved into another school."),
                code=OrgsErrorCode.MOVE_ACROSS_SCHOOLS,
                field="parent",
            )
        if node.parent_id == new_parent.pk:
            return node
        old_parent_id, old_path = node.parent_id, node.path
        new_path = new_parent.path + path_segment(node.pk)
        depth_change = new_parent.depth + 1 - node.depth
        try:
            with transaction.atomic():
                OrgNode.objects.filter(pk=node.pk).update(parent=new_parent)
                OrgNode.objects.filter(subtree_q(old_path)).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + depth_change,
                    updated_at=timezone.now(),
                )
        except IntegrityError:
            raise _duplicate_name_error() from None
        node.refresh_from_db()
        audit.record(
            actor=actor,
            event=events.NODE_MOVED,
            target=node,
            changes={"parent": [old_parent_id, new_parent.pk], "path": [old_path, new_path]},
            node_path=node.path,
        )
        roles_changed(node_path=node.path)
    return node


def node_archive(*, actor: Actor, node: OrgNode) -> OrgNode:
    """Archive ``node``: hidden from pickers, kept with its history.

    Refused while the subtree has active members or live child nodes, so nobody is left in a
    node that no longer exists.
    """
    access.require(actor, P.MANAGE_NODE, node)
    with transaction.atomic(durable=True):
        node = OrgNode.objects.select_for_update().get(pk=node.pk)
        if node.is_archived:
            return node
        if node.children.filter(is_archived=False).exists():
            raise DomainError(
                _("Archive or move this node's sub-nodes first."),
                code=OrgsErrorCode.NODE_HAS_LIVE_CHILDREN,
            )
        blockers = archive_blockers(node)
        if blockers:
            code, reason = blockers[0]
            raise DomainError(reason, code=code)
        node.is_archived = True
        node.save(update_fields=["is_archived", "updated_at"])
        audit.record(
            actor=actor,
            event=events.NODE_ARCHIVED,
            target=node,
            changes={"is_archived": [False, True]},
            node_path=node.path,
        )
        roles_changed(node_path=node.path)
    return node


def node_restore(*, actor: Actor, node: OrgNode) -> OrgNode:
    """Bring an archived node back into use (its name must still be free)."""
    access.require(actor, P.MANAGE_NODE, node)
    with transaction.atomic(durable=True):
        node = OrgNode.objects.select_for_update().get(pk=node.pk)
        if not node.is_archived:
            return node
        if node.parent is not None and node.parent.is_archived:
            raise DomainError(_("Restore the parent node first."), code=OrgsErrorCode.NODE_ARCHIVED)
        node.is_archived = False
        try:
            with transaction.atomic():
                node.save(update_fields=["is_archived", "updated_at"])
        except IntegrityError:
            raise _duplicate_name_error() from None
        audit.record(
            actor=actor,
            event=events.NODE_RESTORED,
            target=node,
            changes={"is_archived": [True, False]},
            node_path=node.path,
        )
        roles_changed(node_path=node.path)
    return node


def _assign_permission(role: str) -> str:
    return ASSIGN_PERMISSION_FOR_ROLE.get(role, P.ASSIGN_ROLE)


def grantee_in_reach(actor: Actor, role: str, grantee: Any) -> bool:
    """Whether the grantee's person lies where ``actor`` may hand out ``role``. An account
    without a person (a technical account) is in reach of system admins only."""
    if actor.is_system:
        return True
    if grantee.person_id is None:
        return any(access.role_has(grant.role, P.ASSIGN_SYSTEM_ADMIN) for grant in actor.grants)
    return access.can_at(actor, _assign_permission(role), grantee.person.node.path)


def role_assign(
    *,
    actor: Actor,
    user_id: int,
    role: str,
    node: OrgNode,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> RoleAssignment:
    """Give a user ``role`` on ``node``.

    The assigner needs the role's assign permission on ``node``: a branch chair may appoint
    liaisons in their branch, the union office any role but system admin in its subtree.
    """
    if role not in Role.values or role == Role.MEMBER:
        raise ValidationFailed(
            _("This role cannot be assigned."), code=OrgsErrorCode.ROLE_NOT_ASSIGNABLE, field="role"
        )
    access.require_at(actor, _assign_permission(role), node)
    with transaction.atomic(durable=True):
        return role_grant(
            actor=actor, user_id=user_id, role=role, node=node, starts_on=starts_on, ends_on=ends_on
        )


def role_grant(
    *,
    actor: Actor,
    user_id: int,
    role: str,
    node: OrgNode,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> RoleAssignment:
    """Create the assignment inside the caller's transaction (the caller has checked access).

    Building block for ``role_assign`` and for appointing officers. Refuses a second open
    assignment of the same role on the same node, and a user id with no active account or
    whose person lies outside the subtrees where the actor may hand out ``role`` (a branch
    chair appoints people of their own branch only); both refusals read the same, so ids
    cannot be probed.
    """
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(_("The end date is before the start date."), field="ends_on")
    grantee = (
        get_user_model()
        .objects.filter(pk=user_id, is_active=True)
        .select_related("person__node")
        .first()
    )
    if grantee is None or not grantee_in_reach(actor, role, grantee):
        raise ValidationFailed(
            _("There is no active account with this id."),
            code=OrgsErrorCode.UNKNOWN_USER,
            field="user",
        )
    with transaction.atomic(savepoint=False):
        node = OrgNode.objects.select_for_update().get(pk=node.pk)
        if node.is_archived:
            raise DomainError(
                _("Roles cannot be given on an archived node."), code=OrgsErrorCode.NODE_ARCHIVED
            )
        if RoleAssignment.objects.filter(
            user_id=user_id, role=role, node=node, ends_on__isnull=True
        ).exists():
            raise DomainError(
                _("This person already holds this role on this node."),
                code=OrgsErrorCode.DUPLICATE_ROLE,
                field="role",
            )
        assignment = RoleAssignment(
            user_id=user_id,
            role=role,
            node=node,
            starts_on=starts_on,
            ends_on=ends_on,
            granted_by_id=actor.user_id,
        )
        assignment.save(force_insert=True)
        audit.record(
            actor=actor,
            event=events.ROLE_ASSIGNED,
            target=assignment,
            changes={"user": user_id, "role": role, "node": node.pk},
            node_path=node.path,
        )
        roles_changed(user_ids=[user_id])
    return assignment


def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> RoleAssignment:
    """Withdraw a role at once (it stays on record with the revocation time)."""
    access.require_at(actor, _assign_permission(assignment.role), assignment.node)
    with transaction.atomic(durable=True):
        return role_end(actor=actor, assignment=assignment)


def role_end(
    *, actor: Actor, assignment: RoleAssignment, ends_on: dt.date | None = None
) -> RoleAssignment:
    """End an assignment inside the caller's transaction (the caller has checked access).

    With ``ends_on`` the role lasts through that day (the end of an officer's term); without
    it the role is revoked now. Building block for ``role_revoke`` and ``officer_end``.
    """
    with transaction.atomic(savepoint=False):
        assignment = (
            RoleAssignment.objects.select_for_update().select_related("node").get(pk=assignment.pk)
        )
        if assignment.revoked_at is not None:
            return assignment
        today = timezone.localdate()
        before = {"ends_on": assignment.ends_on, "revoked_at": None}
        if ends_on is None or ends_on < today:
            assignment.revoked_at = timezone.now()
        end = max(ends_on or today, assignment.starts_on)
        if assignment.ends_on is None or end < assignment.ends_on:
            assignment.ends_on = end
        assignment.save(update_fields=["ends_on", "revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            event=events.ROLE_REVOKED,
            target=assignment,
            changes=audit.diff(
                before, {"ends_on": assignment.ends_on, "revoked_at": assignment.revoked_at}
            ),
            node_path=assignment.node.path,
        )
        roles_changed(user_ids=[assignment.user_id])
    return assignment
