"""The vector store: Chroma, embedded (PersistentClient) or a server (HttpClient). The only module that speaks Chroma."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import numpy as np

from ingest.model import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
from referat.errors import EmbedderMismatch, IndexingError

log = logging.getLogger(__name__)

COLLECTION = "referat_chunks"


def date_number(day: date) -> int:
    """Dates as sortable integers (20250827): Chroma filters compare numbers, not strings."""
    return int(day.strftime("%Y%m%d"))


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    """Only what Chroma is asked by: texts and the fields filters use live in the catalog and in memory, and every
    stored field costs insertion time (Chroma indexes each one)."""
    return {"meeting_id": chunk.item.meeting.id}


def connect(data_dir: Path, chroma_url: str | None = None) -> ClientAPI:
    import chromadb

    settings = chromadb.Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        if not url.hostname:
            raise IndexingError(f"--chroma-url must look like http://host:port, got {chroma_url!r}")
        return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                   settings=settings)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


class VectorStore:
    def __init__(self, client: ClientAPI, embedder_name: str, dimension: int, collection: str = COLLECTION) -> None:
        self._client = client
        self._collection = client.get_or_create_collection(
            collection, embedding_function=None,
            metadata={"embedder": embedder_name, "dimension": dimension},
            configuration={"hnsw": {"space": "cosine"}},
        )
        built_with = (self._collection.metadata or {}).get("embedder")
        if built_with != embedder_name and self._collection.count() > 0:
            raise EmbedderMismatch(
                f"the index was built with {built_with} but the current embedder is {embedder_name}; "
                f"rebuild it with `python -m ingest --rebuild PATH...` (or run with the model that built it)"
            )
        self._batch = int(client.get_max_batch_size())
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = int(self._collection.count())
        return self._count

    def ids_for_meeting(self, meeting_id: str) -> set[str]:
        return set(self._collection.get(where={"meeting_id": meeting_id}, include=[])["ids"])

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self._count = None
        for start in range(0, len(chunks), self._batch):
            part = chunks[start:start + self._batch]
            self._collection.upsert(
                ids=[c.id for c in part], embeddings=vectors[start:start + self._batch],
                metadatas=[chunk_metadata(c) for c in part],
            )

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> list[tuple[str, float]]:
        """Exact cosine similarity of the given chunks: for filters so narrow that nearest() would miss them."""
        if not ids:
            return []
        found = self._collection.get(ids=list(ids), include=["embeddings"])
        vectors = np.asarray(found["embeddings"], dtype=np.float32)
        return list(zip(found["ids"], (vectors @ vector).tolist(), strict=True))

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        self._count = None
        for start in range(0, len(ids), self._batch):
            self._collection.delete(ids=ids[start:start + self._batch])

    def nearest(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity, best first. Ids only: texts and metadata live in memory, and
        Chroma's metadata filters cost 50-200 ms a query, so filtering happens in the retriever."""
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(query_embeddings=[vector], n_results=min(n, total), include=["distances"])
        distances = result["distances"]
        if distances is None:
            raise IndexingError("the vector store answered a query without distances")
        return [(str(i), 1.0 - float(d)) for i, d in zip(result["ids"][0], distances[0], strict=True)]

    @staticmethod
    def reset(client: ClientAPI, collection: str = COLLECTION) -> None:
        from chromadb.errors import NotFoundError

        try:
            client.delete_collection(collection)
        except NotFoundError:
            log.debug("no collection %s to delete", collection)
