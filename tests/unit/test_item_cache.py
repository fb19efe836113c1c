"""Items a snapshot serves are loaded from its catalog once, remembered up to a bound, and are the catalog's own."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from index.storage.item_cache import ItemCache
from ingest.model import AgendaItem, Meeting, MeetingKind

MEETING = Meeting("m1", "Greve", "Økonomiudvalget", date(2024, 3, 4), None, None, MeetingKind.REFERAT, "m1.json")
ITEMS = {f"i{n}": AgendaItem(f"i{n}", MEETING, str(n), f"Punkt {n}", None, ()) for n in range(4)}


class Counting:
    """A catalog that counts the ids it is asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def items(self, item_ids: Iterable[str]) -> dict[str, AgendaItem]:
        ids = list(item_ids)
        self.asked += ids
        return {i: ITEMS[i] for i in ids if i in ITEMS}


def test_the_cache_gives_what_the_catalog_holds() -> None:
    cache = ItemCache(Counting())
    assert cache.items(["i2", "missing", "i0"]) == {"i2": ITEMS["i2"], "i0": ITEMS["i0"]}


def test_an_item_is_loaded_once() -> None:
    catalog = Counting()
    cache = ItemCache(catalog)
    cache.items(["i1", "i2"])
    cache.items(["i2", "i3"])
    assert catalog.asked == ["i1", "i2", "i3"]


def test_the_least_recently_used_item_is_forgotten_past_the_bound() -> None:
    catalog = Counting()
    cache = ItemCache(catalog, size=2)
    cache.items(["i0", "i1"])
    cache.items(["i0"])
    cache.items(["i2"])
    cache.items(["i0", "i1"])
    assert catalog.asked == ["i0", "i1", "i2", "i1"]
