"""The vector store: Chroma, embedded (PersistentClient) or a server (HttpClient). The only module that speaks Chroma.

Each data folder has its own collection, named from the index id in its catalog, so folders sharing one server never
see each other's vectors. A server that cannot be reached, or stops answering within the timeouts, raises
VectorStoreUnavailable (one line that says where and why), never a library traceback."""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlparse

import httpx
import numpy as np

from ingest.model import Chunk
from referat.errors import EmbedderMismatch, IndexingError, ReferatError, VectorStoreUnavailable

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.collection_configuration import CreateCollectionConfiguration

log = logging.getLogger(__name__)

# The collection of indexes built before each folder got its own id (and the name of a folder's own collection,
# given its id): one collection per data folder.
LEGACY_COLLECTION = "referat_chunks"
COLLECTION_PREFIX = "referat-"
# A server that does not answer within these is treated as down: one user's question must not hang every other one.
CONNECT_TIMEOUT_SECONDS = 2.0
READ_TIMEOUT_SECONDS = 4.0

# How hard Chroma works to build each embedder's HNSW graph, by embedder name prefix; others get Chroma's defaults
# (ef_construction 100). The offline hashing vectors never rank an answer (their fusion weight is 0, see
# index/search/retrieval.py: offline hybrid is the lexical side) and serve the dense-only eval mode alone, so their
# graph is built with half the effort: on all of Greve 40 → 23 CPU-s of a ~83 CPU-s build, at an ANN recall@10 against
# exact search of 0.86 instead of 0.90 and dense-only hit@5 0.656 instead of 0.662-0.669 (dev part).
_HNSW_BUILD: tuple[tuple[str, dict[str, int]], ...] = (
    ("offline-hashing", {"ef_construction": 50}),
)


def hnsw_configuration(embedder_name: str) -> CreateCollectionConfiguration:
    """The collection's HNSW configuration for an embedder (fixed when the collection is made)."""
    build = next((settings for prefix, settings in _HNSW_BUILD if embedder_name.startswith(prefix)), {})
    # Chroma's own TypedDict: its keys are the settings named in _HNSW_BUILD.
    return cast("CreateCollectionConfiguration", {"hnsw": {"space": "cosine", **build}})


def collection_name(index_id: str | None) -> str:
    return f"{COLLECTION_PREFIX}{index_id}" if index_id else LEGACY_COLLECTION


def date_number(day: date) -> int:
    """Dates as sortable integers (20250827): Chroma filters compare numbers, not strings."""
    return int(day.strftime("%Y%m%d"))


def chunk_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    """Only what Chroma is asked by: texts and the fields filters use live in the catalog and in memory, and every
    stored field costs insertion time (Chroma indexes each one)."""
    return {"meeting_id": chunk.item.meeting.id}


Metadata = dict[str, str | int | bool]


@dataclass(frozen=True, slots=True)
class VectorWrite:
    """Changes to the vector store, applied in order: the ids in `delete` go, then `ids` get their `vectors` (added or
    replaced). Plain ids and arrays, so a write crosses to the writer process cheaply."""

    delete: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    metadatas: tuple[Metadata, ...] = ()
    vectors: np.ndarray | None = None

    @classmethod
    def of(cls, chunks: Sequence[Chunk], vectors: np.ndarray, delete: Iterable[str] = ()) -> VectorWrite:
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        return cls(tuple(sorted(delete)), tuple(c.id for c in chunks), tuple(chunk_metadata(c) for c in chunks),
                   vectors)

    def __len__(self) -> int:
        return len(self.delete) + len(self.ids)

    @classmethod
    def joined(cls, writes: Sequence[VectorWrite]) -> VectorWrite:
        """The writes as one: their deletes, then their vectors (no write may delete what one before it adds)."""
        vectors = [w.vectors for w in writes if w.vectors is not None and len(w.ids)]
        return cls(tuple(i for w in writes for i in w.delete), tuple(i for w in writes for i in w.ids),
                   tuple(m for w in writes for m in w.metadatas), np.concatenate(vectors) if vectors else None)


@dataclass(frozen=True, slots=True)
class Written:
    """The seconds a write took, wall and CPU, in the process that made it."""

    seconds: float
    cpu: float


# What a lost or hung server raises: httpx's transport errors (timeouts among them) and the OS's.
_SERVER_ERRORS: tuple[type[Exception], ...] = (httpx.TransportError, ConnectionError, TimeoutError)
# Chroma's client reports a server it cannot reach at creation as a ValueError.
_CONNECT_ERRORS: tuple[type[Exception], ...] = (*_SERVER_ERRORS, ValueError)


def _check_server(url: str) -> None:
    """One heartbeat with the timeouts, before Chroma's client (whose own first request has none) is made."""
    timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    try:
        httpx.get(url.rstrip("/") + "/api/v2/heartbeat", timeout=timeout).raise_for_status()
    except (httpx.HTTPError, OSError) as error:
        raise VectorStoreUnavailable(f"the Chroma server at {url} cannot be reached ({type(error).__name__}: "
                                     f"{str(error) or 'no answer'})") from None


