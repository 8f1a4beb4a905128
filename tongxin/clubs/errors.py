from enum import StrEnum


class ClubsErrorCode(StrEnum):
    INVALID_CLUB = "invalid_club"
    DUPLICATE_NAME = "duplicate_name"
    ARCHIVED = "archived"
    ALREADY_MEMBER = "already_member"
    NOT_MEMBER = "not_member"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_LEADER = "already_leader"
    NOT_LEADER = "not_leader"
    INVALID_DATE = "invalid_date"
    INVALID_SERIES = "invalid_series"
    INVALID_AMOUNT = "invalid_amount"
    WRONG_CATEGORY = "wrong_category"
    CLUB_BUDGET_EXCEEDED = "club_budget_exceeded"
    ALREADY_REVERSED = "already_reversed"
    NO_PERSON = "no_person"
