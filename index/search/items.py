"""Item-level lexical scoring: each agenda item seen whole, not only through its best chunk.

An item becomes ~1,500-character windows of its text, each with the title in front, and a first window that holds
what the item is about and what came of it (title, recommendation, decision). BM25 over the windows with the same
analyzer as the chunks (stems, codes, compound parts); an item scores by its best window. Built once per catalog
version, together with the spelling corrector over the same texts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from index.model import Filters
from index.search.spelling import SpellingCorrector
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem

log = logging.getLogger(__name__)

WINDOW = 1500
OVERLAP = 300


def item_windows(item: AgendaItem, size: int = WINDOW, overlap: int = OVERLAP) -> list[str]:
    """The item's summary window (title, recommendation, decision), then its text in overlapping windows, each
    after the first with the title in front."""
    summary = "\n".join(part for part in (item.title, item.recommendation, item.decision) if part)[:size]
    text = item.text
    step = max(size - overlap, 1)
    body = [text[start:start + size] if start == 0 else f"{item.title}\n{text[start:start + size]}"
            for start in range(0, max(len(text) - overlap, 1), step)]
    return [summary, *body]


@dataclass(frozen=True, slots=True)
class ItemRanking:
    """Item ids best first, with their best window's score."""

    item_ids: tuple[str, ...]
    scores: tuple[float, ...]


class ItemIndex:
    def __init__(self, retriever: bm25s.BM25 | None, window_items: Sequence[str], window_chunks: np.ndarray,
                 lexical: LexicalIndex, spelling: SpellingCorrector, has_decision: dict[str, bool]) -> None:
        self._retriever = retriever
        self._window_items = list(window_items)
        # A chunk of each window's item: the chunk table's filter mask, read at these positions, filters windows.
        self._window_chunks = window_chunks
        self.lexical = lexical
        self.version = lexical.version
        self.spelling = spelling
        self.has_decision = has_decision

    @classmethod
    def build(cls, items: Sequence[AgendaItem], lexical: LexicalIndex) -> ItemIndex:
        table = lexical.table
        first_chunk: dict[str, int] = {}
        for position, item_id in enumerate(table.item_ids):
            first_chunk.setdefault(item_id, position)
        window_items, window_chunks, texts = [], [], []
        for item in items:
            if item.id not in first_chunk:
                continue
            for window in item_windows(item):
                window_items.append(item.id)
                window_chunks.append(first_chunk[item.id])
                texts.append(window)
        retriever = None
        if texts:
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index([lexical.terms(t) for t in texts], show_progress=False)
        log.info("item index: %d windows of %d items", len(texts), len(first_chunk))
        spelling = SpellingCorrector.from_texts([item.text for item in items])
        has_decision = {item.id: item.decision is not None for item in items}
        return cls(retriever, window_items, np.asarray(window_chunks, dtype=np.int64), lexical, spelling,
                   has_decision)

    def rank(self, query: str, n: int, filters: Filters = Filters()) -> ItemRanking:
        """The n best items for the query within the filters, by their best window."""
        terms = self.lexical.terms(query)
        if self._retriever is None or not terms or n <= 0:
            return ItemRanking((), ())
        chunk_mask = self.lexical.table.mask(filters)
        mask = chunk_mask[self._window_chunks] if chunk_mask is not None else None
        if mask is not None and not mask.any():
            return ItemRanking((), ())
        # n_threads=0: in the request's own thread (any other number starts a thread pool for every query).
        docs, scores = self._retriever.retrieve(
            [terms], k=min(n * 4, len(self._window_items)), show_progress=False, n_threads=0,
            weight_mask=mask.astype(np.float32) if mask is not None else None)
        best: dict[str, float] = {}
        for doc, score in zip(docs[0].tolist(), scores[0].tolist(), strict=True):  # Python numbers: a faster loop
            if score > 0:
                best.setdefault(self._window_items[doc], score)
        ranked = list(best)[:n]
        return ItemRanking(tuple(ranked), tuple(best[i] for i in ranked))

    def correct(self, query: str) -> str:
        """The query with words the corpus does not know replaced by their nearest corpus word."""
        decompounder = self.lexical.analyzer.decompounder
        return self.spelling.correct(query, lambda word: bool(decompounder.split(word)))
