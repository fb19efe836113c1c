"""The naive baseline: what a typical RAG tutorial does with the same documents and embedder.

Each source document (one meeting) becomes one text, its agenda items' texts concatenated in agenda order; the text
is cut into fixed 1,000-character chunks with 200 characters of overlap (LangChain's CharacterTextSplitter with
separator="", defaults otherwise), every chunk is embedded, and a question gets the chunks nearest by cosine. No item
structure, no lexical search, no filters, no threshold: the answer is the top chunk, always "found".

For scoring, a chunk stands for the agenda item its text starts in."""

from __future__ import annotations

import bisect
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from index import Embedder
from ingest.model import AgendaItem

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
ITEM_SEPARATOR = "\n\n"
_BATCH = 256


@dataclass(frozen=True, slots=True)
class NaiveChunk:
    text: str
    item_id: str
    meeting_id: str
    start: int


@dataclass(frozen=True, slots=True)
class NaiveHit:
    chunk: NaiveChunk
    score: float


@dataclass(frozen=True, slots=True)
class BaselineAnswer:
    """What a baseline answers: its top text, never an abstention (both baselines share it)."""

    text: str
    found: bool


def document_text(items: Sequence[AgendaItem]) -> tuple[str, list[int]]:
    """One meeting's full text (its items' texts in order) and the offset at which each item starts."""
    parts, starts, offset = [], [], 0
    for item in items:
        starts.append(offset)
        parts.append(item.text)
        offset += len(item.text) + len(ITEM_SEPARATOR)
    return ITEM_SEPARATOR.join(parts), starts


def split_fixed(text: str, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[tuple[int, str]]:
    """(start offset, chunk) pairs: fixed-size character windows, as CharacterTextSplitter(separator="") cuts them."""
    from langchain_text_splitters import CharacterTextSplitter

    splitter = CharacterTextSplitter(separator="", chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                     add_start_index=True)
    return [(int(d.metadata["start_index"]), d.page_content) for d in splitter.create_documents([text])]


def chunk_meetings(items: Iterable[AgendaItem], chunk_size: int = CHUNK_SIZE,
                   chunk_overlap: int = CHUNK_OVERLAP) -> list[NaiveChunk]:
    """Items grouped by meeting (kept in the given order) → naive chunks, each tagged with the item it starts in."""
    chunks = []
    for meeting_id, group in groupby(items, key=lambda i: i.meeting.id):
        meeting_items = list(group)
        text, starts = document_text(meeting_items)
        for start, piece in split_fixed(text, chunk_size, chunk_overlap):
            owner = meeting_items[max(bisect.bisect_right(starts, start) - 1, 0)]
            chunks.append(NaiveChunk(piece, owner.id, meeting_id, start))
    return chunks


def fingerprint(chunks: Sequence[NaiveChunk], embedder_name: str) -> str:
    digest = hashlib.sha256(embedder_name.encode())
    for chunk in chunks:
        digest.update(b"\x1e" + chunk.item_id.encode() + b"\x1f" + chunk.text.encode())
    return digest.hexdigest()[:20]


class NaiveIndex:
    """Brute-force cosine search over the naive chunks (vectors are L2-normalized by every Referat embedder)."""

    def __init__(self, chunks: Sequence[NaiveChunk], vectors: np.ndarray, embedder: Embedder) -> None:
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self.chunks = list(chunks)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.embedder = embedder

    @classmethod
    def build(cls, items: Iterable[AgendaItem], embedder: Embedder, cache_dir: Path | None = None,
              progress: bool = True) -> NaiveIndex:
        """Chunk and embed; with `cache_dir`, vectors are saved there and reused for the same chunks and embedder."""
        chunks = chunk_meetings(items)
        cached = cache_dir / f"naive-{fingerprint(chunks, embedder.name)}.npy" if cache_dir else None
        if cached is not None and cached.exists():
            vectors = np.load(cached)
            if len(vectors) == len(chunks):
                log.info("naive baseline: %d chunks, vectors from %s", len(chunks), cached)
                return cls(chunks, vectors, embedder)
        log.info("naive baseline: embedding %d fixed-size chunks with %s", len(chunks), embedder.name)
        batches = []
        for start in tqdm(range(0, len(chunks), _BATCH), desc="naive: embedding", unit="batch", disable=not progress,
                          leave=False):
            batches.append(embedder.embed_documents([c.text for c in chunks[start:start + _BATCH]]))
        vectors = np.concatenate(batches) if batches else np.zeros((0, embedder.dimension), dtype=np.float32)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, vectors)
        return cls(chunks, vectors, embedder)

    def search_chunks(self, question: str, n: int) -> list[NaiveHit]:
        if not self.chunks or n <= 0:
            return []
        scores = self.vectors @ self.embedder.embed_query(question)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.lexsort((top, -scores[top]))]  # best first; ties by chunk order, so runs are reproducible
        return [NaiveHit(self.chunks[i], float(scores[i])) for i in top]

    def search(self, question: str, k: int = 10) -> tuple[list[str], list[NaiveHit]]:
        """Item ids of the top chunks in order, deduplicated, up to k; and the chunk hits they came from."""
        n = k * 4
        while True:
            hits = self.search_chunks(question, n)
            ranked = list(dict.fromkeys(h.chunk.item_id for h in hits))
            if len(ranked) >= k or len(hits) >= len(self.chunks):
                return ranked[:k], hits
            n *= 4


def naive_answer(hits: Sequence[NaiveHit]) -> BaselineAnswer:
    """Naive RAG answers with the top chunk and never abstains."""
    return BaselineAnswer(hits[0].chunk.text, True) if hits else BaselineAnswer("", False)
