"""Audit event kinds of the org tree."""

from django.utils.translation import gettext_lazy as _

NODE_CREATED = "org_node.created"
NODE_RENAMED = "org_node.renamed"
NODE_MOVED = "org_node.moved"
NODE_ARCHIVED = "org_node.archived"
NODE_RESTORED = "org_node.restored"
ROLE_ASSIGNED = "role_assignment.created"
ROLE_REVOKED = "role_assignment.revoked"

LABELS = {
    NODE_CREATED: _("Node created"),
    NODE_RENAMED: _("Node renamed"),
    NODE_MOVED: _("Node moved"),
    NODE_ARCHIVED: _("Node archived"),
    NODE_RESTORED: _("Node restored"),
    ROLE_ASSIGNED: _("Role assigned"),
    ROLE_REVOKED: _("Role ended"),
}
