"""Item-level lexical scoring: each agenda item seen whole, not only through its best chunk.

An item becomes ~1,500-character windows of its text, each with the title in front, and a first window that holds
what the item is about and what came of it (title, recommendation, decision). BM25 over the windows with the same
analyzer as the chunks (stems, codes, compound parts); an item scores by its best window, plus a weighted BM25 score
of each of its fields (title, decision, recommendation, résumé) on its own, so that words in the title or the
decision count for more than the same words deep in the case description. Built once per catalog version, together
with the spelling corrector over the same texts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from index.model import Filters
from index.search.analysis import stem_words
from index.search.question import topic_years
from index.search.selection import top_positions
from index.search.spelling import SpellingCorrector
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem, SectionKind

log = logging.getLogger(__name__)

WINDOW = 1500
OVERLAP = 300


def _sections(kind: SectionKind) -> Callable[[AgendaItem], str]:
    return lambda item: "\n".join(s.text for s in item.sections if s.kind is kind)


# Fields scored on their own beside the windows: (name, the field's text). Their weights are FieldWeights.
FIELDS: tuple[tuple[str, Callable[[AgendaItem], str]], ...] = (
    ("title", lambda item: item.title),
    ("decision", lambda item: item.decision or ""),
    ("recommendation", lambda item: item.recommendation or ""),
    ("resume", _sections(SectionKind.RESUME)),
)


@dataclass(frozen=True, slots=True)
class FieldWeights:
    """How much each field's own BM25 score adds to an item's best-window score (0: the field adds nothing)."""

    title: float = 0.0
    decision: float = 0.0
    recommendation: float = 0.0
    resume: float = 0.0

    def of(self, field: str) -> float:
        return float(getattr(self, field))


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
    """Item ids best first, with their scores."""

    item_ids: tuple[str, ...]
    scores: tuple[float, ...]


def _bm25(texts: Sequence[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(list(texts), show_progress=False)
    return retriever


def _scores(retriever: bm25s.BM25, weighted: Mapping[str, float]) -> np.ndarray:
    """BM25 of every document for terms with weights (a term's weight multiplies its share of the score)."""
    vocabulary = retriever.vocab_dict
    total = np.zeros(retriever.scores["num_docs"], dtype=np.float32)
    by_weight: dict[float, list[int]] = {}
    for term, weight in weighted.items():
        if term in vocabulary and weight > 0:
            by_weight.setdefault(weight, []).append(vocabulary[term])
    for weight, ids in by_weight.items():
        total += weight * retriever.get_scores_from_ids(ids)
    return total


def term_weights(terms: Sequence[str]) -> dict[str, float]:
    """A query's terms with their counts as weights (a word typed twice counts twice, as in plain BM25)."""
    weights: dict[str, float] = {}
    for term in terms:
        weights[term] = weights.get(term, 0.0) + 1.0
    return weights


@dataclass(frozen=True, slots=True, eq=False)
class ItemTerms:
    """Which terms each item's windows hold, read off the windows' BM25 matrix (stored by term) once per build: an
    item's terms are those of its title and text as the chunks were analysed, so answers need not analyse its whole
    text again (the first read of an item cost more than answering the question)."""

    starts: np.ndarray  # where each item's term ids begin in `term_ids`, and where the last ends
    term_ids: np.ndarray  # each item's distinct term ids, ascending
    names: tuple[str, ...]  # the term of each id

    @classmethod
    def of(cls, retriever: bm25s.BM25, window_starts: np.ndarray) -> ItemTerms:
        scores = retriever.scores
        by_term = np.asarray(scores["indptr"])
        term_count = len(by_term) - 1
        # Keys of 32 bits while they fit (half the memory while building), else of 64.
        key_type = np.int32 if len(window_starts) * term_count < 2**31 else np.int64
        window_items = np.repeat(np.arange(len(window_starts), dtype=key_type),
                                 np.diff(np.append(window_starts, int(scores["num_docs"]))))
        # One key per (item, term) of each window, deduplicated and sorted by item, then term.
        keys = window_items[np.asarray(scores["indices"])]
        keys *= term_count
        keys += np.repeat(np.arange(term_count, dtype=key_type), np.diff(by_term))
        keys = np.unique(keys)
        counts = np.bincount(keys // term_count, minlength=len(window_starts))
        keys %= term_count
        names = [""] * len(retriever.vocab_dict)
        for name, term_id in retriever.vocab_dict.items():
            names[term_id] = name
        return cls(np.concatenate(([0], np.cumsum(counts))), keys.astype(np.int32), tuple(names))

    def terms(self, position: int) -> frozenset[str]:
        """The terms of the item at this position."""
        ids = self.term_ids[self.starts[position]:self.starts[position + 1]].tolist()
        return frozenset(map(self.names.__getitem__, ids))


@dataclass(frozen=True, slots=True)
class ItemLookups:
    """What ranking looks up per item id beside the scores."""

    has_decision: dict[str, bool]
    # The whole text, case-folded with single spaces (exact name and place matches).
    texts: dict[str, str]
    municipalities: dict[str, str]
    titles: dict[str, str]
    # The years each title names ("Budget 2025-28", "Mødekalender 2023"): a topic year matches them.
    title_years: dict[str, frozenset[int]]

    @classmethod
    def of(cls, items: Sequence[AgendaItem]) -> ItemLookups:
        return cls(has_decision={item.id: item.decision is not None for item in items},
                   texts={item.id: " ".join(item.text.casefold().split()) for item in items},
                   municipalities={item.id: item.meeting.municipality or "" for item in items},
                   titles={item.id: item.title for item in items},
                   title_years={item.id: topic_years(item.title) for item in items})


class ItemIndex:
    def __init__(self, retriever: bm25s.BM25 | None, item_ids: Sequence[str], window_starts: np.ndarray,
                 item_chunks: np.ndarray, fields: dict[str, bm25s.BM25], lexical: LexicalIndex,
                 spelling: SpellingCorrector, lookups: ItemLookups) -> None:
        self._retriever = retriever
        self._item_ids = list(item_ids)
        self._positions = {item_id: n for n, item_id in enumerate(self._item_ids)}
        # Each item's windows are contiguous, starting at these positions (for the best window per item).
        self._window_starts = window_starts
        # A chunk of each item: the chunk table's filter mask, read at these positions, filters items.
        self._item_chunks = item_chunks
        self._fields = fields
        self.lexical = lexical
        self.version = lexical.version
        self.spelling = spelling
        self.has_decision = lookups.has_decision
        self.texts = lookups.texts
        self.municipalities = lookups.municipalities
        self.titles = lookups.titles
        self.title_years = lookups.title_years
        self._item_terms = ItemTerms.of(retriever, window_starts) if retriever is not None else None

    @classmethod
    def build(cls, items: Sequence[AgendaItem], lexical: LexicalIndex) -> ItemIndex:
        table = lexical.table
        first_chunk: dict[str, int] = {}
        for position, item_id in enumerate(table.item_ids):
            first_chunk.setdefault(item_id, position)
        indexed = [item for item in items if item.id in first_chunk]
        starts: list[int] = []
        windows: list[list[str]] = []
        for item in indexed:
            starts.append(len(windows))
            windows += [lexical.terms(w) for w in item_windows(item)]
        retriever = _bm25(windows) if windows else None
        fields = {}
        for name, text in FIELDS:
            field_terms = [lexical.terms(text(item)) for item in indexed]
            if any(field_terms):  # bm25s cannot index a field no item has (minutes without a résumé)
                fields[name] = _bm25(field_terms)
        log.info("item index: %d windows of %d items", len(windows), len(indexed))
        spelling = SpellingCorrector.from_texts([item.text for item in items])
        return cls(retriever, [item.id for item in indexed], np.asarray(starts, dtype=np.int64),
                   np.asarray([first_chunk[item.id] for item in indexed], dtype=np.int64), fields, lexical,
                   spelling, ItemLookups.of(indexed))

    def _mask(self, filters: Filters) -> np.ndarray | None:
        chunk_mask = self.lexical.table.mask(filters)
        return chunk_mask[self._item_chunks] if chunk_mask is not None else None

    def item_scores(self, weighted: Mapping[str, float], filters: Filters = Filters(),
                    fields: FieldWeights = FieldWeights()) -> np.ndarray:
        """Every item's score for weighted terms: its best window, plus each field's weighted score; 0 outside the
        filters."""
        return self.item_scores_within(weighted, [filters], fields)[0]

    def item_scores_within(self, weighted: Mapping[str, float], filter_sets: Sequence[Filters],
                           fields: FieldWeights = FieldWeights()) -> list[np.ndarray]:
        """`item_scores` for each filter set, the items scored once for all of them (a filter only zeroes
        scores)."""
        if self._retriever is None:
            return [np.zeros(0, dtype=np.float32) for _ in filter_sets]
        window_scores = _scores(self._retriever, weighted)
        scores = np.maximum.reduceat(window_scores, self._window_starts) if len(window_scores) else window_scores
        for name, retriever in self._fields.items():
            if (weight := fields.of(name)) > 0:
                scores = scores + weight * _scores(retriever, weighted)
        masks = [self._mask(filters) for filters in filter_sets]
        return [scores * mask if mask is not None else scores for mask in masks]

    def top(self, scores: np.ndarray, n: int) -> ItemRanking:
        """The n best-scoring items (above 0), best first."""
        best, best_scores = top_positions(scores, n)
        return ItemRanking(tuple(self._item_ids[p] for p in best.tolist()), tuple(best_scores.tolist()))

    def rank(self, query: str, n: int, filters: Filters = Filters(),
             fields: FieldWeights = FieldWeights()) -> ItemRanking:
        """The n best items for the query within the filters."""
        terms = self.lexical.terms(query)
        if self._retriever is None or not terms or n <= 0:
            return ItemRanking((), ())
        return self.top(self.item_scores(term_weights(terms), filters, fields), n)

    def position(self, item_id: str) -> int | None:
        return self._positions.get(item_id)

    def item_terms(self, item_id: str) -> frozenset[str] | None:
        """The terms of all the item's windows (its title and whole text, as the chunks were analysed); None for an
        item not indexed here."""
        position = self._positions.get(item_id)
        if position is None or self._item_terms is None:
            return None
        return self._item_terms.terms(position)

    def window_terms(self, item_id: str) -> list[str]:
        """The terms of an item's summary window and first text window (what pseudo-relevance feedback reads)."""
        text = self.texts.get(item_id, "")
        return self.lexical.terms(text[: 2 * WINDOW])

    def correct(self, query: str) -> str:
        """The query with words the corpus does not know replaced by their nearest corpus word. A word whose stem
        the index knows ("frokosttaksten" where the minutes say "frokosttakst") or that is a compound of known words
        is left as typed."""
        decompounder = self.lexical.analyzer.decompounder
        vocabulary = self._retriever.vocab_dict if self._retriever is not None else {}
        return self.spelling.correct(query, lambda word: bool(decompounder.split(word))
                                     or all(term in vocabulary for term in stem_words([word])))
