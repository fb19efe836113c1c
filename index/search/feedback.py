"""Pseudo-relevance feedback (RM3): the words the best-ranked items share, added to the query with a small weight,
so that a question in everyday words also finds the items that use the minutes' words for the same thing.

P(t|R) = Σ_d w_d · tf(t, d) / |d| over the top items d, each weighted by its share of their scores; the terms with the
highest P(t|R) · idf(t) that the query lacks are added, weighted by P(t|R) relative to the best of them. Pure
functions: the caller supplies each item's terms and the index's idf."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Feedback:
    """How much feedback: the top `items` are read, the best `terms` added; `weight` 0 turns it off."""

    weight: float = 0.0
    items: int = 5
    terms: int = 10


def expansion_terms(query_terms: Sequence[str], top: Sequence[tuple[str, float]],
                    item_terms: Callable[[str], Sequence[str]], idf: Mapping[str, float],
                    feedback: Feedback) -> dict[str, float]:
    """Terms to add to the query, each with a weight in (0, feedback.weight]; {} when there is nothing to read."""
    total = sum(score for _, score in top if score > 0)
    if feedback.weight <= 0 or total <= 0:
        return {}
    relevance: dict[str, float] = {}
    for item_id, score in top:
        terms = Counter(item_terms(item_id))
        length = sum(terms.values())
        if score <= 0 or not length:
            continue
        for term, count in terms.items():
            relevance[term] = relevance.get(term, 0.0) + (score / total) * count / length
    asked = set(query_terms)
    candidates = sorted((t for t in relevance if t not in asked and idf.get(t, 0.0) > 0),
                        key=lambda t: -relevance[t] * idf[t])[: feedback.terms]
    if not candidates:
        return {}
    best = max(relevance[t] for t in candidates)
    return {t: feedback.weight * relevance[t] / best for t in candidates}
