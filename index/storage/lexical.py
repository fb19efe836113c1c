"""The Danish lexical index: bm25s over the analyzer's terms, persisted beside Chroma with the same chunk ids."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import bm25s
import numpy as np

from index.model import Filters, Hit
from index.search.analysis import Analyzer, Decompounder, TextTerms, analyse_text
from index.search.selection import top_positions
from index.storage.catalog import ChunkRow, case_key
from index.storage.vectors import date_number
from ingest.model import MeetingKind
from referat.committees import matching_committees

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG on import, which floods every caller's console.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# 2: the chunk rows are saved with the index, so a published index stands alone (readers never rebuild).
# 3: the rows carry the meeting's municipality (the municipality filter); an index of an older format is not loaded,
# so the engine rebuilds it from the catalog.
_FORMAT = 3
LEXICAL_LINK = "lexical"


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What ranking needs to know of an item without loading it: where and when it was treated."""

    committee: str
    date: date
    case_key: str | None


# Texts up to this long have their terms remembered, this many of them per index (some MB).
SHORT_TEXT = 300
SHORT_TEXTS_REMEMBERED = 8192
# Filter masks remembered per chunk table: citizens filter by the same few committees and years, and a question
# that names its committee adds the same narrowed filters again and again.
MASKS_REMEMBERED = 256


@dataclass(frozen=True, slots=True)
class Codes:
    """A column of repeated strings as distinct names and one small integer per row: a filter compares the few
    names once and picks rows by code, instead of comparing a string in every row."""

    names: tuple[str, ...]
    codes: np.ndarray

    @classmethod
    def of(cls, values: list[str]) -> Codes:
        names, codes = np.unique(np.array(values, dtype=object), return_inverse=True)
        return cls(tuple(str(n) for n in names), codes.astype(np.int32).reshape(-1))

    def rows_in(self, wanted: set[str] | list[str]) -> np.ndarray:
        """Which rows hold one of the wanted names."""
        allowed = np.zeros(len(self.names), dtype=bool)
        chosen = set(wanted)
        allowed[[n for n, name in enumerate(self.names) if name in chosen]] = True
        rows: np.ndarray = allowed[self.codes]
        return rows


