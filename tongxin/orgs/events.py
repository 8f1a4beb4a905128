"""Audit event kinds of the org tree."""

from django.utils.translation import gettext_lazy as _

NODE_CREATED = "org_node.created"
NODE_RENAMED = "org_node.renamed"
NODE_MOVED = "org_node.moved"
NODE_ARCHIVED = "org_node.archived"
NODE_RESTORED = "org_node.restored"
ROLE_ASSIGNED = "role_assignment.created"
ROLE_REVOKED = "role_assignment.revoked"
DEPARTMENT_CREATED = "school_department.created"
DEPARTMENT_UPDATED = "school_department.updated"
DEPARTMENT_DEACTIVATED = "school_department.deactivated"
DEPARTMENT_ACTIVATED = "school_department.activated"
HANDLER_ADDED = "department_handler.added"
HANDLER_REMOVED = "department_handler.removed"

LABELS = {
    NODE_CREATED: _("Node created"),
    NODE_RENAMED: _("Node renamed"),
    NODE_MOVED: _("Node moved"),
    NODE_ARCHIVED: _("Node archived"),
    NODE_RESTORED: _("Node restored"),
    ROLE_ASSIGNED: _("Role assigned"),
    ROLE_REVOKED: _("Role ended"),
    DEPARTMENT_CREATED: _("Department created"),
    DEPARTMENT_UPDATED: _("Department changed"),
    DEPARTMENT_DEACTIVATED: _("Department deactivated"),
    DEPARTMENT_ACTIVATED: _("Department reactivated"),
    HANDLER_ADDED: _("Department handler added"),
    HANDLER_REMOVED: _("Department handler removed"),
}
