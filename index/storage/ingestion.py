"""Ingestion: read files into the index. A newer version of a meeting (its minutes after its agenda) replaces the
older one and its stale chunks; a bad file is counted and reported, and the rest go on.

The pipeline: files are read and chunked ahead in worker processes (`index.storage.sources`); each meeting is planned
against the catalog (skip, or which chunks are new); new texts are embedded several meetings at a time (the cache
first, then the model in groups it sorts by length; the offline vectorizer in the workers); meetings are committed in
the order of the files, each one whole: vectors first, then the catalog, so an interrupted run re-run finds every
committed meeting unchanged and redoes the rest. A meeting whose vectors the store lacks is repaired; an ingest that
loses the vector store stops, keeping what is committed. The lexical index is built and published once, at the end."""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from index.search.analysis import TextTerms
from index.storage.index import ReferatIndex
from index.storage.sources import Embedded, SourcePool, worker_count
from ingest.model import Chunk, Meeting, MeetingKind, Publication, normalize_key
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult
from referat.errors import VectorStoreUnavailable

log = logging.getLogger(__name__)


class Change(StrEnum):
    NEW = "new"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    # Catalog unchanged, but the vector store lacked some of its chunks or held stale ones: put right.
    REPAIRED = "repaired"
    # An agenda read after the minutes of the same meeting: the minutes stay.
    SUPERSEDED = "superseded"


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest (or dry run), filled in file by file. Meetings, items and chunks count what was written
    (new and replaced meetings; in a dry run, what would be read); the rest say what was left or put right."""

    meetings: int = 0
    items: int = 0
    items_with_decision: int = 0
    chunks: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    repaired: int = 0
    stale_vectors: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)
    # Why the ingest stopped before the last file (the vector store was lost), or None.
    stopped: str | None = None
    # Seconds per stage (read, analyse, embed, cache, vectors, catalog, lexical), wall and CPU of the process that
    # ran it; stages overlap, so they add up to more than the wall time when workers run beside the writer.
    stages: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    # Texts the embedder encoded, and texts the cache answered.
    encoded: int = 0
    cached: int = 0

    def add_time(self, stage: str, seconds: float, cpu: float = 0.0) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add_time(stage, time.perf_counter() - started, time.process_time() - started_cpu)

    def count(self, result: SourceResult, chunks: int, change: Change | None = None) -> None:
        if result.publication is None:
            self.failures.append((result.path, result.error or "unknown error"))
            return
        if change in (Change.UNCHANGED, Change.SUPERSEDED, Change.REPAIRED):
            self.unchanged += change is not Change.REPAIRED
            self.repaired += change is Change.REPAIRED
            return
        self.new += change is Change.NEW
        self.replaced += change is Change.REPLACED
        self.meetings += 1
        self.items += len(result.publication.items)
        self.items_with_decision += sum(1 for i in result.publication.items if i.decision is not None)
        self.chunks += chunks

    def describe(self) -> str:
        written = (f"{self.items} items ({self.items_with_decision} with a decision), {self.chunks} chunks")
        if not (self.new or self.replaced or self.unchanged or self.repaired):  # a dry run
            return f"{self.meetings} meetings, {written}, {len(self.failures)} failed"
        text = (f"{self.new} new, {self.replaced} replaced, {self.unchanged} unchanged, {len(self.failures)} failed "
                f"meetings; {written} written")
        if self.repaired or self.stale_vectors:
            text += (f"; vectors repaired for {self.repaired} meetings, {self.stale_vectors} stale vectors "
                     "removed")
        return text + (f"; STOPPED: {self.stopped}" if self.stopped else "")


@dataclass(frozen=True, slots=True)
class Plan:
    """What indexing one meeting takes, decided against the catalog and the vector store: `fresh` are the chunks
    to embed and write (new texts, or vectors the store lacks); `replaces` an earlier version of the meeting under
    another id. A repair writes vectors only: the catalog already holds the meeting as read."""

    publication: Publication
    chunks: tuple[Chunk, ...]
    change: Change
    fresh: tuple[Chunk, ...] = ()
    replaces: str | None = None

    @property
    def writes(self) -> bool:
        return self.change in (Change.NEW, Change.REPLACED, Change.REPAIRED)


def plan_publication(index: ReferatIndex, publication: Publication, chunks: Sequence[Chunk]) -> Plan:
    """Decide what one meeting needs: the minutes of a meeting are never replaced by its agenda (precedence), an
    unchanged meeting whose vectors are all in the store needs nothing, and only chunks with new texts or missing
    vectors (lost, or wiped with a shared collection) need embedding."""
    meeting = publication.meeting
    earlier = index.catalog.meeting(meeting.id) or find_same_meeting(index, meeting)
    if earlier is not None and earlier.kind is MeetingKind.REFERAT and meeting.kind is MeetingKind.DAGSORDEN:
        log.info("%s: the minutes of this meeting (%s) are indexed; its agenda does not replace them",
                 meeting.source, earlier.source)
        return Plan(publication, tuple(chunks), Change.SUPERSEDED)
    stored = index.catalog.stored_chunks(meeting.id)
    # Ask Chroma itself which ids it holds for the meeting: an interrupted earlier run may have left some, or a lost
    # store lost some.
    held = index.vectors.ids_for_meeting(meeting.id)
    same = stored == {c.id: c.text for c in chunks} and earlier == meeting
    if same and held == {c.id for c in chunks}:
        return Plan(publication, tuple(chunks), Change.UNCHANGED)
    change = Change.REPAIRED if same else Change.REPLACED if earlier else Change.NEW
    return Plan(publication, tuple(chunks), change,
                fresh=tuple(c for c in chunks if stored.get(c.id) != c.text or c.id not in held),
                replaces=earlier.id if earlier is not None and earlier.id != meeting.id else None)


def commit_plan(index: ReferatIndex, plan: Plan, vectors: np.ndarray, summary: IngestSummary) -> None:
    """Write one planned meeting whole: vectors first, then the catalog in one transaction. Interrupted between the
    two, the catalog still holds the old version, so a re-run finds the meeting changed and writes it again."""
    meeting_id = plan.publication.meeting.id
    with summary.timed("vectors"):
        if plan.replaces is not None:
            index.remove_meeting(plan.replaces)
        if plan.fresh:
            index.vectors.upsert(plan.fresh, vectors)
        # Ask Chroma itself which ids it holds for the meeting: an interrupted earlier run may have left some.
        stale = index.vectors.ids_for_meeting(meeting_id) - {c.id for c in plan.chunks}
        if stale:
            index.vectors.delete(sorted(stale))
    if plan.change is Change.REPAIRED:
        return
    with summary.timed("catalog"):
        index.catalog.replace_meeting(plan.publication, plan.chunks)


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


def meeting_key(meeting: Meeting) -> tuple[str, str, object]:
    """Meetings that may be versions of one another share this key (and so does a meeting with itself)."""
    return normalize_key(meeting.municipality or ""), normalize_key(meeting.committee), meeting.date


def find_same_meeting(index: ReferatIndex, meeting: Meeting) -> Meeting | None:
    """The one indexed meeting that is this one under another id: same municipality, committee and day, where
    one of the two publications does not state the time (an agenda with "kl. 17.00", minutes without)."""
    key = meeting_key(meeting)
    same = [m for m in index.catalog.meetings_on(meeting.date)
            if meeting_key(m) == key and m.id != meeting.id and (m.time is None or meeting.time is None)]
    return same[0] if len(same) == 1 else None


@dataclass(slots=True)
class Pending:
    """A file between planning and commit: its vectors come from a worker (`future`), or from the next group the
    model encodes (`vectors` set then)."""

    result: SourceResult
    plan: Plan | None
    future: Future[Embedded] | None = None
    vectors: np.ndarray | None = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.plan.fresh] if self.plan is not None and self.plan.writes else []

    def ready(self) -> bool:
        return not self.texts or self.vectors is not None or (self.future is not None and self.future.done())


def group_size(batch_size: int) -> int:
    """Texts handed to the model at once: several batches, so batches are filled across meetings and sorted by
    length over more texts (less padding)."""
    return batch_size * 8


class CommitQueue:
    """Meetings planned but not yet written, committed in file order. A meeting waits for its vectors; the model's
    meetings wait until a group's worth of texts is pending. `limit` bounds what waits (memory)."""

    def __init__(self, index: ReferatIndex, pool: SourcePool, summary: IngestSummary,
                 on_result: Callable[[SourceResult], None] | None, limit: int = 64) -> None:
        self._index, self._pool, self._summary, self._on_result = index, pool, summary, on_result
        self._waiting: deque[Pending] = deque()
        self._unencoded = 0
        self._group = group_size(index.embedder.batch_size)
        self._limit = limit

    def holds(self, key: tuple[str, str, object]) -> bool:
        return any(p.plan is not None and meeting_key(p.plan.publication.meeting) == key for p in self._waiting)

    def add(self, pending: Pending) -> None:
        texts = pending.texts
        if texts and self._pool.embeds_in_workers:
            pending.future = self._pool.embed_later(texts)
        else:
            self._unencoded += len(texts)
        self._waiting.append(pending)
        if self._unencoded >= self._group:
            self.encode_waiting()
        self.commit_ready(block=len(self._waiting) > self._limit)

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

    def commit_ready(self, block: bool = False) -> None:
        """Commit from the head while meetings are ready; with `block`, wait for the head once."""
        while self._waiting and (self._waiting[0].ready() or block):
            self._commit(self._waiting[0])
            self._waiting.popleft()
            block = False

    def flush(self) -> None:
        self.encode_waiting()
        while self._waiting:
            self._commit(self._waiting[0])
            self._waiting.popleft()

    def first_waiting(self) -> Path | None:
        """The first file not committed yet (where an ingest that lost the vector store stopped)."""
        return self._waiting[0].result.path if self._waiting else None

    def _commit(self, pending: Pending) -> None:
        plan, summary = pending.plan, self._summary
        if plan is not None and plan.writes:
            vectors = pending.vectors
            if vectors is None and pending.future is not None:
                embedded = self._pool.vectors(pending.future, pending.texts)
                summary.add_time("embed", embedded.seconds, embedded.cpu)
                summary.encoded += len(embedded.vectors)
                vectors = embedded.vectors
            if vectors is None:  # a group not encoded yet: only when the head must go before its group is full
                self.encode_waiting()
                vectors = pending.vectors
            commit_plan(self._index, plan, vectors if vectors is not None else np.zeros((0, 0)), summary)
        summary.count(pending.result, len(plan.chunks) if plan is not None and plan.change is not Change.SUPERSEDED
                      else 0, plan.change if plan is not None else None)
        if self._on_result is not None:
            self._on_result(pending.result)


