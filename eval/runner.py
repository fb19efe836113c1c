"""Run question sets through the product's retrieval modes and the naive baseline, and score them.

`evaluate` takes plain inputs (questions and an Engine or a ReferatIndex) and returns one dict of metrics per mode,
in the spirit of sentence-transformers' InformationRetrievalEvaluator. `run` keeps every question's outcome for
reports and failure analysis."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tqdm.auto import tqdm

from eval.metrics import QuestionScore, score_question, summarize_with_types
from eval.naive import NaiveIndex, naive_answer
from eval.questions import Question
from index.answer import DEFAULT_THRESHOLD, compose_answer
from index.engine import Engine
from index.indexer import ReferatIndex
from index.model import Filters
from index.retrieval import Mode, Retriever
from ingest.model import AgendaItem

log = logging.getLogger(__name__)

PRODUCT_MODES = tuple(m.value for m in Mode)  # lexical, dense, hybrid
NAIVE = "naive"
MODES = (*PRODUCT_MODES, NAIVE)
DEFAULT_K = 10

Gold = tuple[frozenset[str], ...]


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
class Target:
    """What is evaluated: the index, the product's retriever over it and its answer threshold."""

    index: ReferatIndex
    retriever: Retriever
    threshold: float

    @classmethod
    def of(cls, target: Engine | ReferatIndex | Target) -> Target:
        if isinstance(target, Target):
            return target
        if isinstance(target, Engine):
            return cls(target.index, target.retriever, target.threshold)
        return cls(target, Retriever(target), DEFAULT_THRESHOLD)


def parse_modes(text: str | Iterable[str]) -> tuple[str, ...]:
    """"lexical,hybrid" → ("lexical", "hybrid"); unknown names raise ValueError."""
    names = [m.strip().lower() for m in (text.split(",") if isinstance(text, str) else text) if m.strip()]
    unknown = [m for m in names if m not in MODES]
    if unknown:
        raise ValueError(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    if not names:
        raise ValueError(f"no modes given; choose from {', '.join(MODES)}")
    return tuple(dict.fromkeys(names))


def latest_meeting_date(index: ReferatIndex) -> date | None:
    """The reference "today" for relative periods ("sidste år"), so results do not depend on the day of the run."""
    meetings = index.catalog.meetings()
    return max(m.date for m in meetings) if meetings else None


def resolve_gold(questions: Sequence[Question], items: Iterable[AgendaItem]) -> dict[str, Gold]:
    """Each question's references as the sets of item ids that satisfy them."""
    items = list(items)
    gold = {q.id: tuple(frozenset(i.id for i in items if ref.matches(i)) for ref in q.relevant) for q in questions}
    for q in questions:
        for ref, ids in zip(q.relevant, gold[q.id]):
            if not ids:
                log.warning("%s: no indexed item matches the reference %s", q.id, ref.describe())
    return gold


def unmatched_references(questions: Sequence[Question], gold: dict[str, Gold]) -> list[str]:
    return [f"{q.id}: {ref.describe()}" for q in questions for ref, ids in zip(q.relevant, gold[q.id]) if not ids]


def _product_mode(target: Target, mode: Mode, question: str, k: int, today: date | None) -> tuple[list[str], str, bool]:
    hits = target.retriever.search(question, Filters(), k=k, mode=mode, today=today)
    answer = compose_answer(question, hits, target.index.lexical, target.threshold)
    return [h.item.id for h in hits], answer.text, answer.found


def run_mode(mode: str, questions: Sequence[Question], target: Target, gold: dict[str, Gold], k: int = DEFAULT_K,
             today: date | None = None, naive: NaiveIndex | None = None, progress: bool = True) -> list[Outcome]:
    """Every question through one mode, timed from question to composed answer."""
    if mode == NAIVE:
        if naive is None:
            raise ValueError("the naive mode needs a NaiveIndex")

        def ask(question: str) -> tuple[list[str], str, bool]:
            ranked, hits = naive.search(question, k)
            answer = naive_answer(hits)
            return ranked, answer.text, answer.found
    else:
        product_mode = Mode(mode)

        def ask(question: str) -> tuple[list[str], str, bool]:
            return _product_mode(target, product_mode, question, k, today)

    ask("opvarmning")  # loads the lexical index and warms the model, so the first question's latency is like the rest
    outcomes = []
    for q in tqdm(questions, desc=f"eval: {mode}", unit="q", disable=not progress, leave=False):
        started = time.perf_counter()
        ranked, text, found = ask(q.question)
        latency = (time.perf_counter() - started) * 1000
        score = score_question(q.id, q.type, ranked, gold[q.id], text, found, q.answer_contains, latency)
        outcomes.append(Outcome(q, mode, tuple(ranked), text, found, latency, score))
    return outcomes


def run(questions: Sequence[Question], target: Engine | ReferatIndex | Target, modes: Sequence[str] = MODES,
        k: int = DEFAULT_K, today: date | None = None, naive_cache: Path | None = None,
        progress: bool = True) -> tuple[dict[str, list[Outcome]], dict[str, object]]:
    """Outcomes per mode and the run's configuration (what an eval result must say to be reproducible)."""
    target = Target.of(target)
    modes = parse_modes(modes)
    today = today or latest_meeting_date(target.index)
    items = target.index.catalog.all_items()
    gold = resolve_gold(questions, items)
    naive = NaiveIndex.build(items, target.index.embedder, naive_cache, progress) if NAIVE in modes else None
    outcomes = {mode: run_mode(mode, questions, target, gold, k, today, naive, progress) for mode in modes}
    stats = target.index.catalog.stats()
    weights = target.retriever.weights
    config: dict[str, object] = {
        "embedder": target.index.embedder.name,
        "modes": list(modes),
        "k": k,
        "today": today.isoformat() if today else None,
        "threshold": target.threshold,
        "fusion_weights": {"lexical": weights.lexical, "dense": weights.dense, "k": weights.k},
        "reranker": target.retriever.reranker is not None,
        "questions": len(questions),
        "question_types": dict(Counter(q.type for q in questions)),
        "index": {"meetings": stats.meetings, "items": stats.items, "chunks": stats.chunks},
        "naive_chunks": len(naive.chunks) if naive else None,
        "unmatched_references": unmatched_references(questions, gold),
    }
    return outcomes, config


def summarize_outcomes(outcomes: dict[str, list[Outcome]]) -> dict[str, dict[str, object]]:
    return {mode: summarize_with_types([o.score for o in found]) for mode, found in outcomes.items()}


def evaluate(questions: Sequence[Question], target: Engine | ReferatIndex | Target, modes: Sequence[str] = MODES,
             k: int = DEFAULT_K, today: date | None = None, naive_cache: Path | None = None,
             progress: bool = True) -> dict[str, object]:
    """{"config": {...}, "modes": {mode: {"n", "hit@1", ..., "latency_ms": {"p50", "p95"}, "by_type": {...}}}}."""
    outcomes, config = run(questions, target, modes, k, today, naive_cache, progress)
    return {"config": config, "modes": summarize_outcomes(outcomes)}
