"""Reads of submission calls, scoped through ``orgs.access``."""

from .calls import (
    RankedWork,
    call_get,
    call_get_for_member,
    call_list,
    call_ranking,
    calls_open_for,
    calls_to_judge,
    gallery,
    in_audience,
    judge_of,
)
from .works import work_file_get, work_get, work_list, works_mine, works_to_judge

__all__ = [
    "RankedWork",
    "call_get",
    "call_get_for_member",
    "call_list",
    "call_ranking",
    "calls_open_for",
    "calls_to_judge",
    "gallery",
    "in_audience",
    "judge_of",
    "work_file_get",
    "work_get",
    "work_list",
    "works_mine",
    "works_to_judge",
]
