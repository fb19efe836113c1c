"""The vector store: Chroma, embedded (PersistentClient) or a server (HttpClient). The only module that speaks Chroma."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from index.errors import EmbedderMismatch, IndexingError
from index.model import Filters, Hit
from ingest.model import Chunk

log = logging.getLogger(__name__)

COLLECTION = "referat_chunks"


def date_number(day: object) -> int:
    """Dates as sortable integers (20250827): Chroma filters compare numbers, not strings."""
    return int(day.strftime("%Y%m%d"))  # type: ignore[attr-defined]


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    item, meeting = chunk.item, chunk.item.meeting
    return {
        "item_id": item.id,
        "meeting_id": meeting.id,
        "committee": meeting.committee,
        "date": date_number(meeting.date),
        "kind": meeting.kind.value,
        "number": item.number,
        "title": item.title,
        "case_number": item.case_number or "",
        "section_kind": chunk.section_kind.value,
        "has_decision": item.decision is not None,
    }


def filters_to_where(filters: Filters) -> dict[str, object] | None:
    """Chroma's `where` for the filters it can apply exactly; committee and case matching happen in the retriever."""
    clauses: list[dict[str, object]] = []
    if filters.date_from:
        clauses.append({"date": {"$gte": date_number(filters.date_from)}})
    if filters.date_to:
        clauses.append({"date": {"$lte": date_number(filters.date_to)}})
    if filters.kind:
        clauses.append({"kind": filters.kind.value})
    if filters.with_decision:
        clauses.append({"has_decision": True})
    if filters.committee:
        clauses.append({"committee": filters.committee})
    if filters.case_number:
        clauses.append({"case_number": filters.case_number})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _hits_from_query(result: dict[str, list[list[object]]]) -> list[Hit]:
    ids, docs = result["ids"][0], result["documents"][0]  # type: ignore[index]
    metas, distances = result["metadatas"][0], result["distances"][0]  # type: ignore[index]
    return [
        Hit(chunk_id=str(i), item_id=str(m["item_id"]), score=1.0 - float(d), text=str(t),  # type: ignore[index]
            section_kind=str(m["section_kind"]))  # type: ignore[index]
        for i, t, m, d in zip(ids, docs, metas, distances)
    ]


def connect(data_dir: Path, chroma_url: str | None = None):  # noqa: ANN201 — chromadb's client type
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
    def __init__(self, client: object, embedder_name: str, dimension: int, collection: str = COLLECTION) -> None:
        self._client = client
        self._collection = client.get_or_create_collection(  # type: ignore[attr-defined]
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
        self._batch = int(client.get_max_batch_size())  # type: ignore[attr-defined]

    def count(self) -> int:
        return int(self._collection.count())

    def ids_for_meeting(self, meeting_id: str) -> set[str]:
        return set(self._collection.get(where={"meeting_id": meeting_id}, include=[])["ids"])

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        for start in range(0, len(chunks), self._batch):
            part = chunks[start:start + self._batch]
            self._collection.upsert(
                ids=[c.id for c in part], embeddings=vectors[start:start + self._batch],
                documents=[c.text for c in part], metadatas=[chunk_metadata(c) for c in part],
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self._batch):
            self._collection.delete(ids=ids[start:start + self._batch])

    def query(self, vector: np.ndarray, n: int, filters: Filters = Filters()) -> list[Hit]:
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(
            query_embeddings=[vector], n_results=min(n, total), where=filters_to_where(filters),
            include=["documents", "metadatas", "distances"],
        )
        return _hits_from_query(result)

    @staticmethod
    def reset(client: object, collection: str = COLLECTION) -> None:
        try:
            client.delete_collection(collection)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 — a missing collection is already reset
            log.debug("no collection %s to delete", collection)