def connect(data_dir: Path, chroma_url: str | None = None, fresh: bool = False) -> ClientAPI:
    """A client for the folder's embedded store or for the server. `fresh` opens a new embedded client instead of
    Chroma's per-path shared one: only a new one sees what another process has written since (query() answers from
    an in-memory HNSW index that never reloads)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        if not url.hostname:
            raise IndexingError(f"--chroma-url must look like http://host:port, got {chroma_url!r}")
        _check_server(chroma_url)
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                         settings=settings)
        except _CONNECT_ERRORS as error:
            raise VectorStoreUnavailable(f"the Chroma server at {chroma_url} cannot be reached ({error})") from None
        _set_timeouts(client)
        return client
    path = str(data_dir / "chroma")
    if fresh:
        # Forget the cached system for this path (in-flight queries keep theirs), so the next client loads anew.
        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)
    return chromadb.PersistentClient(path=path, settings=settings)


def _set_timeouts(client: ClientAPI) -> None:
    """Chroma's HTTP client is made with no timeout at all; a hung server would hold a request forever."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS)
    else:
        log.warning("could not set timeouts on the Chroma client; a hung server may hold requests")


class VectorStore:
    def __init__(self, client: ClientAPI, embedder_name: str, dimension: int, collection: str = LEGACY_COLLECTION,
                 where: str = "the vector store") -> None:
        self._client = client
        self._where = where
        self.collection_name = collection
        self.embedder_name, self.dimension = embedder_name, dimension
        self._collection = self._call(lambda: client.get_or_create_collection(
            collection, embedding_function=None,
            metadata={"embedder": embedder_name, "dimension": dimension},
            configuration=hnsw_configuration(embedder_name),
        ))
        built_with = (self._collection.metadata or {}).get("embedder")
        if built_with != embedder_name and self.count() > 0:
            raise EmbedderMismatch(
                f"the index was built with {built_with} but the current embedder is {embedder_name}; "
                f"rebuild it with `python -m ingest --rebuild PATH...` (or run with the model that built it)"
            )
        self._batch = int(self._call(client.get_max_batch_size))

    def _call(self, request: Any) -> Any:
        """Run one Chroma request; a lost or hung server becomes VectorStoreUnavailable."""
        try:
            return request()
        except _SERVER_ERRORS as error:
            raise VectorStoreUnavailable(f"{self._where} stopped answering ({type(error).__name__}: "
                                         f"{str(error) or 'no answer'})") from None

    def count(self) -> int:
        return int(self._call(self._collection.count))

    def ids(self) -> set[str]:
        """Every chunk id the store holds (ingest and stats compare them with the catalog's)."""
        return set(self._call(lambda: self._collection.get(include=[]))["ids"])

    def ids_for_meeting(self, meeting_id: str) -> set[str]:
        return set(self._call(lambda: self._collection.get(where={"meeting_id": meeting_id}, include=[]))["ids"])

    def ids_by_meeting(self, page: int = 5000) -> dict[str, set[str]]:
        """Every id the store holds, by the meeting it belongs to ("" for none), read in pages (one request for
        all runs out of SQL variables)."""
        held: dict[str, set[str]] = {}
        offset = 0
        while True:
            found = self._call(lambda offset=offset: self._collection.get(include=["metadatas"], limit=page,
                                                                           offset=offset))
            for chunk_id, metadata in zip(found["ids"], found["metadatas"] or [], strict=True):
                held.setdefault(str((metadata or {}).get("meeting_id", "")), set()).add(chunk_id)
            if len(found["ids"]) < page:
                return held
            offset += page

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        self.apply(VectorWrite.of(chunks, vectors))

    def apply(self, write: VectorWrite) -> Written:
        started, started_cpu = time.perf_counter(), time.process_time()
        if write.delete:
            self.delete(write.delete)
        vectors = write.vectors if write.vectors is not None else np.zeros((0, self.dimension), dtype=np.float32)
        for start in range(0, len(write.ids), self._batch):
            end = start + self._batch
            self._call(lambda start=start, end=end: self._collection.upsert(
                ids=list(write.ids[start:end]), embeddings=vectors[start:end],
                metadatas=list(write.metadatas[start:end]),
            ))
        return Written(time.perf_counter() - started, time.process_time() - started_cpu)

    def similarities(self, vector: np.ndarray, ids: Sequence[str]) -> list[tuple[str, float]]:
        """Exact cosine similarity of the given chunks: for filters so narrow that nearest() would miss them."""
        if not ids:
            return []
        found = self._call(lambda: self._collection.get(ids=list(ids), include=["embeddings"]))
        vectors = np.asarray(found["embeddings"], dtype=np.float32)
        return list(zip(found["ids"], (vectors @ vector).tolist(), strict=True))

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self._batch):
            self._call(lambda start=start: self._collection.delete(ids=ids[start:start + self._batch]))

    def nearest(self, vector: np.ndarray, n: int, total: int) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity, best first. Ids only: texts and metadata live in memory, and
        Chroma's metadata filters cost 50-200 ms a query, so filtering happens in the retriever. `total` is the
        number of vectors the caller expects (the store's count costs a request)."""
        if total == 0 or n == 0:
            return []
        result = self._call(lambda: self._collection.query(query_embeddings=[vector], n_results=min(n, total),
                                                           include=["distances"]))
        distances = result["distances"]
        if distances is None:
            raise IndexingError("the vector store answered a query without distances")
        return [(str(i), 1.0 - float(d)) for i, d in zip(result["ids"][0], distances[0], strict=True)]

    def close(self) -> None:
        """Let go of the client's system (an embedded store's in-memory index, a server client's connections):
        each snapshot opens its own, so without this every refresh would keep one more."""
        from chromadb.api.shared_system_client import SharedSystemClient

        identifier = str(getattr(self._client, "_identifier", ""))
        system = SharedSystemClient._identifier_to_system.get(identifier) if identifier else None
        if system is not None and system is getattr(self._client, "_system", None):
            SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        try:
            if system is not None:
                system.stop()
        except Exception:  # closing must never fail a refresh; the memory is the only thing at stake
            log.debug("stopping a Chroma client failed", exc_info=True)

    @staticmethod
    def reset(client: ClientAPI, collection: str) -> None:
        from chromadb.errors import NotFoundError

        try:
            client.delete_collection(collection)
        except NotFoundError:
            log.debug("no collection %s to delete", collection)


# The writer process's store, and why it stopped writing: after one failed write no later one is made, so no meeting
# after a lost store gets vectors that the catalog will not hold.
_writer_store: VectorStore | None = None
_writer_failure: ReferatError | None = None


def _open_writer_store(data_dir: Path, embedder_name: str, dimension: int, collection: str, where: str) -> None:
    global _writer_store
    _writer_store = VectorStore(connect(data_dir), embedder_name, dimension, collection, where)


def _write_in_writer(write: VectorWrite) -> Written:
    global _writer_failure
    if _writer_failure is not None:
        raise _writer_failure
    if _writer_store is None:
        raise IndexingError("the vector writer process has no store")
    try:
        return _writer_store.apply(write)
    except ReferatError as error:
        _writer_failure = error
        raise
    except Exception as error:  # a library's own exception may not cross back to the ingest intact
        _writer_failure = IndexingError(f"{_writer_store._where} failed to write: {type(error).__name__}: {error}")
        raise _writer_failure from None


# Vectors the writer process takes at once, across meetings: Chroma's cost per call is such that ~1,000 vectors in
# one call take a third less CPU than the same vectors a meeting (~90) at a time.
WRITE_BATCH = 1024


class VectorWriter:
    """Applies writes in order. For an embedded store in a process of its own, in batches of several meetings
    (`batch` vectors): Chroma's native insertion holds the GIL, so in a thread it would stall the work of this
    process, while in a process it runs beside it. A server's store (whose insertion runs in the server), small
    ingests and ingests with a model (where Chroma is a small part) write here, a meeting at a time, at once. After
    `close` the files hold every write; a client opened before does not see them (`fresh` in `connect`)."""

    def __init__(self, store: VectorStore, data_dir: Path | None) -> None:
        self._store = store
        self._pool: ProcessPoolExecutor | None = None
        self.batch = 0
        if data_dir is not None:
            self.batch = WRITE_BATCH
            # spawn, not fork: this process holds Chroma's native threads, which a fork would copy mid-flight.
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_open_writer_store,
                                             initargs=(data_dir, store.embedder_name, store.dimension,
                                                       store.collection_name, store._where))
            # Started now, not at the first write: opening Chroma takes seconds the first vectors need not wait.
            self._pool.submit(_write_in_writer, VectorWrite())
            log.info("writing vectors in a process of their own")

    @property
    def separate(self) -> bool:
        return self._pool is not None

    def submit(self, write: VectorWrite) -> Future[Written]:
        """The write, made in order after every one submitted before; its result raises what the write raised."""
        if self._pool is None:
            done: Future[Written] = Future()
            try:
                done.set_result(self._store.apply(write))
            except ReferatError as error:
                done.set_exception(error)
            return done
        try:
            return self._pool.submit(_write_in_writer, write)
        except BrokenProcessPool:
            raise self._stopped() from None

    def result(self, future: Future[Written]) -> Written:
        try:
            return future.result()
        except BrokenProcessPool:
            raise self._stopped() from None

    def _stopped(self) -> VectorStoreUnavailable:
        return VectorStoreUnavailable(f"{self._store._where}: the process writing vectors stopped")

    def close(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> VectorWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
