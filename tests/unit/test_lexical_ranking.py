"""The lexical side scores chunks once for all filter sets, gives what bm25s' retrieve gives for each (equal scores
in position order), and the retriever groups the chunks by item as it groups hits."""

from __future__ import annotations

from datetime import date

import numpy as np

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
    """What bm25s' own retrieve gives (the index's retriever, reached past its privacy for the comparison), equal
    scores in position order (bm25s leaves their order to its partitioning)."""
    mask = INDEX.table.mask(filters)
    if mask is not None and not mask.any():
        return [], []
    retriever = INDEX._retriever
    assert retriever is not None
    docs, scores = retriever.retrieve([terms], k=n, show_progress=False, n_threads=0,
                                      weight_mask=mask.astype(np.float32) if mask is not None else None)
    kept = sorted(((d, s) for d, s in zip(docs[0].tolist(), scores[0].tolist(), strict=True) if s > 0),
                  key=lambda pair: (-pair[1], pair[0]))
    return [d for d, _ in kept], [s for _, s in kept]


def test_ranked_gives_what_retrieve_gives_for_each_filter_set() -> None:
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
