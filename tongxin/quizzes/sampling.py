"""Drawing an attempt's questions: a pure function of the seed and the pool, so a review can
replay exactly what a person was asked (``draw(attempt.seed, pool, …)``).

The pool is given as (category id, count or None, question ids) with the ids sorted, so the
same seed always gives the same questions in the same order with the same option orders.
"""

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PoolPart:
    category_id: int
    count: int | None
    question_ids: tuple[int, ...]


@dataclass(frozen=True)
class Drawn:
    question_id: int
    option_order: tuple[int, ...]


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


def draw(
    seed: int,
    pool: Sequence[PoolPart],
    *,
    total: int | None,
    option_counts: dict[int, int],
    shuffle_questions: bool,
    shuffle_options: bool,
) -> list[Drawn]:
    """The questions of one attempt in the order asked.

    Rules: each part gives ``count`` questions drawn at random from its category (all of them
    when ``count`` is None); then, if ``total`` is set, that many are drawn from the lot.
    Without shuffling, questions keep bank order (category by category, oldest first) and
    options keep A, B, C…; ``option_counts`` is the number of options per question (0 keeps a
    true/false question's fixed order).
    """
    rng = random.Random(seed)  # noqa: S311 - a replayable draw, not a secret
    chosen: list[int] = []
    for part in pool:
        ids = sorted(part.question_ids)
        if part.count is not None and part.count < len(ids):
            ids = sorted(rng.sample(ids, part.count))
        chosen.extend(ids)
    if total is not None and total < len(chosen):
        keep = set(rng.sample(chosen, total))
        chosen = [qid for qid in chosen if qid in keep]
    if shuffle_questions:
        rng.shuffle(chosen)
    result = []
    for qid in chosen:
        order = list(range(option_counts.get(qid, 0)))
        if shuffle_options and order:
            rng.shuffle(order)
        result.append(Drawn(question_id=qid, option_order=tuple(order)))
    return result


def pool_size(pool: Sequence[PoolPart], total: int | None) -> int:
    """How many questions one attempt asks with this pool."""
    count = sum(
        len(part.question_ids) if part.count is None else min(part.count, len(part.question_ids))
        for part in pool
    )
    return count if total is None else min(total, count)
