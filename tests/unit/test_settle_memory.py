"""After the app opens or swaps a snapshot, what replaced snapshots left in reference cycles is collected and what
is alive is kept out of the garbage collector's full collections."""

from __future__ import annotations

import gc
import platform
import weakref
from collections.abc import Iterator

import pytest

from referat.memory import settle_memory


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the test run as before


def test_what_is_alive_is_frozen() -> None:
    gc.unfreeze()
    settle_memory()
    assert gc.get_freeze_count() > 0


def test_a_cycle_frozen_earlier_is_collected_once_dropped() -> None:
    left = Node()
    gone = weakref.ref(left)
    settle_memory()
    del left
    settle_memory()
    assert gone() is None


def test_free_heap_pages_go_back_to_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    from referat import memory

    trims: list[int] = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: trims.append(pad) or 1)
    settle_memory()
    assert trims == [0]
    assert (memory._malloc_trim() is not None) == (platform.libc_ver()[0] == "glibc")
