"""Files → prepared meetings (read, parsed, chunked), made ahead of the writer in worker processes.

Reading and chunking are pure functions of a file, and so is the offline vectorizer, so both run in worker processes
while the main process writes Chroma and the catalog (Chroma's native insertion holds the GIL, so a thread would not
overlap with it). Results come back in the order of the paths; at most `ahead` files are in flight."""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from index.embedding import Embedder, HashingEmbedder
from index.search.analysis import TextTerms, analyse_text
from ingest.chunking import ChunkingConfig, chunk_items
from ingest.model import Chunk
from ingest.reader import SourceResult, read_sources

log = logging.getLogger(__name__)

# Below this many files a worker process costs more to start (a fresh interpreter) than it saves.
MIN_FILES_FOR_WORKERS = 8
MAX_WORKERS = 4


@dataclass(frozen=True, slots=True)
class PreparedSource:
    """One file read, parsed and chunked, and its chunks analysed for the lexical index (`terms`, one per chunk);
    the seconds (wall and CPU) reading and analysing took, wherever they ran."""

    result: SourceResult
    chunks: tuple[Chunk, ...]
    terms: tuple[TextTerms, ...]
    seconds: float
    cpu: float = 0.0
    analyse_seconds: float = 0.0
    analyse_cpu: float = 0.0


@dataclass(frozen=True, slots=True)
class Embedded:
    vectors: np.ndarray
    seconds: float
    cpu: float


def embed_timed(embedder: Embedder, texts: list[str]) -> Embedded:
    started, started_cpu = time.perf_counter(), time.process_time()
    vectors = embedder.embed_documents(texts)
    return Embedded(vectors, time.perf_counter() - started, time.process_time() - started_cpu)


def worker_count(files: int, cpus: int) -> int:
    """Worker processes for an ingest of `files` files on `cpus` cores: none for a handful of files or one core;
    else all cores but the one the writer (and a model) uses."""
    if files < MIN_FILES_FOR_WORKERS or cpus < 2:
        return 0
    return min(MAX_WORKERS, cpus - 1)


def prepare_source(path: Path, municipality: str | None, max_bytes: int, chunking: ChunkingConfig) -> PreparedSource:
    """Read, parse, chunk and analyse one file; a bad file becomes its one-line error, never an exception."""
    started, started_cpu = time.perf_counter(), time.process_time()
    result = next(read_sources([path], municipality, max_bytes))
    chunks: tuple[Chunk, ...] = ()
    if result.publication is not None:
        try:
            chunks = tuple(chunk_items(result.publication.items, chunking))
        except Exception as error:
            log.debug("%s: chunking failed", path, exc_info=True)
            result = SourceResult(path, error=f"unexpected error: {type(error).__name__}: {error}")
    read, read_cpu = time.perf_counter(), time.process_time()
    terms = tuple(analyse_text(c.text) for c in chunks)
    return PreparedSource(result, chunks, terms, read - started, read_cpu - started_cpu,
                          time.perf_counter() - read, time.process_time() - read_cpu)


_worker_embedder: HashingEmbedder | None = None


def _start_worker(embedder: HashingEmbedder | None) -> None:
    global _worker_embedder
    _worker_embedder = embedder


def _embed_in_worker(texts: list[str]) -> Embedded:
    if _worker_embedder is None:
        raise RuntimeError("this worker was started without an embedder")
    return embed_timed(_worker_embedder, texts)


def _done(value: Embedded) -> Future[Embedded]:
    future: Future[Embedded] = Future()
    future.set_result(value)
    return future


class SourcePool:
    """Prepares files and embeds texts with the offline vectorizer, in worker processes or, with none, in line."""

    def __init__(self, embedder: Embedder, workers: int) -> None:
        self._embedder = embedder
        # Only the offline vectorizer is a pure function worth shipping to a worker; a model stays where it is.
        hashing = embedder if isinstance(embedder, HashingEmbedder) else None
        self.embeds_in_workers = workers > 0 and hashing is not None
        self._pool: ProcessPoolExecutor | None = None
        self._embedding: ProcessPoolExecutor | None = None
        if workers > 0:
            # spawn, not fork: the parent holds Chroma's native threads, which a fork would copy mid-flight.
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(hashing,))
            if hashing is not None:
                # The offline vectors get a process of their own: reading is the ingest's longest chain, and with
                # the vectors made beside it the reading ends sooner and the lexical index is scored while the last
                # vectors are still being made and written.
                self._embedding = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                      initializer=_start_worker, initargs=(hashing,))
            self._ahead = 4 * workers + 4
            log.info("reading files in %d worker process(es)%s", workers,
                     " that also make the offline vectors" if self.embeds_in_workers else "")

    def __enter__(self) -> SourcePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for pool in (self._pool, self._embedding):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def prepared(self, paths: Sequence[Path], municipality: str | None, max_bytes: int,
                 chunking: ChunkingConfig) -> Iterator[PreparedSource]:
        """Each path prepared, in order. Should a worker die (a crash in a native parser), the rest go on in line."""
        if self._pool is None:
            for path in paths:
                yield prepare_source(path, municipality, max_bytes, chunking)
            return
        waiting: deque[tuple[Path, Future[PreparedSource]]] = deque()
        for path in paths:
            if self._pool is None:
                while waiting:
                    yield self._result(*waiting.popleft(), municipality, max_bytes, chunking)
                yield prepare_source(path, municipality, max_bytes, chunking)
                continue
            waiting.append((path, self._pool.submit(prepare_source, path, municipality, max_bytes, chunking)))
            if len(waiting) >= self._ahead:
                yield self._result(*waiting.popleft(), municipality, max_bytes, chunking)
        while waiting:
            yield self._result(*waiting.popleft(), municipality, max_bytes, chunking)

    def _result(self, path: Path, future: Future[PreparedSource], municipality: str | None, max_bytes: int,
                chunking: ChunkingConfig) -> PreparedSource:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("%s: the worker process stopped; reading on in this process", path)
            self._pool, self.embeds_in_workers = None, False
            return prepare_source(path, municipality, max_bytes, chunking)

    def embed_later(self, texts: list[str]) -> Future[Embedded]:
        """The offline vectors of `texts`, made in a worker when there is one."""
        pool = self._embedding or self._pool
        if self.embeds_in_workers and pool is not None:
            try:
                return pool.submit(_embed_in_worker, texts)
            except BrokenProcessPool:
                self._embedding_stopped()
        return _done(embed_timed(self._embedder, texts))

    def _embedding_stopped(self) -> None:
        """The process making the offline vectors died: they are made here from now on (and, when that process was
        the reading worker, the files are read here too)."""
        if self._embedding is not None:
            self._embedding = None
        else:
            self._pool = None
        self.embeds_in_workers = False

    def vectors(self, future: Future[Embedded], texts: list[str]) -> Embedded:
        """The result of `embed_later`, made here should the worker have died meanwhile."""
        try:
            return future.result()
        except BrokenProcessPool:
            self._embedding_stopped()
            return embed_timed(self._embedder, texts)
