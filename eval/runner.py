"""Run question sets through the product's retrieval modes and the two baselines (plain BM25, naive RAG), and
score them.

`evaluate` takes plain inputs (questions and an Engine) and returns one summary of metrics per mode, in the spirit of
sentence-transformers' InformationRetrievalEvaluator. `run` keeps every question's outcome for reports and failure
analysis."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from tqdm.auto import tqdm

from eval.bm25_baseline import BM25Baseline, baseline_answer
from eval.cache import BuiltIndex
from eval.metrics import ModeSummary, QuestionScore, score_question, summarize_with_types
from eval.naive import BaselineAnswer, NaiveIndex, naive_answer
from eval.questions import Question
from index import Embedder, Engine, Filters, FusionWeights, Mode, QuestionScope
from ingest.model import AgendaItem

log = logging.getLogger(__name__)

PRODUCT_MODES = tuple(m.value for m in Mode)  # lexical, dense, hybrid
NAIVE = "naive"
BM25 = "bm25"
BASELINES = (BM25, NAIVE)
MODES = (*PRODUCT_MODES, *BASELINES)
DEFAULT_K = 10

Gold = tuple[frozenset[str], ...]
# A question → the ranked item ids, the answer text and whether it claims to have found something.
Asker = Callable[[Question], tuple[list[str], str, bool]]
_HitT = TypeVar("_HitT")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One question in one mode: what came back, and its scores."""

    question: Question
    mode: str
    ranked: tuple[str, ...]
    answer: str
    found: bool
    latency_ms: float
    score: QuestionScore


