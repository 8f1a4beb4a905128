"""Who may see and change the org tree, role assignments and audit history."""

from enum import StrEnum

from .choices import Role


class OrgsPermission(StrEnum):
    VIEW_NODE = "orgs.view_node"
    MANAGE_NODE = "orgs.manage_node"
    VIEW_ROLE_ASSIGNMENT = "orgs.view_role_assignment"
    ASSIGN_ROLE = "orgs.assign_role"
    ASSIGN_LIAISON = "orgs.assign_liaison"
    ASSIGN_SYSTEM_ADMIN = "orgs.assign_system_admin"
    VIEW_HISTORY = "orgs.view_history"
    VIEW_DEPARTMENT = "orgs.view_department"
    MANAGE_DEPARTMENT = "orgs.manage_department"


P = OrgsPermission
_OFFICE_ROLES = (
    Role.LIAISON,
    Role.BRANCH_CHAIR,
    Role.FINANCE_OFFICER,
    Role.AUDIT_COMMITTEE,
    Role.CONGRESS_SECRETARIAT,
    Role.PROPOSAL_COMMITTEE,
    Role.HANDLING_DEPARTMENT,
)

ROLE_PERMISSIONS: dict[str, set[str]] = {role: {P.VIEW_NODE} for role in _OFFICE_ROLES}
ROLE_PERMISSIONS[Role.BRANCH_CHAIR] |= {P.VIEW_ROLE_ASSIGNMENT, P.ASSIGN_LIAISON, P.VIEW_HISTORY}
ROLE_PERMISSIONS[Role.AUDIT_COMMITTEE] |= {P.VIEW_ROLE_ASSIGNMENT, P.VIEW_HISTORY}
ROLE_PERMISSIONS[Role.UNION_OFFICE] = {
    P.VIEW_NODE,
    P.MANAGE_NODE,
    P.VIEW_ROLE_ASSIGNMENT,
    P.ASSIGN_ROLE,
    P.ASSIGN_LIAISON,
    P.VIEW_HISTORY,
}
# Only a system admin (who holds every permission) may create another system admin.
ROLE_PERMISSIONS[Role.SYSTEM_ADMIN] = {P.ASSIGN_SYSTEM_ADMIN}
# School departments: the union office keeps the list and its handlers; the congress side and
# the departments themselves read it.
ROLE_PERMISSIONS[Role.UNION_OFFICE] |= {P.VIEW_DEPARTMENT, P.MANAGE_DEPARTMENT}
for _role in (
    Role.AUDIT_COMMITTEE,
    Role.CONGRESS_SECRETARIAT,
    Role.PROPOSAL_COMMITTEE,
    Role.HANDLING_DEPARTMENT,
):
    ROLE_PERMISSIONS[_role] |= {P.VIEW_DEPARTMENT}

OWN_PERMISSIONS: set[str] = set()

# The permission an assigner needs on the node to hand out each role.
ASSIGN_PERMISSION_FOR_ROLE: dict[str, str] = {
    Role.LIAISON: P.ASSIGN_LIAISON,
    Role.SYSTEM_ADMIN: P.ASSIGN_SYSTEM_ADMIN,
}
