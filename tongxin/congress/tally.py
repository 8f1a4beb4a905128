"""Counting ballots and building the bulletin: pure functions over ballot contents, so the
services, the published bulletin's recount and the tests all count the same way.

Ballot contents (canonical JSON, hashed for the bulletin):
- a motion: ``{"choice": "yes" | "no" | "abstain"}``;
- an election round: ``{"marks": {"<candidate id>": "yes" | "no" | "abstain"}, "write_ins":
  ["name", ...]}`` — a candidate left out is not voted for; a write-in (lingxuan taren) is a vote for
  that name.

Bulletin: ballots sorted by receipt code, ``h_0 = SHA-256("tongxin-congress-poll:<id>")`` and
``h_i = SHA-256(h_{i-1} ‖ code_i ‖ H(ballot_i))`` with ``H`` the SHA-256 of the canonical JSON.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)
WRITE_IN_PREFIX = "+"


def canonical(content: Mapping[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def ballot_digest(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode()).hexdigest()


def chain_start(poll_id: int) -> str:
    return hashlib.sha256(f"tongxin-congress-poll:{poll_id}".encode()).hexdigest()


def chain_next(previous: str, receipt: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}{receipt}{digest}".encode()).hexdigest()


def bulletin_chain(poll_id: int, entries: Iterable[tuple[str, str]]) -> list[str]:
    """The chain hashes of ``(receipt, digest)`` entries, in receipt-code order."""
    head = chain_start(poll_id)
    hashes = []
    for receipt, digest in sorted(entries):
        head = chain_next(head, receipt, digest)
        hashes.append(head)
    return hashes


def majority(votes: int, base: int) -> bool:
    """More than half of ``base`` (integer arithmetic: 2 x votes > base)."""
    return 2 * votes > base


@dataclass
class MotionTally:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    invalid: int = 0

    @property
    def returned(self) -> int:
        return self.yes + self.no + self.abstain + self.invalid


def tally_motion(contents: Iterable[Mapping[str, Any]]) -> MotionTally:
    tally = MotionTally()
    for content in contents:
        choice = content.get("choice")
        if choice == YES:
            tally.yes += 1
        elif choice == NO:
            tally.no += 1
        elif choice == ABSTAIN:
            tally.abstain += 1
        else:
            tally.invalid += 1
    return tally


def election_ballot_valid(
    content: Mapping[str, Any], *, candidate_ids: Sequence[int], seats: int
) -> bool:
    """A ballot is valid when its marks are well-formed and it votes yes for at most ``seats``
    people (candidates marked yes plus write-ins)."""
    marks = content.get("marks", {})
    write_ins = content.get("write_ins", [])
    if not isinstance(marks, dict) or not isinstance(write_ins, list):
        return False
    known = {str(pk) for pk in candidate_ids}
    if any(key not in known or value not in CHOICES for key, value in marks.items()):
        return False
    names = [" ".join(str(name).split()) for name in write_ins]
    if any(not name or len(name) > 50 for name in names) or len(set(names)) != len(names):
        return False
    chosen = sum(1 for value in marks.values() if value == YES) + len(names)
    return chosen <= seats


@dataclass
class RoundTally:
    returned: int = 0
    valid: int = 0
    invalid: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # candidate id → choices
    write_ins: dict[str, int] = field(default_factory=dict)  # name → yes votes
    elected: list[str] = field(default_factory=list)  # keys: candidate id, or "+name"
    runoff: list[str] = field(default_factory=list)
    runoff_seats: int = 0
    unfilled: int = 0

    def votes(self, key: str) -> int:
        if key.startswith(WRITE_IN_PREFIX):
            return self.write_ins.get(key[1:], 0)
        return self.counts.get(key, {}).get(YES, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "counts": self.counts,
            "write_ins": self.write_ins,
            "elected": self.elected,
            "runoff": self.runoff,
            "runoff_seats": self.runoff_seats,
            "unfilled": self.unfilled,
        }


def tally_round(
    contents: Iterable[Mapping[str, Any]],
    *,
    candidate_ids: Sequence[int],
    seats: int,
    base: int,
) -> RoundTally:
    """Count one election round.

    A ballot choosing more people than seats is invalid. A candidate (or written-in name) is
    elected with yes votes from more than half of ``base`` (those entitled to vote). If more
    pass than there are seats, the highest win; a tie across the last seat goes to a run-off
    among the tied for the seats left; seats nobody filled need a further round.
    """
    tally = RoundTally(counts={str(pk): {YES: 0, NO: 0, ABSTAIN: 0} for pk in candidate_ids})
    for content in contents:
        tally.returned += 1
        if not election_ballot_valid(content, candidate_ids=candidate_ids, seats=seats):
            tally.invalid += 1
            continue
        tally.valid += 1
        marks = content.get("marks", {})
        for key in tally.counts:
            choice = marks.get(key)
            if choice in CHOICES:
                tally.counts[key][choice] += 1
        for name in content.get("write_ins", []):
            clean = " ".join(str(name).split())
            tally.write_ins[clean] = tally.write_ins.get(clean, 0) + 1
    keys = list(tally.counts) + [WRITE_IN_PREFIX + name for name in sorted(tally.write_ins)]
    passed = sorted(
        (key for key in keys if majority(tally.votes(key), base)),
        key=lambda key: (-tally.votes(key), key),
    )
    if len(passed) <= seats:
        tally.elected = passed
    else:
        boundary = tally.votes(passed[seats - 1])
        above = [key for key in passed if tally.votes(key) > boundary]
        tied = [key for key in passed if tally.votes(key) == boundary]
        if len(above) + len(tied) == seats:
            tally.elected = above + tied
        else:
            tally.elected = above
            tally.runoff = tied
            tally.runoff_seats = seats - len(above)
    tally.unfilled = seats - len(tally.elected) - tally.runoff_seats
    return tally
