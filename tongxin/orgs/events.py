"""Audit event kinds of the org tree."""

NODE_CREATED = "org_node.created"
NODE_RENAMED = "org_node.renamed"
NODE_MOVED = "org_node.moved"
NODE_ARCHIVED = "org_node.archived"
NODE_RESTORED = "org_node.restored"
ROLE_ASSIGNED = "role_assignment.created"
ROLE_REVOKED = "role_assignment.revoked"
