"""The index as one thing: catalog (SQLite), vectors (Chroma) and the lexical index, kept consistent by chunk id."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from collections.abc import Callable, Sequence

from index.catalog import Catalog
from index.embedding import OFFLINE_NAME, Embedder
from referat.errors import EmbedderMismatch
from index.lexical import LexicalIndex
from index.store import VectorStore, connect
from ingest.chunking import ChunkingConfig, chunk_items
from ingest.model import Meeting, MeetingKind, Publication, normalize_key
from ingest.pipeline import IngestSummary
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, read_sources

log = logging.getLogger(__name__)


class Change(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # An agenda read after the minutes of the same meeting: the minutes stay.
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class IndexStats:
    meetings: int
    items: int
    items_with_decision: int
    chunks: int
    vectors: int
    embedder: str
    size_bytes: int


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


class ReferatIndex:
    def __init__(self, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                 chunking: ChunkingConfig = ChunkingConfig()) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chunking = chunking
        self.catalog = Catalog(data_dir / "catalog.sqlite")
        built_with = self.catalog.get_meta("embedder")
        if built_with and built_with != embedder.name and self.catalog.stats().chunks:
            same = "--offline" if built_with.startswith(OFFLINE_NAME) else f"--model {built_with.split(':', 1)[-1]}"
            raise EmbedderMismatch(
                f"the index in {data_dir} was built with {built_with} but the current embedder is {embedder.name}; "
                f"rebuild it with `python -m ingest --rebuild PATH...` (or run with {same})"
            )
        self._client = connect(data_dir, chroma_url)
        self.vectors = VectorStore(self._client, embedder.name, embedder.dimension)
        self.catalog.set_meta("embedder", embedder.name)
        self._lexical: LexicalIndex | None = None

    @classmethod
    def rebuild(cls, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                chunking: ChunkingConfig = ChunkingConfig()) -> ReferatIndex:
        """An empty index in place of the old one (another embedder, chunking or a damaged index)."""
        VectorStore.reset(connect(data_dir, chroma_url))
        (data_dir / "catalog.sqlite").unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            (data_dir / f"catalog.sqlite{suffix}").unlink(missing_ok=True)
        shutil.rmtree(data_dir / "lexical", ignore_errors=True)
        return cls(data_dir, embedder, chroma_url, chunking)

    def add(self, publication: Publication) -> tuple[Change, int]:
        """Index one meeting, replacing an earlier version of it (its agenda, say) and its stale chunks."""
        meeting = publication.meeting
        earlier = self.catalog.meeting(meeting.id) or self._same_meeting(meeting)
        if earlier is not None and earlier.kind is MeetingKind.REFERAT and meeting.kind is MeetingKind.DAGSORDEN:
            log.info("%s: the minutes of this meeting (%s) are indexed; its agenda does not replace them",
                     meeting.source, earlier.source)
            return Change.SUPERSEDED, 0
        if earlier is not None and earlier.id != meeting.id:
            self.remove_meeting(earlier.id)
        chunks = chunk_items(publication.items, self.chunking)
        stored = self.catalog.stored_chunks(meeting.id)
        if stored == {c.id: c.text for c in chunks} and earlier == meeting:
            return Change.UNCHANGED, len(chunks)
        fresh = [c for c in chunks if stored.get(c.id) != c.text]
        if fresh:
            self.vectors.upsert(fresh, self.embedder.embed_documents([c.text for c in fresh]))
        # Ask Chroma itself which ids it holds for the meeting: an interrupted earlier run may have left some.
        stale = self.vectors.ids_for_meeting(meeting.id) - {c.id for c in chunks}
        if stale:
            self.vectors.delete(sorted(stale))
        self.catalog.replace_meeting(publication, chunks)
        return (Change.UPDATED if earlier else Change.ADDED), len(chunks)

    def _same_meeting(self, meeting: Meeting) -> Meeting | None:
        """The one indexed meeting that is this one under another id: same municipality, committee and day, where
        one of the two publications does not state the time (an agenda with "kl. 17.00", minutes without)."""
        key = (normalize_key(meeting.municipality or ""), normalize_key(meeting.committee), meeting.date)
        same = [m for m in self.catalog.meetings_on(meeting.date)
                if (normalize_key(m.municipality or ""), normalize_key(m.committee), m.date) == key
                and m.id != meeting.id and (m.time is None or meeting.time is None)]
        return same[0] if len(same) == 1 else None

    def remove_meeting(self, meeting_id: str) -> None:
        """Take a meeting, its items and its chunks out of the catalog and the vector store."""
        ids = self.vectors.ids_for_meeting(meeting_id)
        if ids:
            self.vectors.delete(sorted(ids))
        self.catalog.remove_meeting(meeting_id)

    @property
    def lexical(self) -> LexicalIndex:
        """The lexical index in step with the catalog: loaded from disk, or rebuilt and saved when stale."""
        version = self.catalog.version()
        if self._lexical is None or self._lexical.version != version:
            rows = self.catalog.chunk_rows()
            loaded = LexicalIndex.load(self.data_dir / "lexical", rows)
            if loaded is None or loaded.version != version:
                log.info("building the lexical index over %d chunks", len(rows))
                loaded = LexicalIndex.build(rows, version)
                loaded.save(self.data_dir / "lexical")
            self._lexical = loaded
        return self._lexical

    def stats(self) -> IndexStats:
        catalog = self.catalog.stats()
        return IndexStats(
            meetings=catalog.meetings, items=catalog.items, items_with_decision=catalog.items_with_decision,
            chunks=catalog.chunks, vectors=self.vectors.count(), embedder=self.embedder.name,
            size_bytes=folder_size(self.data_dir),
        )

    def close(self) -> None:
        self.catalog.close()


def ingest_into(index: ReferatIndex, paths: Sequence[Path], municipality: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                on_result: Callable[[SourceResult], None] | None = None) -> IngestSummary:
    """Read and index each file; a bad file is counted and reported, the rest go on. Ends with the lexical index
    in step with the catalog, so a finished ingest is always searchable both ways."""
    summary = IngestSummary()
    for result in read_sources(paths, municipality, max_bytes):
        chunks = 0
        if result.publication is not None:
            change, chunks = index.add(result.publication)
            summary.unchanged += change in (Change.UNCHANGED, Change.SUPERSEDED)
        summary.count(result, chunks)
        if on_result is not None:
            on_result(result)
    index.lexical  # noqa: B018 — rebuilds and saves the lexical index when the catalog changed
    return summary
