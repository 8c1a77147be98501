"""The compact forms grouping and its memo hold: the same order, the same stories."""

from __future__ import annotations

import math
import random

import pytest

from timeline.stories.grouping import link_key, link_of


@pytest.mark.parametrize("seed", range(5))
def test_link_keys_sort_as_the_links_do(seed: int) -> None:
    rng = random.Random(seed)
    scores = [0.0, 0.3, 0.3 + 1e-16, 1.0, 1.5, 2.0, math.nextafter(0.6, 1.0), 5e-324, 1e300]
    links = [
        (rng.choice(scores + [rng.random() * 2]), rng.random() < 0.7,
         rng.randrange(2**32), rng.randrange(2**32))
        for _ in range(2000)
    ]
    expected = sorted(links, key=lambda x: (not x[1], -x[0], x[2], x[3]))
    keys = sorted(link_key(*link) for link in links)
    assert [link_of(k) for k in keys] == [(agree, i, j) for _, agree, i, j in expected]


def test_a_negative_zero_score_sorts_as_zero() -> None:
    assert link_key(-0.0, True, 1, 2) == link_key(0.0, True, 1, 2)
    assert link_key(-1.0, True, 0, 0) > link_key(0.0, True, 0, 0)  # lower score: later
