from enum import StrEnum


class VoiceErrorCode(StrEnum):
    WISH_EXISTS = "wish_exists"
    NOT_ELIGIBLE = "not_eligible"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_PREVIOUS_STEP = "date_before_previous_step"
    NOTE_REQUIRED = "note_required"
    DEPARTMENT_INACTIVE = "department_inactive"
    DEPARTMENT_NOT_IN_SCHOOL = "department_not_in_school"
    DUE_BEFORE_ROUTED = "due_before_routed"
    NOT_A_BRANCH = "not_a_branch"
    PERSON_NOT_IN_SCHOOL = "person_not_in_school"
    PERSON_NOT_IN_BRANCH = "person_not_in_branch"
    DEPARTMENT_OWES_REPLIES = "department_owes_replies"
    UNKNOWN_PERSON = "unknown_person"