@dataclass(frozen=True, slots=True)
class RunConfig:
    """What an eval result must say to be reproducible."""

    embedder: str
    modes: tuple[str, ...]
    k: int
    today: date | None
    threshold: float
    fusion_weights: FusionWeights
    reranker: bool
    questions: int
    question_types: Mapping[str, int]
    meetings: int
    items: int
    chunks: int
    naive_chunks: int | None
    bm25_windows: int | None
    unmatched_references: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        weights = self.fusion_weights
        return {
            "embedder": self.embedder, "modes": list(self.modes), "k": self.k,
            "today": self.today.isoformat() if self.today else None, "threshold": self.threshold,
            "fusion_weights": {"lexical": weights.lexical, "dense": weights.dense, "k": weights.k},
            "reranker": self.reranker, "questions": self.questions, "question_types": dict(self.question_types),
            "index": {"meetings": self.meetings, "items": self.items, "chunks": self.chunks},
            "naive_chunks": self.naive_chunks, "bm25_windows": self.bm25_windows,
            "unmatched_references": list(self.unmatched_references),
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The run's configuration and one summary per mode, in the order the modes were run."""

    config: RunConfig
    modes: Mapping[str, ModeSummary]


@dataclass(frozen=True, slots=True)
class Source:
    """Where the questions and the index came from: the part of the result's `config` the command adds."""

    questions_files: tuple[str, ...]
    index_dir: str
    corpus: tuple[str, ...] | None = None
    built: BuiltIndex | None = None

    def to_json(self) -> dict[str, object]:
        if self.corpus is None:
            return {"questions_files": list(self.questions_files), "index_dir": self.index_dir}
        return {"questions_files": list(self.questions_files), "corpus": list(self.corpus),
                "index_dir": self.index_dir, "ingest": self.built.summary if self.built else None,
                "ingest_failures": list(self.built.failures) if self.built else []}


def result_json(source: Source, evaluation: Evaluation) -> dict[str, object]:
    return {"config": source.to_json() | evaluation.config.to_json(),
            "modes": {mode: summary.to_json() for mode, summary in evaluation.modes.items()}}


def parse_modes(text: str | Iterable[str]) -> tuple[str, ...]:
    """"lexical,hybrid" → ("lexical", "hybrid"); unknown names raise ValueError."""
    names = [m.strip().lower() for m in (text.split(",") if isinstance(text, str) else text) if m.strip()]
    unknown = [m for m in names if m not in MODES]
    if unknown:
        raise ValueError(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    if not names:
        raise ValueError(f"no modes given; choose from {', '.join(MODES)}")
    return tuple(dict.fromkeys(names))


def latest_meeting_date(engine: Engine) -> date | None:
    """The reference "today" for relative periods ("sidste år"), so results do not depend on the day of the run."""
    meetings = engine.meetings()
    return max(m.date for m in meetings) if meetings else None


def resolve_gold(questions: Sequence[Question], items: Iterable[AgendaItem]) -> dict[str, Gold]:
    """Each question's references as the sets of item ids that satisfy them."""
    items = list(items)
    gold = {q.id: tuple(frozenset(i.id for i in items if ref.matches(i)) for ref in q.relevant) for q in questions}
    for q in questions:
        for ref, ids in zip(q.relevant, gold[q.id], strict=True):
            if not ids:
                log.warning("%s: no indexed item matches the reference %s", q.id, ref.describe())
    return gold


def unmatched_references(questions: Sequence[Question], gold: dict[str, Gold]) -> list[str]:
    return [f"{q.id}: {ref.describe()}" for q in questions
            for ref, ids in zip(q.relevant, gold[q.id], strict=True) if not ids]


def _product_asker(engine: Engine, mode: Mode, k: int, today: date | None) -> Asker:
    """Asks each question as the product would; a follow-up right after its parent, with the parent's understood
    question (committee, period, case) as the previous turn."""
    scopes: dict[str, QuestionScope] = {}

    def ask(question: Question) -> tuple[list[str], str, bool]:
        previous = scopes.get(question.follow_up_of) if question.follow_up_of else None
        reply = engine.reply(question.question, Filters(), mode, today, k, previous=previous)
        if reply.answer.scope is not None:
            scopes[question.id] = reply.answer.scope
        return [h.item.id for h in reply.hits], reply.answer.text, reply.answer.found
    return ask


class _Baseline(Protocol[_HitT]):
    def search(self, question: str, k: int = DEFAULT_K) -> tuple[list[str], list[_HitT]]: ...


def _baseline_asker(baseline: _Baseline[_HitT], answer: Callable[[Sequence[_HitT]], BaselineAnswer],
                    k: int) -> Asker:
    """A baseline (naive RAG, plain BM25): its ranking, and its top text as the answer."""
    def ask(question: Question) -> tuple[list[str], str, bool]:
        ranked, hits = baseline.search(question.question, k)
        reply = answer(hits)
        return ranked, reply.text, reply.found
    return ask


def run_mode(mode: str, questions: Sequence[Question], engine: Engine, gold: dict[str, Gold], k: int = DEFAULT_K,
             today: date | None = None, naive: NaiveIndex | None = None, progress: bool = True,
             bm25: BM25Baseline | None = None) -> list[Outcome]:
    """Every question through one mode, timed from question to composed answer."""
    if mode == NAIVE:
        if naive is None:
            raise ValueError("the naive mode needs a NaiveIndex")
        ask = _baseline_asker(naive, naive_answer, k)
    elif mode == BM25:
        if bm25 is None:
            raise ValueError("the bm25 mode needs a BM25Baseline")
        ask = _baseline_asker(bm25, baseline_answer, k)
    else:
        ask = _product_asker(engine, Mode(mode), k, today)
    # Loads the lexical index and warms the model, so the first question's latency is like the rest.
    ask(Question("opvarmning", "warm-up", "opvarmning", (), ()))
    outcomes = []
    for q in tqdm(questions, desc=f"eval: {mode}", unit="q", disable=not progress, leave=False):
        started = time.perf_counter()
        ranked, text, found = ask(q)
        latency = (time.perf_counter() - started) * 1000
        score = score_question(q.id, q.type, ranked, gold[q.id], text, found, q.answer_contains, latency)
        outcomes.append(Outcome(q, mode, tuple(ranked), text, found, latency, score))
    return outcomes


def run(questions: Sequence[Question], engine: Engine, modes: Sequence[str] = MODES, k: int = DEFAULT_K,
        today: date | None = None, naive_cache: Path | None = None, progress: bool = True,
        naive_embedder: Embedder | None = None) -> tuple[dict[str, list[Outcome]], RunConfig]:
    """Outcomes per mode and the run's configuration. The naive mode embeds with `naive_embedder`, which should be
    the engine's own, so that the baseline differs in method only."""
    modes = parse_modes(modes)
    today = today or latest_meeting_date(engine)
    items = engine.all_items()
    gold = resolve_gold(questions, items)
    naive = None
    if NAIVE in modes:
        if naive_embedder is None:
            raise ValueError("the naive mode needs the embedder to embed its chunks with")
        naive = NaiveIndex.build(items, naive_embedder, naive_cache, progress)
    bm25 = BM25Baseline.build(items) if BM25 in modes else None
    outcomes = {mode: run_mode(mode, questions, engine, gold, k, today, naive, progress, bm25) for mode in modes}
    stats = engine.status().stats
    tuning = engine.tuning
    config = RunConfig(
        embedder=stats.embedder, modes=modes, k=k, today=today, threshold=tuning.threshold,
        fusion_weights=tuning.weights, reranker=tuning.reranker, questions=len(questions),
        question_types=dict(Counter(q.type for q in questions)), meetings=stats.meetings, items=stats.items,
        chunks=stats.chunks, naive_chunks=len(naive.chunks) if naive else None,
        bm25_windows=len(bm25.windows) if bm25 else None,
        unmatched_references=tuple(unmatched_references(questions, gold)),
    )
    return outcomes, config


def summarize_outcomes(outcomes: Mapping[str, Sequence[Outcome]]) -> dict[str, ModeSummary]:
    return {mode: summarize_with_types([o.score for o in found]) for mode, found in outcomes.items()}


def evaluate(questions: Sequence[Question], engine: Engine, modes: Sequence[str] = MODES, k: int = DEFAULT_K,
             today: date | None = None, naive_cache: Path | None = None, progress: bool = True,
             naive_embedder: Embedder | None = None) -> Evaluation:
    """The run's configuration and each mode's metrics."""
    outcomes, config = run(questions, engine, modes, k, today, naive_cache, progress, naive_embedder)
    return Evaluation(config, summarize_outcomes(outcomes))
