"""Every write of the staff congress. ``from tongxin.congress import services``."""

from .elections import candidate_add, election_create, election_open_round
from .polls import (
    ballot_cast,
    hands_record,
    motion_create,
    paper_ballot_enter,
    paper_issue,
    poll_close,
    poll_open,
)
from .roll import (
    committee_create,
    committee_member_add,
    committee_member_end,
    delegation_create,
    delegation_set_head,
    representative_end,
    representative_replace,
    representative_seat,
    roll_confirm,
    term_create,
    term_update_rules,
)
from .sessions import (
    agenda_item_add,
    session_check_in,
    session_check_in_by_list,
    session_close,
    session_create,
    session_open,
)

__all__ = [
    "agenda_item_add",
    "ballot_cast",
    "candidate_add",
    "committee_create",
    "committee_member_add",
    "committee_member_end",
    "delegation_create",
    "delegation_set_head",
    "election_create",
    "election_open_round",
    "hands_record",
    "motion_create",
    "paper_ballot_enter",
    "paper_issue",
    "poll_close",
    "poll_open",
    "representative_end",
    "representative_replace",
    "representative_seat",
    "roll_confirm",
    "session_check_in",
    "session_check_in_by_list",
    "session_close",
    "session_create",
    "session_open",
    "term_create",
    "term_update_rules",
]