@dataclass(frozen=True)
class ChunkTable:
    """Every chunk's text and metadata in memory, in lexical-index order: filters become one vectorised mask, and
    dense hits (ids from Chroma) get their text and item without another round trip."""

    ids: list[str]
    item_ids: list[str]
    texts: list[str]
    section_kinds: list[str]
    committees: Codes
    dates: np.ndarray
    kinds: Codes
    case_keys: Codes
    has_decision: np.ndarray
    municipalities: Codes
    positions: dict[str, int]
    items: dict[str, ItemFacts]
    # Masks made, by their filters (read-only arrays; a table never changes, so neither does a mask).
    _masks: dict[Filters, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_rows(cls, rows: list[ChunkRow]) -> ChunkTable:
        return cls(
            ids=[r.id for r in rows], item_ids=[r.item_id for r in rows], texts=[r.text for r in rows],
            section_kinds=[r.section_kind for r in rows],
            committees=Codes.of([r.committee.casefold() for r in rows]),
            dates=np.array([date_number(r.date) for r in rows], dtype=np.int64),
            kinds=Codes.of([r.kind.value for r in rows]),
            case_keys=Codes.of([r.case_key or "" for r in rows]),
            has_decision=np.array([r.has_decision for r in rows], dtype=bool),
            municipalities=Codes.of([r.municipality.casefold() for r in rows]),
            positions={r.id: n for n, r in enumerate(rows)},
            items={r.item_id: ItemFacts(r.committee, r.date, r.case_key) for r in rows},
        )

    def __len__(self) -> int:
        return len(self.ids)

    def hit(self, position: int, score: float) -> Hit:
        return Hit(chunk_id=self.ids[position], item_id=self.item_ids[position], score=score,
                   text=self.texts[position], section_kind=self.section_kinds[position])

    def mask(self, filters: Filters) -> np.ndarray | None:
        """The chunks within the filters (a read-only array, shared by every request with the same filters), or
        None for no filters."""
        if filters.empty:
            return None
        known = self._masks.get(filters)
        if known is None:
            known = self._make_mask(filters)
            known.flags.writeable = False
            if len(self._masks) >= MASKS_REMEMBERED:
                self._masks.clear()  # rare: bounded memory with any mix of filters
            self._masks[filters] = known
        return known

    def _make_mask(self, filters: Filters) -> np.ndarray:
        keep = np.ones(len(self.ids), dtype=bool)
        if filters.committee:
            # Part of a name, any case (referat.committees): "Kultur" finds "Kultur- og Fritidsudvalget 2022-2025".
            keep &= self.committees.rows_in(matching_committees(filters.committee, self.committees.names))
        if filters.date_from:
            keep &= self.dates >= date_number(filters.date_from)
        if filters.date_to:
            keep &= self.dates <= date_number(filters.date_to)
        if filters.kind:
            keep &= self.kinds.rows_in([filters.kind.value])
        if filters.with_decision:
            keep &= self.has_decision
        if filters.case_number:
            keep &= self.case_keys.rows_in([case_key(filters.case_number) or ""])
        if filters.municipality:
            keep &= self._municipality_mask(filters.municipality)
        return keep

    def _municipality_mask(self, wanted: str) -> np.ndarray:
        """Chunks of municipalities whose name holds `wanted`, any case: "herning" and "Herning Kommune" both find
        meetings stored as "Herning" or "Herning Kommune". Checked once per distinct name, not per chunk."""
        part = " ".join(wanted.casefold().split())
        part = part.removesuffix(" kommune").strip() or part
        return self.municipalities.rows_in([n for n in self.municipalities.names if n and part in n])


@dataclass(frozen=True)
class Scoring:
    """What building a lexical index over texts costs: the analyzer (its compound vocabulary) and the BM25 scores of
    the texts, in order. Made ahead, while an ingest waits for its last vectors, it serves the build at the end when
    the catalog holds exactly these texts."""

    texts: list[str]
    analyzer: Analyzer
    retriever: bm25s.BM25 | None

    @classmethod
    def of(cls, texts: list[str], analysed: Mapping[str, TextTerms] | None = None) -> Scoring:
        """`analysed` holds texts analysed already (by the workers that read them, by text); the rest are analysed
        here."""
        known = analysed or {}
        terms = [known.get(text) or analyse_text(text) for text in texts]
        analyzer = Analyzer(Decompounder.from_words(t.long_words.split() for t in terms))
        retriever = None
        if texts:
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index([analyzer.terms_of(t) for t in terms], show_progress=False)
        return cls(texts, analyzer, retriever)


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25 | None, analyzer: Analyzer, rows: list[ChunkRow], version: int) -> None:
        self._retriever = retriever
        self._analyzer = analyzer
        self._rows = rows
        self.table = ChunkTable.from_rows(rows)
        self.version = version
        # Terms of short texts analysed here (questions, the answers' frame words and committee names, sentences):
        # a question is analysed by search and answer alike, and the same few texts come back for every question.
        self._short_terms: dict[str, tuple[str, ...]] = {}

    @classmethod
    def build(cls, rows: list[ChunkRow], version: int, analysed: Mapping[str, TextTerms] | None = None,
              ahead: Scoring | None = None) -> LexicalIndex:
        """The index over `rows`, scored anew unless `ahead` scored the same texts in the same order."""
        texts = [r.text for r in rows]
        scoring = ahead if ahead is not None and ahead.texts == texts else Scoring.of(texts, analysed)
        if ahead is not None and scoring is not ahead:
            log.info("the lexical index scored ahead is not the catalog's; scoring it again")
        return cls(scoring.retriever, scoring.analyzer, rows, version)

    def __len__(self) -> int:
        return len(self.table)

    @property
    def analyzer(self) -> Analyzer:
        return self._analyzer

    def terms(self, text: str) -> list[str]:
        """The text's index terms, as the chunks were analysed (short texts remembered)."""
        if len(text) > SHORT_TEXT:
            return self._analyzer.terms(text)
        known = self._short_terms.get(text)
        if known is None:
            known = tuple(self._analyzer.terms(text))
            if len(self._short_terms) >= SHORT_TEXTS_REMEMBERED:
                self._short_terms.clear()  # bounded memory whatever is asked
            self._short_terms[text] = known
        return list(known)

    def terms_each(self, texts: Sequence[str]) -> list[list[str]]:
        """The index terms of each text, analysed together (not remembered)."""
        return self._analyzer.terms_each(texts)

    def idf(self, terms: list[str]) -> dict[str, float]:
        """Inverse document frequency of each term over the chunks; unknown terms get the rarest weight."""
        total = len(self)
        if self._retriever is None or total == 0:
            return dict.fromkeys(terms, 1.0)
        vocab, indptr = self._retriever.vocab_dict, self._retriever.scores["indptr"]
        weights = {}
        for term in terms:
            position = vocab.get(term)
            frequency = int(indptr[position + 1] - indptr[position]) if position is not None else 0
            weights[term] = float(np.log(1 + (total - frequency + 0.5) / (frequency + 0.5)))
        return weights

    def search(self, query: str, n: int, filters: Filters = Filters()) -> list[Hit]:
        positions, scores = self.ranked(self._analyzer.terms(query), n, [filters])[0]
        return [self.table.hit(p, s) for p, s in zip(positions, scores, strict=True)]

    def ranked(self, terms: list[str], n: int, filter_sets: Sequence[Filters]) -> list[tuple[list[int], list[float]]]:
        """For each filter set, the positions of the n best chunks for the terms (score above 0), best first, with
        their scores: what bm25s' `retrieve` gives with the filter set as its weight mask, the chunks scored once for
        all filter sets (a mask only multiplies the scores)."""
        retriever = self._retriever
        if retriever is None or not terms:
            return [([], []) for _ in filter_sets]
        unmasked: np.ndarray | None = None
        ranked: list[tuple[list[int], list[float]]] = []
        for filters in filter_sets:
            mask = self.table.mask(filters)
            if mask is not None and not mask.any():
                ranked.append(([], []))
                continue
            if unmasked is None:
                unmasked = retriever.get_scores(terms)
            scores = unmasked * mask.astype(np.float32) if mask is not None else unmasked
            best, best_scores = top_positions(scores, n)
            ranked.append((best.tolist(), best_scores.tolist()))
        return ranked

    def publish(self, data_dir: Path) -> Path:
        """Write into a folder of its own and point the `lexical` link at it in one atomic rename: a reader sees the
        old index or the new one, never half of one, and two writers never share a temporary folder."""
        target = Path(tempfile.mkdtemp(dir=data_dir, prefix=f"{LEXICAL_LINK}-{self.version}-"))
        if self._retriever is not None:
            self._retriever.save(str(target / "bm25"), show_progress=False)
        (target / "vocabulary.json").write_text(json.dumps(sorted(self._analyzer.decompounder.vocabulary),
                                                           ensure_ascii=False))
        (target / "rows.json").write_text(json.dumps([row_to_list(r) for r in self._rows], ensure_ascii=False))
        (target / "state.json").write_text(json.dumps({"format": _FORMAT, "version": self.version}))
        link = data_dir / LEXICAL_LINK
        previous = published_folder(data_dir)
        if link.is_dir() and not link.is_symlink():  # an index saved before publishing used links
            shutil.rmtree(link)
        temporary_link = data_dir / f"{target.name}.link"
        temporary_link.symlink_to(target.name)
        os.replace(temporary_link, link)
        # Keep the one before (a reader may be loading it right now); older ones go.
        for old in data_dir.glob(f"{LEXICAL_LINK}-*"):
            if old.is_dir() and old not in (target, previous):
                shutil.rmtree(old, ignore_errors=True)
        return target

    @classmethod
    def load(cls, data_dir: Path) -> LexicalIndex | None:
        """The published index, or None when there is none, it is of another format, or it is being replaced."""
        folder = published_folder(data_dir)
        if folder is None:
            return None
        try:
            state = json.loads((folder / "state.json").read_text())
            if state.get("format") != _FORMAT:
                return None
            vocabulary = json.loads((folder / "vocabulary.json").read_text())
            rows = [row_from_list(r) for r in json.loads((folder / "rows.json").read_text())]
            retriever = None
            if (folder / "bm25").exists():
                retriever = bm25s.BM25.load(str(folder / "bm25"), mmap=False)
                if retriever.scores["num_docs"] != len(rows):
                    return None
            elif rows:
                return None
        except (OSError, ValueError, KeyError):  # removed under us by a newer publish: the caller tries again
            return None
        return cls(retriever, Analyzer(Decompounder(vocabulary)), rows, int(state["version"]))


def published_folder(data_dir: Path) -> Path | None:
    """The folder the `lexical` link points at now (resolved once, so one load reads one version)."""
    link = data_dir / LEXICAL_LINK
    if not link.exists():
        return None
    return link.resolve()


def published_version(data_dir: Path) -> int | None:
    """The catalog version the published lexical index was built at (a cheap check for readers)."""
    folder = published_folder(data_dir)
    try:
        state = json.loads((folder / "state.json").read_text()) if folder else None
    except (OSError, ValueError):
        return None
    return int(state["version"]) if state and state.get("format") == _FORMAT else None


def row_to_list(row: ChunkRow) -> list[object]:
    return [row.id, row.item_id, row.meeting_id, row.text, row.section_kind, row.committee, row.date.isoformat(),
            row.kind.value, row.case_key, row.has_decision, row.municipality]


def row_from_list(values: list[object]) -> ChunkRow:
    (chunk_id, item_id, meeting_id, text, section_kind, committee, day, kind, key, decided, municipality) = values
    return ChunkRow(str(chunk_id), str(item_id), str(meeting_id), str(text), str(section_kind), str(committee),
                    date.fromisoformat(str(day)), MeetingKind(str(kind)), str(key) if key else None, bool(decided),
                    str(municipality or ""))
