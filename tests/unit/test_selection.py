"""Top-k selection: the best positive scores, best first, equal scores in position order."""

from __future__ import annotations

import numpy as np

from index.search.selection import top_positions


def _top(scores: list[float], k: int) -> tuple[list[int], list[float]]:
    positions, found = top_positions(np.array(scores, dtype=np.float32), k)
    return positions.tolist(), found.tolist()


def test_the_best_come_first_and_zero_scores_never() -> None:
    assert _top([0.0, 3.0, 0.0, 1.0, 2.0], 10) == ([1, 4, 3], [3.0, 2.0, 1.0])


def test_equal_scores_come_in_position_order_also_at_the_cut() -> None:
    assert _top([1.0, 2.0, 1.0, 2.0, 1.0, 0.5], 3) == ([1, 3, 0], [2.0, 2.0, 1.0])


def test_nothing_to_rank() -> None:
    assert _top([0.0, 0.0], 3) == ([], [])
    assert _top([1.0], 0) == ([], [])
