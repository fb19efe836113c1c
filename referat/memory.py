"""Keeping a long-lived index off the cyclic garbage collector's path."""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """Collect what replaced snapshots left, then exempt every object alive now from the cyclic garbage collector.
    A snapshot's index is some 600,000 long-lived objects, and each full collection walked them all while every
    request waited: three pauses of 0.4-0.6 s in one 8-s load benchmark on Greve, one of 0.08 s with them frozen.
    Frozen objects are still freed by reference counting; what a replaced snapshot leaves in reference cycles is
    collected here, at the next swap."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
