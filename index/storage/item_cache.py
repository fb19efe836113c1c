"""Agenda items as one snapshot serves them, remembered: the best items of one question are often those of the next
(citizens ask about the same cases), and loading an item from the catalog (its row, its sections' JSON) costs more
than ranking it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from ingest.model import AgendaItem
from referat.lru import LruCache

# Items remembered (an item and its sections are some kB, 2,048 of them ~16 MB; a search shows 10 of them, and the
# 292 Greve dev searches show 1,389 distinct items: fewer than that and a round of them finds none remembered).
ITEMS_REMEMBERED = 2048


class ItemSource(Protocol):
    """Where items are loaded from (the snapshot's catalog)."""

    def items(self, item_ids: Iterable[str]) -> dict[str, AgendaItem]: ...


class ItemCache:
    """The last `size` items loaded from one snapshot's catalog, least recently used forgotten first; shared by the
    request threads. It belongs to one snapshot: a newer snapshot starts empty, so an item rewritten by an ingest is
    served as it now is once that ingest is published (until then the snapshot's own, older index answers)."""

    def __init__(self, catalog: ItemSource, size: int = ITEMS_REMEMBERED) -> None:
        self._catalog = catalog
        self._known: LruCache[str, AgendaItem] = LruCache(size)

    def __len__(self) -> int:
        return len(self._known)

    def items(self, item_ids: Sequence[str]) -> dict[str, AgendaItem]:
        """The items of these ids that the catalog holds, as `Catalog.items` gives them."""
        found = {item_id: item for item_id in item_ids if (item := self._known.get(item_id)) is not None}
        missing = [i for i in item_ids if i not in found]
        if missing:
            loaded = self._catalog.items(missing)  # not under the cache's lock: other requests go on meanwhile
            found.update(loaded)
            for item_id, item in loaded.items():
                self._known.put(item_id, item)
        return found
