"""Committing planned meetings in file order: each waits for its vectors (a worker's, or the model's next group),
then for the vector writer to have written them, and only then is its catalog transaction committed, so an
interrupted ingest re-run finds every committed meeting whole and unchanged and redoes the rest."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.storage.index import ReferatIndex
from index.storage.planning import HeldVectors, Plan, meeting_key
from index.storage.sources import Embedded, SourcePool
from index.storage.summary import Change, IngestSummary
from index.storage.vectors import VectorWrite, VectorWriter, Written
from ingest.reader import SourceResult


def embed_texts(index: ReferatIndex, texts: list[str], summary: IngestSummary) -> np.ndarray:
    """Vectors for `texts`: from the cache where this model embedded the same text before, else from the model,
    in one call (the model sorts them by length into batches)."""
    embedder, cache = index.embedder, index.embedding_cache
    if cache is None:
        with summary.timed("embed"):
            summary.encoded += len(texts)
            return embedder.embed_documents(texts)
    with summary.timed("cache"):
        found = cache.lookup(embedder.name, texts, embedder.dimension)
    missing = [n for n, vector in enumerate(found) if vector is None]
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    if missing:
        with summary.timed("embed"):
            encoded = embedder.embed_documents([texts[n] for n in missing])
        with summary.timed("cache"):
            cache.store(embedder.name, [texts[n] for n in missing], encoded)
        vectors[missing] = encoded
    for n, vector in enumerate(found):
        if vector is not None:
            vectors[n] = vector
    summary.encoded += len(missing)
    summary.cached += len(texts) - len(missing)
    return vectors


@dataclass(slots=True)
class Pending:
    """A file between planning and commit: its vectors come from a worker (`future`), or from the next group the
    model encodes (`vectors` set then); `written` is the vector writer's work on them."""

    result: SourceResult
    plan: Plan | None
    future: Future[Embedded] | None = None
    vectors: np.ndarray | None = None
    written: Future[Written] | None = None
    # Its write waits in the batch not yet handed to the writer.
    batched: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.plan.fresh] if self.plan is not None and self.plan.writes else []

    def ready(self) -> bool:
        return not self.texts or self.vectors is not None or (self.future is not None and self.future.done())

    def committable(self) -> bool:
        return not self.batched and (self.written is None or self.written.done())


def group_size(batch_size: int) -> int:
    """Texts handed to the model at once: several batches, so batches are filled across meetings and sorted by
    length over more texts (less padding)."""
    return batch_size * 8


