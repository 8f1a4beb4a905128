"""The lottery draw itself, free of the database: tickets, the greedy allocation, replay.

Algorithm ``sha256-ticket-v1``: each candidate's ticket is the hex SHA-256 of
``"<seed>:<sign_up_id>"``. Tickets are taken in ascending order; each gets a place if one is
free for it (total, its branch's quota, its slot's capacity), otherwise the next waitlist
position. Anyone can recompute it from the published seed, candidates and free places.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .models import LotteryDraw

ALGORITHM = "sha256-ticket-v1"


def ticket(seed: str, sign_up_id: int) -> str:
    return hashlib.sha256(f"{seed}:{sign_up_id}".encode()).hexdigest()


def run_draw(
    seed: str, candidates: Sequence[Sequence[Any]], capacity: dict
) -> tuple[list[int], list[int]]:
    """Winners and waitlist (both in ticket order) for ``[[id, branch, slot], …]``."""
    total = capacity.get("total")
    branches = {int(k): v for k, v in capacity.get("branches", {}).items()}
    slots = {int(k): v for k, v in capacity.get("slots", {}).items()}
    winners: list[int] = []
    waitlist: list[int] = []
    for sign_up_id, branch_id, slot_id in sorted(
        candidates, key=lambda c: (ticket(seed, int(c[0])), int(c[0]))
    ):
        fits = (total is None or total > 0) and branches.get(branch_id, 1) > 0
        fits = fits and (slot_id is None or slots.get(slot_id, 0) > 0)
        if not fits:
            waitlist.append(sign_up_id)
            continue
        winners.append(sign_up_id)
        if total is not None:
            total -= 1
        if branch_id in branches:
            branches[branch_id] -= 1
        if slot_id is not None:
            slots[slot_id] -= 1
    return winners, waitlist


@dataclass(frozen=True)
class Replay:
    winner_ids: list[int]
    waitlist_ids: list[int]
    matches: bool


def lottery_replay(draw: LotteryDraw) -> Replay:
    """Recompute a draw from its recorded seed, candidates and free places."""
    winners, waitlist = run_draw(draw.seed, draw.candidates, draw.capacity)
    return Replay(winners, waitlist, winners == draw.winner_ids and waitlist == draw.waitlist_ids)
