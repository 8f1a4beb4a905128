from enum import StrEnum


class ApprovalsErrorCode(StrEnum):
    UNKNOWN_FLOW = "unknown_flow"
    ALREADY_OPEN = "approval_already_open"
    NOT_PENDING = "approval_not_pending"
    STEP_CHANGED = "approval_step_changed"
    COMMENT_REQUIRED = "comment_required"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
