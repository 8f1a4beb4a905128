"""Weighted scores and the ranking of a call's accepted works (pure arithmetic, no access).

A judge's score of a work is the weighted mean of their criterion scores (weights as set on
the call); only a judge who scored every criterion counts. A work's final score is the plain
mean of its judges' scores. Works rank by final score (highest first); equal scores share a
rank (1, 1, 3); works nobody has fully scored come last, unranked.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def judge_score(values: Mapping[int, int], weights: Mapping[int, int]) -> Decimal | None:
    """One judge's weighted mean over all criteria, or None if a criterion is missing."""
    if not weights or any(criterion not in values for criterion in weights):
        return None
    total = sum((Decimal(values[c]) * weights[c] for c in weights), Decimal(0))
    return total / sum(weights.values())


def final_score(per_judge: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the judges' complete scores, rounded to 2 places (None if there are none)."""
    complete = [score for score in per_judge if score is not None]
    if not complete:
        return None
    return (sum(complete, Decimal(0)) / len(complete)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class RankRow:
    work_id: int
    score: Decimal | None
    judges: int
    rank: int | None = None


def rank(
    work_ids: Iterable[int],
    scores: Iterable[tuple[int, int, int, int]],
    weights: Mapping[int, int],
) -> list[RankRow]:
    """Rank works from ``(work_id, judge_id, criterion_id, value)`` score rows."""
    by_work: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for work_id, judge_id, criterion_id, value in scores:
        by_work[work_id][judge_id][criterion_id] = value
    rows = []
    for work_id in work_ids:
        per_judge = [judge_score(values, weights) for values in by_work[work_id].values()]
        rows.append(
            RankRow(
                work_id=work_id,
                score=final_score(per_judge),
                judges=sum(1 for score in per_judge if score is not None),
            )
        )
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.work_id))
    previous: Decimal | None = None
    for index, row in enumerate(rows, start=1):
        if row.score is None:
            break
        row.rank = rows[index - 2].rank if index > 1 and row.score == previous else index
        previous = row.score
    return rows
