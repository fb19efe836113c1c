"""What answers read of items, remembered: an item's terms and sentences are the same for every question, so they are
analysed once per snapshot instead of for every question that cites the item."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

from index.answers.sentences import ItemSentences, item_terms, read_sentences
from index.search.analysis import Vocabulary
from ingest.model import AgendaItem
from referat.lru import LruCache

log = logging.getLogger(__name__)

# Items remembered per snapshot (each some kB of terms, its sentences some tens of kB); the load benchmark's 120
# questions read about 400 distinct items.
ITEMS_REMEMBERED = 1024

# The most recently read items a newer snapshot reads again before it is swapped in: ~1.5 ms each, in the background.
READ_AGAIN = 512

_Read = TypeVar("_Read")


class _Remembered(Generic[_Read]):
    """What `read` gives for the last `size` items read; 0 remembers nothing."""

    def __init__(self, read: Callable[[AgendaItem], _Read], size: int) -> None:
        self._read = read
        self._known: LruCache[AgendaItem, _Read] = LruCache(size)

    def __len__(self) -> int:
        return len(self._known)

    def remembered_items(self) -> list[AgendaItem]:
        """The items remembered, least recently read first."""
        return self._known.keys()

    def __call__(self, item: AgendaItem) -> _Read:
        known = self._known.get(item)
        if known is None:
            known = self._read(item)  # not under the cache's lock: other requests go on meanwhile
            self._known.put(item, known)
        return known


class ItemReadings:
    """Items as read with one vocabulary (one snapshot's lexical index), remembered; shared by the request threads.
    Keyed by the item itself, not its id, so that an item rewritten under the same id is read afresh. `size` 0
    remembers nothing: every call reads the item again."""

    def __init__(self, vocabulary: Vocabulary, size: int = ITEMS_REMEMBERED,
                 indexed: Callable[[str], frozenset[str] | None] | None = None) -> None:
        self.vocabulary = vocabulary
        self._indexed = indexed
        self._terms = _Remembered(self._read_terms, size)
        self._sentences = _Remembered(lambda item: read_sentences(item, vocabulary), size)

    def _read_terms(self, item: AgendaItem) -> frozenset[str]:
        # The item index holds the terms of the item's whole text (its case number included) from the same
        # snapshot's analysis: only an item it does not hold is analysed here.
        known = self._indexed(item.id) if self._indexed is not None else None
        return known if known is not None else item_terms(item, self.vocabulary)

    def remembered(self) -> tuple[int, int]:
        """How many items' terms and sentences are remembered now."""
        return len(self._terms), len(self._sentences)

    def read_again(self, before: ItemReadings, load: Callable[[Sequence[str]], Mapping[str, AgendaItem]]) -> int:
        """Read now what `before` last read of items (what is being asked about: the READ_AGAIN most recent), from
        the items as `load` gives them now, so that no question waits for it after a newer snapshot is swapped in; how
        many items were read. Only a saving: an item that fails to load or read is left for a question to read."""
        reads = ((self.terms, [item.id for item in before._terms.remembered_items()[-READ_AGAIN:]]),
                 (self.sentences, [item.id for item in before._sentences.remembered_items()[-READ_AGAIN:]]))
        try:
            loaded = load(list(dict.fromkeys(item_id for _, ids in reads for item_id in ids)))
            for read, ids in reads:
                for item_id in ids:  # least recently read first, so that the most recent are the last forgotten
                    if (item := loaded.get(item_id)) is not None:
                        read(item)
        except Exception as error:  # the swap must not fail for a saving
            log.warning("items not read ahead for the new snapshot: %s", error)
            return 0
        return len(loaded)

    def terms(self, item: AgendaItem) -> frozenset[str]:
        """The terms of the item's title, case number and text."""
        return self._terms(item)

    def sentences(self, item: AgendaItem) -> ItemSentences:
        """The sentences the item may be quoted by, with their terms."""
        return self._sentences(item)
