"""The index as one thing: catalog (SQLite), vectors (Chroma) and the lexical index, kept consistent by chunk id."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from index.embedding import OFFLINE_NAME, Embedder
from index.storage.catalog import Catalog
from index.storage.embedding_cache import CACHE_FILE, EmbeddingCache
from index.storage.lexical import LexicalIndex
from index.storage.vectors import VectorStore, connect
from ingest.chunking import ChunkingConfig
from referat.errors import EmbedderMismatch

log = logging.getLogger(__name__)
CATALOG_FILE = "catalog.sqlite"


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


def has_index(data_dir: Path) -> bool:
    """True when the folder holds an index (its catalog), as opposed to an empty or mistyped folder."""
    return (data_dir / CATALOG_FILE).exists()


class ReferatIndex:
    def __init__(self, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                 chunking: ChunkingConfig = ChunkingConfig()) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        self.chunking = chunking
        self.catalog = Catalog(data_dir / CATALOG_FILE)
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
        # A model's vectors are kept by text, and survive a rebuild; the offline vectorizer is cheaper than a lookup.
        self.embedding_cache = None if embedder.offline else EmbeddingCache(data_dir / CACHE_FILE)
        self._lexical: LexicalIndex | None = None

    @classmethod
    def rebuild(cls, data_dir: Path, embedder: Embedder, chroma_url: str | None = None,
                chunking: ChunkingConfig = ChunkingConfig()) -> ReferatIndex:
        """An empty index in place of the old one (another embedder, chunking or a damaged index)."""
        VectorStore.reset(connect(data_dir, chroma_url))
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"{CATALOG_FILE}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(data_dir / "lexical", ignore_errors=True)
        return cls(data_dir, embedder, chroma_url, chunking)

    def remove_meeting(self, meeting_id: str) -> None:
        """Take a meeting, its items and its chunks out of the catalog and the vector store."""
        ids = self.vectors.ids_for_meeting(meeting_id)
        if ids:
            self.vectors.delete(sorted(ids))
        self.catalog.remove_meeting(meeting_id)

    def refresh_lexical(self) -> LexicalIndex:
        """Bring the lexical index in step with the catalog and return it: kept while the catalog is unchanged,
        else loaded from disk, or rebuilt and saved when the saved one is stale."""
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
        if self.embedding_cache is not None:
            self.embedding_cache.close()
