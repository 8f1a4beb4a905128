"""Every change to clubs: ``from tongxin.clubs import services``.

Clubs build on activities (each session is an activity) and pay through funds.
"""

from .clubs import (
    club_archive,
    club_budget_set,
    club_create,
    club_leader_add,
    club_leader_end,
    club_update,
)
from .common import is_leader, may_lead
from .export import club_export
from .membership import club_join, club_leave, person_for
from .sessions import club_series_create, series_dates
from .spending import club_expense_post, club_expense_reverse

__all__ = [
    "club_archive",
    "club_budget_set",
    "club_create",
    "club_expense_post",
    "club_expense_reverse",
    "club_export",
    "club_join",
    "club_leader_add",
    "club_leader_end",
    "club_leave",
    "club_series_create",
    "club_update",
    "is_leader",
    "may_lead",
    "person_for",
    "series_dates",
]
