from enum import StrEnum


class OrgsErrorCode(StrEnum):
    INVALID_PARENT = "invalid_parent"
    MOVE_INTO_OWN_SUBTREE = "move_into_own_subtree"
    MOVE_ACROSS_SCHOOLS = "move_across_schools"
    NODE_HAS_ACTIVE_MEMBERS = "node_has_active_members"
    NODE_HAS_LIVE_CHILDREN = "node_has_live_children"
    NODE_ARCHIVED = "node_archived"
    DUPLICATE_NAME = "duplicate_name"
    DUPLICATE_ROLE = "duplicate_role"
    ROLE_NOT_ASSIGNABLE = "role_not_assignable"
    NOT_A_SCHOOL = "not_a_school"
    DUPLICATE_DEPARTMENT = "duplicate_department"
    DEPARTMENT_INACTIVE = "department_inactive"
    DUPLICATE_HANDLER = "duplicate_handler"
    UNKNOWN_USER = "unknown_user"
