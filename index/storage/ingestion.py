"""Ingestion: read files into the index, one meeting at a time. A newer version of a meeting (its minutes after its
agenda) replaces the older one and its stale chunks; a bad file is counted and reported, and the rest go on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from index.storage.index import ReferatIndex
from ingest.chunking import chunk_items
from ingest.model import Meeting, MeetingKind, Publication, normalize_key
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, read_sources
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


def add_publication(index: ReferatIndex, publication: Publication) -> tuple[Change, int]:
    """Index one meeting, replacing an earlier version of it (its agenda, say) and its stale chunks; vectors the
    store lacks (lost, or wiped with a shared collection) are embedded again."""
    meeting = publication.meeting
    earlier = index.catalog.meeting(meeting.id) or find_same_meeting(index, meeting)
    if earlier is not None and earlier.kind is MeetingKind.REFERAT and meeting.kind is MeetingKind.DAGSORDEN:
        log.info("%s: the minutes of this meeting (%s) are indexed; its agenda does not replace them",
                 meeting.source, earlier.source)
        return Change.SUPERSEDED, 0
    if earlier is not None and earlier.id != meeting.id:
        index.remove_meeting(earlier.id)
    chunks = chunk_items(publication.items, index.chunking)
    stored = index.catalog.stored_chunks(meeting.id)
    # Ask Chroma itself which ids it holds for the meeting: an interrupted earlier run may have left some, or lost some.
    held = index.vectors.ids_for_meeting(meeting.id)
    ids = {c.id for c in chunks}
    same = stored == {c.id: c.text for c in chunks} and earlier == meeting
    if same and held == ids:
        return Change.UNCHANGED, len(chunks)
    fresh = [c for c in chunks if stored.get(c.id) != c.text or c.id not in held]
    if fresh:
        index.vectors.upsert(fresh, index.embedder.embed_documents([c.text for c in fresh]))
    if stale := held - ids:
        index.vectors.delete(sorted(stale))
    if same:
        return Change.REPAIRED, len(chunks)
    index.catalog.replace_meeting(publication, chunks)
    return (Change.REPLACED if earlier else Change.NEW), len(chunks)


def find_same_meeting(index: ReferatIndex, meeting: Meeting) -> Meeting | None:
    """The one indexed meeting that is this one under another id: same municipality, committee and day, where
    one of the two publications does not state the time (an agenda with "kl. 17.00", minutes without)."""
    key = (normalize_key(meeting.municipality or ""), normalize_key(meeting.committee), meeting.date)
    same = [m for m in index.catalog.meetings_on(meeting.date)
            if (normalize_key(m.municipality or ""), normalize_key(m.committee), m.date) == key
            and m.id != meeting.id and (m.time is None or meeting.time is None)]
    return same[0] if len(same) == 1 else None


def ingest_into(index: ReferatIndex, paths: Sequence[Path], municipality: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                on_result: Callable[[SourceResult], None] | None = None) -> IngestSummary:
    """Read and index each file; a bad file is counted and reported, the rest go on. Ends with the lexical index
    in step with the catalog (even when interrupted), so an ingest is always searchable both ways."""
    summary = IngestSummary()
    try:
        for result in read_sources(paths, municipality, max_bytes):
            chunks, change = 0, None
            if result.publication is not None:
                try:
                    change, chunks = add_publication(index, result.publication)
                except VectorStoreUnavailable as error:
                    # What is committed stays; the next run picks up this meeting and the rest.
                    summary.stopped = f"{error}; stopped at {result.path.name}, the meetings before it are indexed"
                    break
            summary.count(result, chunks, change)
            if on_result is not None:
                on_result(result)
        if summary.stopped is None:
            summary.stale_vectors = index.remove_stale_vectors()
    finally:
        index.refresh_lexical()
    return summary