class CommitQueue:
    """Meetings planned but not yet committed, in file order: `waiting` for their vectors (the model's meetings until
    a group's worth of texts is pending), then `writing` until the vector writer has written them; then the catalog.
    `limit` bounds both together (memory)."""

    def __init__(self, index: ReferatIndex, pool: SourcePool, writer: VectorWriter, held: HeldVectors,
                 summary: IngestSummary, on_result: Callable[[SourceResult], None] | None, limit: int = 64) -> None:
        self._index, self._pool, self._summary, self._on_result = index, pool, summary, on_result
        self._writer, self._held = writer, held
        self._waiting: deque[Pending] = deque()
        self._writing: deque[Pending] = deque()
        # Writes not handed to the writer yet, and the meetings they belong to.
        self._batch: list[VectorWrite] = []
        self._batched: list[Pending] = []
        self._counted: Future[Written] | None = None
        self._unencoded = 0
        self._group = group_size(index.embedder.batch_size)
        self._limit = limit

    def holds(self, key: tuple[str, str, object]) -> bool:
        return any(p.plan is not None and meeting_key(p.plan.publication.meeting) == key
                   for p in (*self._waiting, *self._writing))

    def add(self, pending: Pending) -> None:
        texts = pending.texts
        if texts and self._pool.embeds_in_workers:
            pending.future = self._pool.embed_later(texts)
        else:
            self._unencoded += len(texts)
        self._waiting.append(pending)
        if self._unencoded >= self._group:
            self.encode_waiting()
        self.advance(block=len(self._waiting) + len(self._writing) > self._limit)

    def encode_waiting(self) -> None:
        """Embed the texts of every waiting meeting that has no vectors coming, in one go."""
        group = [p for p in self._waiting if p.texts and p.future is None and p.vectors is None]
        texts = [t for p in group for t in p.texts]
        if texts:
            vectors = embed_texts(self._index, texts, self._summary)
            start = 0
            for pending in group:
                pending.vectors = vectors[start:start + len(pending.texts)]
                start += len(pending.texts)
        self._unencoded = 0

    def advance(self, block: bool = False) -> None:
        """Hand the writer every meeting whose vectors are ready and commit every meeting it has written; with
        `block`, wait for the oldest meeting once."""
        while self._waiting and self._waiting[0].ready():
            self._write(self._waiting[0])
        while self._writing and (block or self._writing[0].committable()):
            if self._writing[0].batched:
                self._submit_batch()
            self._commit(self._writing[0])
            block = False
        if block and self._waiting:
            self._write(self._waiting[0])

    def hand_over(self) -> None:
        """Hand every meeting to the writer (once its vectors are made), waiting for no write."""
        self.encode_waiting()
        while self._waiting:
            self._write(self._waiting[0])
        self._submit_batch()

    def flush(self) -> None:
        self.hand_over()
        while self._writing:
            self._commit(self._writing[0])

    def expected_texts(self) -> list[str] | None:
        """The chunk texts the catalog will hold, by chunk id, once every meeting not committed yet is: what it holds
        now without the meetings these replace, with theirs. None when none of them changes the catalog."""
        plans = [p.plan for p in (*self._waiting, *self._writing)
                 if p.plan is not None and p.plan.writes and p.plan.change is not Change.REPAIRED]
        if not plans:
            return None
        committed = self._index.catalog.chunk_texts()
        replaced = {p.publication.meeting.id for p in plans} | {p.replaces for p in plans if p.replaces}
        chunks = [(chunk_id, text) for chunk_id, meeting_id, text in committed if meeting_id not in replaced]
        chunks += [(c.id, c.text) for p in plans for c in p.chunks]
        return [text for _, text in sorted(chunks)]

    def first_waiting(self) -> Path | None:
        """The first file not committed yet (where an ingest that lost the vector store stopped)."""
        first = self._writing or self._waiting
        return first[0].result.path if first else None

    def _write(self, pending: Pending) -> None:
        """Hand the head of `waiting` to the writer (waiting for its vectors if need be)."""
        plan = pending.plan
        write = self._held.write_for(plan, self._vectors(pending)) if plan is not None and plan.writes else None
        self._waiting.popleft()
        self._writing.append(pending)
        if write is None or not len(write):
            return
        if not set(write.delete).isdisjoint(i for w in self._batch for i in w.ids):
            self._submit_batch()
        self._batch.append(write)
        self._batched.append(pending)
        pending.batched = True
        if sum(len(w.ids) for w in self._batch) >= self._writer.batch:
            self._submit_batch()

    def _submit_batch(self) -> None:
        if not self._batch:
            return
        batched, self._batched = self._batched, []
        written = self._writer.submit(VectorWrite.joined(self._batch))
        self._batch = []
        for pending in batched:
            pending.written, pending.batched = written, False

    def _vectors(self, pending: Pending) -> np.ndarray:
        vectors = pending.vectors
        if vectors is None and pending.future is not None:
            embedded = self._pool.vectors(pending.future, pending.texts)
            self._summary.add_time("embed", embedded.seconds, embedded.cpu)
            self._summary.encoded += len(embedded.vectors)
            vectors = pending.vectors = embedded.vectors
        if vectors is None and pending.texts:  # a group not encoded yet: only when the head must go before it is full
            self.encode_waiting()
            vectors = pending.vectors
        return vectors if vectors is not None else np.zeros((0, self._index.embedder.dimension), dtype=np.float32)

    def _commit(self, pending: Pending) -> None:
        """Commit the head of `writing` once its vectors are written: the catalog in one transaction."""
        plan, summary = pending.plan, self._summary
        if pending.written is not None:
            written = self._writer.result(pending.written)
            if pending.written is not self._counted:  # a batch's time counts once, with its first meeting
                summary.add_time("vectors", written.seconds, written.cpu)
                self._counted = pending.written
        if plan is not None and plan.writes and plan.change is not Change.REPAIRED:
            with summary.timed("catalog"):
                if plan.replaces is not None:
                    self._index.catalog.remove_meeting(plan.replaces)
                self._index.catalog.replace_meeting(plan.publication, plan.chunks)
        self._writing.popleft()
        summary.count(pending.result, len(plan.chunks) if plan is not None and plan.change is not Change.SUPERSEDED
                      else 0, plan.change if plan is not None else None)
        if self._on_result is not None:
            self._on_result(pending.result)
