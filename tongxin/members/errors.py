from enum import StrEnum


class MembersErrorCode(StrEnum):
    DUPLICATE_STAFF_NUMBER = "duplicate_staff_number"
    DUPLICATE_ID_NUMBER = "duplicate_id_number"
    INVALID_ID_NUMBER = "invalid_id_number"
    INVALID_PHONE = "invalid_phone"
    INVALID_DATE = "invalid_date"
    NODE_NOT_IN_SCHOOL = "node_not_in_school"
    NODE_ARCHIVED = "node_archived"
    NODE_HAS_ACTIVE_MEMBERS = "node_has_active_members"
    NOT_A_MEMBER = "not_a_member"
    ALREADY_MEMBER = "already_member"
    ALREADY_APPLIED = "already_applied"
    NOT_ELIGIBLE = "not_eligible"
    DATE_BEFORE_LAST_EVENT = "date_before_last_event"
    SAME_NODE = "same_node"
    DUPLICATE_OFFICER = "duplicate_officer"
    IMPORT_INVALID_FILE = "import_invalid_file"
    IMPORT_HAS_ERRORS = "import_has_errors"
    IMPORT_STALE = "import_stale"
    IMPORT_ALREADY_APPLIED = "import_already_applied"
