"""Top-k selection over a score array: the positions of the best scores, best first."""

from __future__ import annotations

import numpy as np


def top_positions(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the k best scores above 0, best first (equal scores in position order), and those scores.

    Only the positive scores are ranked: a question's terms occur in a small share of the chunks, so selecting among
    them costs a fraction of partitioning the whole array, which dominated a search's selection time."""
    positions = np.flatnonzero(scores > 0)
    if k <= 0 or not len(positions):
        return positions[:0], scores[:0]
    found = scores[positions]
    if len(positions) > k:
        # Everything scoring at least the k-th best, so that equal scores at the cut are chosen by position too.
        kept = found >= -np.partition(-found, k - 1)[k - 1]
        positions, found = positions[kept], found[kept]
    order = np.lexsort((positions, -found))[:k]
    return positions[order], found[order]
