from enum import StrEnum


class ProposalErrorCode(StrEnum):
    NOT_A_REPRESENTATIVE = "not_a_representative"
    COLLECTION_NOT_OPEN = "collection_not_open"
    COLLECTION_CLOSED = "collection_closed"
    COLLECTION_STILL_OPEN = "collection_still_open"
    COLLECTION_DATES = "collection_dates"
    COLLECTION_EXISTS = "collection_exists"
    NO_TERM = "no_term"
    ALREADY_CO_SIGNED = "already_co_signed"
    OWN_PROPOSAL = "own_proposal"
    TOO_FEW_CO_SIGNERS = "too_few_co_signers"
    NOT_THE_PROPOSER = "not_the_proposer"
    MERGE_TARGET = "merge_target"
    DEPARTMENT_INVALID = "department_invalid"
    NOT_LEAD_DEPARTMENT = "not_lead_department"
    NOT_A_RATER = "not_a_rater"
    ALREADY_RATED = "already_rated"
    BAD_ATTACHMENT = "bad_attachment"
    DUE_BEFORE_ASSIGNED = "due_before_assigned"
