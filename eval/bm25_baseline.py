"""The plain BM25 baseline: what anyone would build first with a Danish stemmer and bm25s, and what the product's
retrieval must beat on questions nobody tuned for.

Each agenda item becomes ~1,500-character windows of its text (title, then the sections), every window after the
first with the title in front; bm25s indexes them with the Danish Snowball stemmer and bm25s' Danish stop words.
A question is tokenized the same way and nothing else: no question understanding, no committee, period or case
number, no decompounding, no filters, no threshold. An item ranks by its best window; the answer is the top window,
always "found"."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import bm25s
import Stemmer

from eval.naive import BaselineAnswer
from ingest.model import AgendaItem

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)

WINDOW = 1500
OVERLAP = 300


@dataclass(frozen=True, slots=True)
class Window:
    item_id: str
    text: str


@dataclass(frozen=True, slots=True)
class WindowHit:
    window: Window
    score: float


def item_windows(item: AgendaItem, size: int = WINDOW, overlap: int = OVERLAP) -> list[Window]:
    """The item's text cut into windows of `size` characters overlapping by `overlap`; the title leads each one."""
    text = item.text
    step = max(size - overlap, 1)
    windows = []
    for start in range(0, max(len(text) - overlap, 1), step):
        piece = text[start:start + size]
        windows.append(Window(item.id, piece if start == 0 else f"{item.title}\n{piece}"))
    return windows


class BM25Baseline:
    """bm25s over item windows, Danish Snowball stems, Danish stop words."""

    def __init__(self, windows: Sequence[Window]) -> None:
        self.windows = list(windows)
        self._stemmer = Stemmer.Stemmer("danish")
        self._bm25 = bm25s.BM25()
        if self.windows:
            tokens = bm25s.tokenize([w.text for w in self.windows], stopwords="da", stemmer=self._stemmer,
                                    show_progress=False)
            self._bm25.index(tokens, show_progress=False)

    @classmethod
    def build(cls, items: Iterable[AgendaItem]) -> BM25Baseline:
        windows = [w for item in items for w in item_windows(item)]
        log.info("bm25 baseline: %d windows", len(windows))
        return cls(windows)

    def search_windows(self, question: str, n: int) -> list[WindowHit]:
        if not self.windows or n <= 0:
            return []
        tokens = bm25s.tokenize([question], stopwords="da", stemmer=self._stemmer, return_ids=False,
                                show_progress=False)
        if not tokens[0]:
            return []
        docs, scores = self._bm25.retrieve(tokens, k=min(n, len(self.windows)), show_progress=False, n_threads=1)
        return [WindowHit(self.windows[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def search(self, question: str, k: int = 10) -> tuple[list[str], list[WindowHit]]:
        """Item ids in order of their best window, up to k; and the window hits they came from."""
        n = k * 4
        while True:
            hits = self.search_windows(question, n)
            ranked = list(dict.fromkeys(h.window.item_id for h in hits))
            if len(ranked) >= k or len(hits) < n or n >= len(self.windows):
                return ranked[:k], hits
            n *= 4


def baseline_answer(hits: Sequence[WindowHit]) -> BaselineAnswer:
    """The top window, never an abstention."""
    return BaselineAnswer(hits[0].window.text, True) if hits else BaselineAnswer("", False)
