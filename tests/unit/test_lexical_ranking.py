"""The lexical side scores chunks once for all filter sets, gives the best by bm25s' scores for each (equal scores in
position order), and the retriever groups the chunks by item as it groups hits."""

from __future__ import annotations

from datetime import date

from index.model import Filters
from index.search.retrieval import group_by_item, group_chunks
from index.storage.catalog import ChunkRow
from index.storage.lexical import LexicalIndex
from ingest.model import MeetingKind

TEXTS = ["Budget for skoler og daginstitutioner", "Skoler: renovering af tag", "Budget 2025, anlæg af veje",
         "Veje og stier i Greve", "Budget for skoler og daginstitutioner", "Affaldsindsamling hver 14. dag"]
ROWS = [ChunkRow(f"c{n}", f"i{n // 2}", "m1", text, "body", "Byråd" if n % 2 else "Økonomiudvalget",
                 date(2023 + n % 2, 5, 1), MeetingKind.REFERAT, None, True) for n, text in enumerate(TEXTS)]
INDEX = LexicalIndex.build(ROWS, 1)
FILTER_SETS = [Filters(), Filters(committee="Byråd"), Filters(date_from=date(2030, 1, 1))]


def _retrieved(terms: list[str], n: int, filters: Filters) -> tuple[list[int], list[float]]:
    """The n best chunks by bm25s' own scores within the filters, ranked by brute force: score, then position."""
    retriever = INDEX._retriever  # reached past its privacy for the comparison
    assert retriever is not None
    scores = retriever.get_scores(terms)
    mask = INDEX.table.mask(filters)
    kept = sorted(((p, float(s)) for p, s in enumerate(scores.tolist()) if s > 0 and (mask is None or mask[p])),
                  key=lambda pair: (-pair[1], pair[0]))[:n]
    return [p for p, _ in kept], [s for _, s in kept]


def test_ranked_gives_the_best_chunks_for_each_filter_set() -> None:
    terms = INDEX.terms("budget skoler veje")
    assert INDEX.ranked(terms, 4, FILTER_SETS) == [_retrieved(terms, 4, f) for f in FILTER_SETS]


def test_no_terms_rank_nothing() -> None:
    assert INDEX.ranked([], 4, FILTER_SETS[:2]) == [([], []), ([], [])]


def test_chunks_are_grouped_by_item_as_hits_are() -> None:
    ranked = INDEX.ranked(INDEX.terms("budget skoler"), 6, FILTER_SETS)
    hits = [INDEX.table.hit(p, s) for positions, scores in ranked for p, s in zip(positions, scores, strict=True)]
    grouped = group_chunks(ranked, INDEX.table.item_ids)
    expected = {item: [(INDEX.table.positions[h.chunk_id], h.score) for h in item_hits]
                for item, item_hits in group_by_item(hits).items()}
    assert list(grouped) == list(expected)
    assert grouped == expected


def test_a_short_texts_terms_are_remembered_as_analysed() -> None:
    question = "Hvad besluttede Byrådet om budget for skoler?"
    first = INDEX.terms(question)
    first.append("changed by a caller")
    assert INDEX.terms(question) == INDEX.analyzer.terms(question) == ["beslutted", "byraad", "budg", "skol"]
