"""Every change to submission calls: calls, judges, prizes, works, screening, scores, awards.

Re-exported here: ``from tongxin.submissions import services``.
"""

from .calls import (
    call_create,
    call_open,
    call_start_judging,
    call_update,
    judge_appoint,
    judge_remove,
    prize_level_add,
    prize_level_remove,
)
from .exports import call_results_export
from .prizes import award_grant, award_revoke, awards_from_ranking, call_publish, participant_count
from .scoring import score_set
from .works import work_accept, work_reject, work_submit, work_withdraw

__all__ = [
    "award_grant",
    "award_revoke",
    "awards_from_ranking",
    "call_create",
    "call_open",
    "call_publish",
    "call_results_export",
    "call_start_judging",
    "call_update",
    "judge_appoint",
    "judge_remove",
    "participant_count",
    "prize_level_add",
    "prize_level_remove",
    "score_set",
    "work_accept",
    "work_reject",
    "work_submit",
    "work_withdraw",
]
