"""Retrieval and answer metrics: pure functions over ranked item ids and gold references.

A question's gold is a sequence of references, each the set of item ids that satisfy it (a reference may match more
than one item, e.g. the same case on the same day in two committees). `ranked` is the item ids a mode returned, best
first. Unanswerable questions (no references) have no retrieval scores; they count towards abstention accuracy only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Gold = Sequence[Collection[str]]

HIT_KS = (1, 5, 10)
RECALL_KS = (5, 10)
RANK_K = 10


def first_match_ranks(ranked: Sequence[str], gold: Gold) -> list[int | None]:
    """For each reference, the 1-based rank of the first item that satisfies it, or None."""
    positions: dict[str, int] = {}
    for rank, item_id in enumerate(ranked, start=1):
        positions.setdefault(item_id, rank)
    return [min((positions[i] for i in ref if i in positions), default=None) for ref in gold]


def hit_at_k(ranked: Sequence[str], gold: Gold, k: int) -> float:
    """1.0 when any item satisfying any reference is ranked within k."""
    return float(any(r is not None and r <= k for r in first_match_ranks(ranked, gold)))


def recall_at_k(ranked: Sequence[str], gold: Gold, k: int) -> float:
    """Share of the references satisfied by an item ranked within k."""
    if not gold:
        raise ValueError("recall is undefined without gold references")
    ranks = first_match_ranks(ranked, gold)
    return sum(r is not None and r <= k for r in ranks) / len(ranks)


def reciprocal_rank(ranked: Sequence[str], gold: Gold, k: int = RANK_K) -> float:
    """1 / rank of the first item satisfying any reference, 0 when none is within k."""
    ranks = [r for r in first_match_ranks(ranked, gold) if r is not None and r <= k]
    return 1.0 / min(ranks) if ranks else 0.0


def ndcg_at_k(ranked: Sequence[str], gold: Gold, k: int = RANK_K) -> float:
    """Binary nDCG: a ranked position gains 1 when it is the first match of at least one reference; the ideal ranking
    puts min(len(gold), k) gains first."""
    if not gold:
        raise ValueError("nDCG is undefined without gold references")
    first = {r for r in first_match_ranks(ranked, gold) if r is not None and r <= k}
    dcg = sum(1.0 / math.log2(rank + 1) for rank in first)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal


def normalize_answer(text: str) -> str:
    """Case- and whitespace-insensitive form: casefolded, all whitespace (non-breaking spaces too) removed."""
    return re.sub(r"\s+", "", text).casefold()


def answer_correct(answer: str, expected: Iterable[str]) -> bool:
    """True when every expected string occurs in the answer."""
    body = normalize_answer(answer)
    return all(normalize_answer(e) in body for e in expected)


def abstention_correct(found: bool, answerable: bool) -> bool:
    """Right when the answer claims to have found something exactly when the question is answerable."""
    return found == answerable


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default); None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """One question's outcome in one mode. Retrieval fields are None for unanswerable questions; `answer_ok` is
    None when the question names no expected answer text."""

    id: str
    type: str
    answerable: bool
    ranks: tuple[int | None, ...]
    hit: Mapping[int, float] | None
    recall: Mapping[int, float] | None
    mrr: float | None
    ndcg: float | None
    answer_ok: bool | None
    abstention_ok: bool
    latency_ms: float


def score_question(question_id: str, question_type: str, ranked: Sequence[str], gold: Gold, answer: str,
                   found: bool, expected: Sequence[str], latency_ms: float) -> QuestionScore:
    """All per-question numbers of one mode's ranking and answer."""
    answerable = bool(gold)
    return QuestionScore(
        id=question_id, type=question_type, answerable=answerable,
        ranks=tuple(first_match_ranks(ranked, gold)),
        hit={k: hit_at_k(ranked, gold, k) for k in HIT_KS} if answerable else None,
        recall={k: recall_at_k(ranked, gold, k) for k in RECALL_KS} if answerable else None,
        mrr=reciprocal_rank(ranked, gold, RANK_K) if answerable else None,
        ndcg=ndcg_at_k(ranked, gold, RANK_K) if answerable else None,
        answer_ok=answer_correct(answer, expected) if expected else None,
        abstention_ok=abstention_correct(found, answerable),
        latency_ms=latency_ms,
    )


def _mean(values: Iterable[float | bool | None]) -> float | None:
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


@dataclass(frozen=True, slots=True)
class Summary:
    """The metrics of a set of question scores: how many, each metric's mean (None where no question has it, e.g.
    retrieval metrics over unanswerable questions only) and latency percentiles."""

    n: int
    # hit@1, hit@5, hit@10, recall@5, recall@10, mrr@10, ndcg@10, answer_accuracy, abstention_accuracy, in this order.
    metrics: Mapping[str, float | None]
    latency_p50: float | None
    latency_p95: float | None

    def to_json(self) -> dict[str, object]:
        return {"n": self.n, **self.metrics, "latency_ms": {"p50": self.latency_p50, "p95": self.latency_p95}}


@dataclass(frozen=True, slots=True)
class ModeSummary:
    """One mode's summary over all questions, and the same per question type (types in first-seen order)."""

    overall: Summary
    by_type: Mapping[str, Summary]

    def to_json(self) -> dict[str, object]:
        return {**self.overall.to_json(), "by_type": {t: s.to_json() for t, s in self.by_type.items()}}


def summarize(scores: Sequence[QuestionScore]) -> Summary:
    """The metrics of a set of question scores (no per-type breakdown)."""
    latencies = [s.latency_ms for s in scores]
    metrics = {
        **{f"hit@{k}": _mean(s.hit[k] if s.hit else None for s in scores) for k in HIT_KS},
        **{f"recall@{k}": _mean(s.recall[k] if s.recall else None for s in scores) for k in RECALL_KS},
        f"mrr@{RANK_K}": _mean(s.mrr for s in scores),
        f"ndcg@{RANK_K}": _mean(s.ndcg for s in scores),
        "answer_accuracy": _mean(s.answer_ok for s in scores),
        "abstention_accuracy": _mean(s.abstention_ok for s in scores),
    }
    return Summary(len(scores), metrics, percentile(latencies, 50), percentile(latencies, 95))


def summarize_with_types(scores: Sequence[QuestionScore]) -> ModeSummary:
    """`summarize` of all scores and of each question type's."""
    types = list(dict.fromkeys(s.type for s in scores))
    return ModeSummary(summarize(scores), {t: summarize([s for s in scores if s.type == t]) for t in types})


def recall_curve(scores: Sequence[QuestionScore], ks: Iterable[int] = range(1, RANK_K + 1)) -> dict[int, float | None]:
    """Mean recall@k over the answerable questions for each k, from the first-match ranks."""
    def at(score: QuestionScore, k: int) -> float | None:
        if not score.answerable:
            return None
        return sum(r is not None and r <= k for r in score.ranks) / len(score.ranks)

    return {k: _mean(at(s, k) for s in scores) for k in ks}
