"""The demo's charity drive adds up to the seed's figures whatever the random draw."""

import random

import pytest

from tongxin.demo import donations as demo
from tongxin.demo.data import donations as data


class _Ctx:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)


@pytest.mark.parametrize("seed", [1, 7, 20202021])
def test_demo_gifts_add_up_to_the_seed_total(seed):
    amounts = demo._amounts(_Ctx(seed), data.DONORS, data.TOTAL_YUAN)
    assert len(amounts) == 310
    assert sum(amounts) == 20_819
    assert min(amounts) >= 10
    # nearly all gifts are the typical round amounts
    typical = {amount for amount, _weight in data.AMOUNTS}
    assert sum(1 for amount in amounts if amount not in typical) <= 1
