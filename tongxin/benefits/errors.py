from enum import StrEnum


class BenefitsErrorCode(StrEnum):
    FESTIVAL_NOT_ALLOWED = "festival_not_allowed"
    INVALID_UNIT_COST = "invalid_unit_cost"
    SOURCE_REQUIRED = "source_required"
    NOT_ON_LIST = "not_on_list"
    ALREADY_SIGNED = "already_signed"
    NOT_SIGNABLE = "not_signable"
    PROXY_NAME_REQUIRED = "proxy_name_required"
    ADDRESS_REQUIRED = "address_required"
    OVERRIDE_REASON_REQUIRED = "override_reason_required"
    NO_RECIPIENTS = "no_recipients"
    CAP_EXCEEDED = "cap_exceeded"
    BATCH_NOT_OPEN = "batch_not_open"
    NOT_A_NODE_OF_SCHOOL = "not_a_node_of_school"
