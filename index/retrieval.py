"""Questions → ranked agenda items: lexical and dense candidates grouped by item, fused, scoped and reranked."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from index.indexer import ReferatIndex
from index.model import Filters, Hit, ItemHit
from index.understanding import QuestionScope, understand

log = logging.getLogger(__name__)


class Mode(StrEnum):
    LEXICAL = "lexical"
    DENSE = "dense"
    HYBRID = "hybrid"


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """Weighted reciprocal rank fusion over item rankings: score = Σ weight / (k + rank)."""

    lexical: float
    dense: float
    k: int = 60


# Chosen per embedder from the eval (eval/README.md): an embedder that is weak on Danish gets little say.
_WEIGHTS: tuple[tuple[str, FusionWeights], ...] = (
    ("offline-hashing", FusionWeights(lexical=1.0, dense=0.3)),
    ("all-minilm", FusionWeights(lexical=1.0, dense=0.15)),
    ("multilingual-e5", FusionWeights(lexical=1.0, dense=1.0)),
)
_DEFAULT_WEIGHTS = FusionWeights(lexical=1.0, dense=0.5)
# How much a question's own committee or period lifts an item, relative to its fused score.
COMMITTEE_BOOST = 0.6
PERIOD_BOOST = 0.6
_LEXICAL_CANDIDATES = 300
_DENSE_CANDIDATES = 150


def weights_for(embedder_name: str) -> FusionWeights:
    lowered = embedder_name.lower()
    return next((w for key, w in _WEIGHTS if key in lowered), _DEFAULT_WEIGHTS)


def group_by_item(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    """Chunk hits → items in order of their best chunk, each with its chunks best first."""
    grouped: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        grouped.setdefault(hit.item_id, []).append(hit)
    return grouped


def fuse(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> dict[str, float]:
    """Weighted RRF of item-id rankings."""
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        if weight <= 0:
            continue
        for rank, item_id in enumerate(ranking, start=1):
            scores[item_id] = scores.get(item_id, 0.0) + weight / (k + rank)
    return scores


class Retriever:
    def __init__(self, index: ReferatIndex, weights: FusionWeights | None = None, reranker: object | None = None) -> None:
        self.index = index
        self.weights = weights or weights_for(index.embedder.name)
        self.reranker = reranker

    def scope(self, question: str, today: date | None = None) -> QuestionScope:
        return understand(question, self.index.catalog.committees(), today or date.today())

    def _chunk_hits(self, question: str, mode: Mode, filters: Filters) -> tuple[list[Hit], list[Hit]]:
        lexical = self.index.lexical.search(question, _LEXICAL_CANDIDATES, filters) if mode != Mode.DENSE else []
        dense: list[Hit] = []
        if mode != Mode.LEXICAL:
            dense = self.index.vectors.query(self.index.embedder.embed_query(question), _DENSE_CANDIDATES, filters)
        return lexical, dense

    def _scoped_filters(self, filters: Filters, scope: QuestionScope) -> Filters | None:
        """The user's filters narrowed to the question's own committee and period, when it names any."""
        if scope.committee is None and scope.period is None:
            return None
        narrowed = filters
        if scope.committee and not filters.committee:
            narrowed = replace(narrowed, committee=scope.committee)
        if scope.period and not (filters.date_from or filters.date_to):
            narrowed = replace(narrowed, date_from=scope.period.start, date_to=scope.period.end)
        return None if narrowed == filters else narrowed

    def search(self, question: str, filters: Filters = Filters(), k: int = 10, mode: Mode = Mode.HYBRID,
               today: date | None = None, use_scope: bool = True) -> list[ItemHit]:
        question = question.strip()
        if not question:
            return []
        lexical, dense = self._chunk_hits(question, mode, filters)
        scope = self.scope(question, today) if use_scope else QuestionScope()
        if narrowed := self._scoped_filters(filters, scope):
            # A second, narrowed pass so the committee's own treatment is a candidate even when it ranks low overall.
            more_lexical, more_dense = self._chunk_hits(question, mode, narrowed)
            lexical, dense = lexical + more_lexical, dense + more_dense
        by_lexical, by_dense = group_by_item(lexical), group_by_item(dense)
        scores = fuse([(list(by_lexical), self.weights.lexical), (list(by_dense), self.weights.dense)], self.weights.k)
        if not scores:
            return []
        items = self.index.catalog.items(scores)
        boosted = {item_id: score * self._boost(items[item_id], scope) for item_id, score in scores.items()
                   if item_id in items}
        ranked = sorted(boosted, key=lambda i: -boosted[i])
        hits = []
        for item_id in ranked[: max(k, 1) * (3 if self.reranker else 1)]:
            chunks = {h.chunk_id: h for h in by_lexical.get(item_id, []) + by_dense.get(item_id, [])}
            hits.append(ItemHit(item=items[item_id], score=boosted[item_id], chunks=tuple(chunks.values())))
        if self.reranker is not None:
            hits = self._rerank(question, hits)
        return hits[:k]

    @staticmethod
    def _boost(item: object, scope: QuestionScope) -> float:
        meeting = item.meeting  # type: ignore[attr-defined]
        factor = 1.0
        if scope.committee and meeting.committee == scope.committee:
            factor += COMMITTEE_BOOST
        if scope.period and meeting.date in scope.period:
            factor += PERIOD_BOOST
        elif scope.month and meeting.date.month == scope.month:
            factor += PERIOD_BOOST / 2
        return factor

    def _rerank(self, question: str, hits: list[ItemHit]) -> list[ItemHit]:
        pairs = [(question, h.chunks[0].text if h.chunks else h.item.title) for h in hits]
        scores = self.reranker.predict(pairs, show_progress_bar=False)  # type: ignore[attr-defined]
        order = sorted(range(len(hits)), key=lambda n: -float(scores[n]))
        return [replace(hits[n], score=float(scores[n])) for n in order]