def ingest_into(index: ReferatIndex, paths: Sequence[Path], municipality: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, on_result: Callable[[SourceResult], None] | None = None,
                workers: int | None = None) -> IngestSummary:
    """Read and index each file; a bad file is counted and reported, the rest go on. Ends with the lexical index
    in step with the catalog (even when interrupted), so an ingest is always searchable both ways. `workers`:
    processes that read files ahead (default: by the number of files and cores)."""
    summary = IngestSummary()
    # The lexical analysis of every text read, made by the workers beside reading: the index built at the end only
    # adds the compound parts.
    analysed: dict[str, TextTerms] = {}
    count = worker_count(len(paths), os.cpu_count() or 1) if workers is None else workers
    try:
        with SourcePool(index.embedder, count) as pool:
            queue = CommitQueue(index, pool, summary, on_result)
            current: Path | None = None
            try:
                for prepared in pool.prepared(paths, municipality, max_bytes, index.chunking):
                    current = prepared.result.path
                    summary.add_time("read", prepared.seconds, prepared.cpu)
                    summary.add_time("analyse", prepared.analyse_seconds, prepared.analyse_cpu)
                    analysed.update(zip([c.text for c in prepared.chunks], prepared.terms, strict=True))
                    publication = prepared.result.publication
                    if publication is None:
                        queue.add(Pending(prepared.result, None))
                        continue
                    # A meeting that may be a version of one still waiting is planned against the catalog only
                    # after that one is written: precedence and the unchanged check read the catalog.
                    if queue.holds(meeting_key(publication.meeting)):
                        queue.flush()
                    with summary.timed("plan"):
                        plan = plan_publication(index, publication, prepared.chunks)
                    queue.add(Pending(prepared.result, plan))
                queue.flush()
                current = None
                with summary.timed("vectors"):
                    summary.stale_vectors = index.remove_stale_vectors()
            except VectorStoreUnavailable as error:
                # What is committed stays; the next run picks up this meeting and the rest.
                where = queue.first_waiting() or current
                summary.stopped = (f"{error}; stopped at {where.name}, the meetings before it are indexed"
                                   if where is not None else f"{error}; every meeting is indexed, stale vectors "
                                   "were not looked for")
    finally:
        with summary.timed("lexical"):
            index.refresh_lexical(analysed)
    return summary
