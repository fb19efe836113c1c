"""Ingestion: read files into the index. A newer version of a meeting (its minutes after its agenda) replaces the
older one and its stale chunks; a bad file is counted and reported, and the rest go on.

The pipeline, as the folder lists it: files are read, chunked and analysed for the lexical index ahead in worker
processes (`sources`); each meeting is planned against the catalog and the vectors held (`planning`: skip, or which
chunks are new); new texts are embedded several meetings at a time (the cache first, then the model in groups it
sorts by length; the offline vectorizer in the workers); meetings are committed in the order of the files, each one
whole (`commits`): vectors first, written by a process of their own for an embedded store, then the catalog, so an
interrupted run re-run finds every committed meeting unchanged and redoes the rest. A meeting whose vectors the store
lacks is repaired; an ingest that loses the vector store stops, keeping what is committed. The lexical index is built
and published once, at the end, from the workers' analysis."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from index.search.analysis import TextTerms
from index.storage.commits import CommitQueue, Pending
from index.storage.index import ReferatIndex
from index.storage.lexical import Scoring
from index.storage.planning import HeldVectors, meeting_key, plan_publication
from index.storage.sources import SourcePool, worker_count
from index.storage.summary import Change, IngestSummary
from index.storage.vectors import VectorWrite
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult
from referat.errors import VectorStoreUnavailable

__all__ = ["Change", "IngestSummary", "ingest_into"]

log = logging.getLogger(__name__)


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
    ahead: Scoring | None = None
    count = worker_count(len(paths), os.cpu_count() or 1) if workers is None else workers
    try:
        # The vector writer gets a process of its own where Chroma is the slowest part (the offline vectors). Beside
        # a model, Chroma is ~1 % of the encoding and a process's start competes with it (40 Greve meetings with
        # all-MiniLM-L6-v2: ratio to the model 0.93 in-line, 0.89 with the process).
        with SourcePool(index.embedder, count) as pool, \
                index.vector_writer(separate=pool.embeds_in_workers) as writer:
            queue: CommitQueue | None = None
            # Where a lost vector store stops the ingest: at the first file until the held vectors are read.
            current: Path | None = paths[0] if paths else None
            try:
                with summary.timed("plan"):
                    held = HeldVectors.load(index.vectors)
                queue = CommitQueue(index, pool, writer, held, summary, on_result)
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
                        plan = plan_publication(index, held, publication, prepared.chunks)
                    queue.add(Pending(prepared.result, plan))
                # While the writer works through the last vectors, score the lexical index of what the catalog
                # will then hold: the build at the end takes it when the catalog holds just that.
                queue.hand_over()
                with summary.timed("ahead"):
                    expected = queue.expected_texts()
                    ahead = Scoring.of(expected, analysed) if expected is not None else None
                queue.flush()
                current = None
                # Vectors whose chunk the catalog does not hold (left by an interrupted run) go.
                stale = held.ids() - index.catalog.chunk_ids()
                if stale:
                    written = writer.result(writer.submit(VectorWrite(delete=tuple(sorted(stale)))))
                    summary.add_time("vectors", written.seconds, written.cpu)
                summary.stale_vectors = len(stale)
            except VectorStoreUnavailable as error:
                # What is committed stays; the next run picks up this meeting and the rest.
                where = (queue.first_waiting() if queue is not None else None) or current
                summary.stopped = (f"{error}; stopped at {where.name}, the meetings before it are indexed"
                                   if where is not None else f"{error}; every meeting is indexed, stale vectors "
                                   "were not looked for")
    finally:
        with summary.timed("lexical"):
            index.refresh_lexical(analysed, ahead)
    return summary
