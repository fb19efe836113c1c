"""The index as one thing: catalog (SQLite), vectors (Chroma) and the lexical index, kept consistent by chunk id.

Two sides. The writer (`ReferatIndex`, under the data folder's lock: one at a time) changes the catalog and the
vectors and publishes a lexical index built at the catalog's version. Readers (`Snapshot`, any number, in any
process) see one published state at a time: the lexical index, a catalog connection and a vector-store handle opened
together, never changed; a newer published version gives a new snapshot."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from index.embedding import OFFLINE_NAME, Embedder
from index.search.analysis import TextTerms
from index.storage.catalog import Catalog
from index.storage.embedding_cache import CACHE_FILE, EmbeddingCache
from index.storage.lexical import LEXICAL_LINK, LexicalIndex, Scoring, published_version
from index.storage.vectors import VectorStore, VectorWriter, collection_name, connect
from ingest.chunking import ChunkingConfig
from referat.errors import EmbedderMismatch, VectorStoreUnavailable, WriterBusy

log = logging.getLogger(__name__)
CATALOG_FILE = "catalog.sqlite"
LOCK_FILE = "writer.lock"


@dataclass(frozen=True, slots=True)
class IndexStats:
    meetings: int
    items: int
    items_with_decision: int
    chunks: int
    vectors: int
    embedder: str
    size_bytes: int
    # Catalog chunks without a vector, and vectors without a catalog chunk (-1: the vector store is unreachable).
    missing_vectors: int = 0
    stale_vectors: int = 0


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def has_index(data_dir: Path) -> bool:
    """True when the folder holds an index (its catalog), as opposed to an empty or mistyped folder."""
    return (data_dir / CATALOG_FILE).exists()


@contextmanager
def writer_lock(data_dir: Path) -> Iterator[None]:
    """The data folder's one writer: a second ingest is refused at once, in one line, instead of interleaving."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # One lock object per path, so that a holder may take it again (the ingest CLI holds it around the engine's).
    lock = FileLock(data_dir / LOCK_FILE, is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise WriterBusy(f"another ingest is writing to {data_dir} (it holds {data_dir / LOCK_FILE}); "
                         "wait until it has finished and try again") from None
    try:
        yield
    finally:
        lock.release()


def check_embedder(catalog: Catalog, embedder: Embedder, data_dir: Path) -> None:
    built_with = catalog.get_meta("embedder")
    if built_with and built_with != embedder.name and catalog.stats().chunks:
        same = "--offline" if built_with.startswith(OFFLINE_NAME) else f"--model {built_with.split(':', 1)[-1]}"
        raise EmbedderMismatch(
            f"the index in {data_dir} was built with {built_with} but the current embedder is {embedder.name}; "
            f"rebuild it with `python -m ingest --rebuild PATH...` (or run with {same})"
        )


def open_vectors(data_dir: Path, embedder: Embedder, chroma_url: str | None, index_id: str | None,
                 fresh: bool = False) -> VectorStore:
    where = f"the Chroma server at {chroma_url}" if chroma_url else f"the vector store in {data_dir / 'chroma'}"
    return VectorStore(connect(data_dir, chroma_url, fresh), embedder.name, embedder.dimension,
                       collection_name(index_id), where)


class ReferatIndex:
    """The writer. Open it only inside `writer_lock`."""

    def __init__(self, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                 chunking: ChunkingConfig = ChunkingConfig()) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chunking = chunking
        self.chroma_url = chroma_url
        self.catalog = Catalog(data_dir / CATALOG_FILE)
        check_embedder(self.catalog, embedder, data_dir)
        index_id = self.catalog.get_meta("index_id")
        if index_id is None:
            # Its own collection from now on; vectors of the shared one are re-embedded by the repair in ingest.
            index_id = uuid.uuid4().hex[:16]
            self.catalog.set_meta("index_id", index_id)
        self._index_id = index_id
        self.vectors = open_vectors(data_dir, embedder, chroma_url, index_id)
        if self.catalog.get_meta("embedder") != embedder.name:
            self.catalog.set_meta("embedder", embedder.name)
        # A model's vectors are kept by text, and survive a rebuild; the offline vectorizer is cheaper than a lookup.
        self.embedding_cache = None if embedder.offline else EmbeddingCache(data_dir / CACHE_FILE)

    @classmethod
    def rebuild(cls, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                chunking: ChunkingConfig = ChunkingConfig()) -> ReferatIndex:
        """An empty index in place of the old one (another embedder, chunking or a damaged index)."""
        if has_index(data_dir):
            old = Catalog(data_dir / CATALOG_FILE)
            old_id = old.get_meta("index_id")
            old.close()
            # Only this folder's own collection: the legacy shared one may hold other folders' vectors.
            if old_id is not None:
                VectorStore.reset(connect(data_dir, chroma_url), collection_name(old_id))
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"{CATALOG_FILE}{suffix}").unlink(missing_ok=True)
        link = data_dir / LEXICAL_LINK
        if link.is_symlink():
            link.unlink()
        for folder in [link, *data_dir.glob(f"{LEXICAL_LINK}-*")]:
            shutil.rmtree(folder, ignore_errors=True)
        return cls(data_dir, embedder, chroma_url, chunking)

    @contextmanager
    def vector_writer(self, separate: bool) -> Iterator[VectorWriter]:
        """What writes the vectors of an ingest: with `separate`, an embedded store is written by a process of its
        own, and this index's client is opened anew afterwards (an embedded client never sees another's writes)."""
        writer = VectorWriter(self.vectors, self.data_dir if separate and self.chroma_url is None else None)
        try:
            yield writer
        finally:
            reopen = writer.separate
            writer.close()
            if reopen:
                self.vectors = open_vectors(self.data_dir, self.embedder, self.chroma_url, self._index_id, fresh=True)

    def refresh_lexical(self, analysed: Mapping[str, TextTerms] | None = None,
                        ahead: Scoring | None = None) -> LexicalIndex:
        """Build the lexical index at the catalog's version and publish it, unless the published one is current.
        `analysed`: texts analysed already, by text (the ingest's workers do it beside reading); `ahead`: the
        texts scored ahead, used when they are the catalog's."""
        version = self.catalog.version()
        # The version first (one small file), so a stale index is not loaded whole only to be replaced.
        published = LexicalIndex.load(self.data_dir) if published_version(self.data_dir) == version else None
        if published is not None and published.version == version:
            return published
        rows = self.catalog.chunk_rows()
        log.info("building the lexical index over %d chunks", len(rows))
        lexical = LexicalIndex.build(rows, version, analysed, ahead)
        lexical.publish(self.data_dir)
        return lexical

    def close(self) -> None:
        self.catalog.close()
        if self.embedding_cache is not None:
            self.embedding_cache.close()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One published state for readers: never changed, replaced whole when a newer one is published."""

    data_dir: Path
    embedder: Embedder
    catalog: Catalog
    lexical: LexicalIndex
    # None while the vector store is unreachable: answers then come from the lexical side, and `vector_problem`
    # says why.
    vectors: VectorStore | None
    vector_count: int
    vector_problem: str | None

    @property
    def version(self) -> int:
        return self.lexical.version

    def stats(self, compare: bool = False) -> IndexStats:
        """Counts; with `compare`, also the chunk ids that the catalog and the vector store disagree on (one
        request for every id, so not for the app's status line)."""
        catalog = self.catalog.stats()
        missing = stale = -1 if compare else 0
        vectors = self.vector_count
        if compare and self.vectors is not None:
            try:
                held = self.vectors.ids()
                chunk_ids = self.catalog.chunk_ids()
                missing, stale, vectors = len(chunk_ids - held), len(held - chunk_ids), len(held)
            except VectorStoreUnavailable:
                log.warning("the vector store stopped answering while counting")
        return IndexStats(
            meetings=catalog.meetings, items=catalog.items, items_with_decision=catalog.items_with_decision,
            chunks=catalog.chunks, vectors=vectors, embedder=self.embedder.name,
            size_bytes=folder_size(self.data_dir), missing_vectors=missing, stale_vectors=stale,
        )

    def close(self) -> None:
        self.catalog.close()
        if self.vectors is not None:
            self.vectors.close()


def open_snapshot(data_dir: Path, embedder: Embedder, chroma_url: str | None,
                  lexical: LexicalIndex | None = None, fresh_vectors: bool = True) -> Snapshot:
    """What readers need, opened together: the published lexical index (or `lexical`, already loaded), the catalog
    and the vector store (a fresh embedded client, which alone sees what other processes wrote)."""
    catalog = Catalog(data_dir / CATALOG_FILE)
    check_embedder(catalog, embedder, data_dir)
    if lexical is None:
        lexical = LexicalIndex.load(data_dir) or LexicalIndex.build([], 0)
    vectors: VectorStore | None = None
    problem: str | None = None
    count = 0
    index_id = catalog.get_meta("index_id")
    try:
        # A folder no writer has opened yet has no collection, and a reader must not create one (it would be the
        # legacy shared one).
        if index_id is not None or catalog.stats().chunks:
            vectors = open_vectors(data_dir, embedder, chroma_url, index_id, fresh_vectors)
            count = vectors.count()
    except VectorStoreUnavailable as error:
        vectors, problem = None, str(error)
        log.info("answering from the lexical side only: %s", error)
    return Snapshot(data_dir, embedder, catalog, lexical, vectors, count, problem)
