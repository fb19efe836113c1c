"""What an ingest did: counts of meetings, items and chunks by what became of them, and seconds per stage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ingest.reader import SourceResult


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
    # Seconds per stage (read, analyse, plan, cache, embed, vectors, catalog, ahead: the lexical index scored while
    # the last vectors are written, lexical: its build at the end), wall and CPU of the process that ran it; stages
    # overlap, so they add up to more than the wall time when workers run beside the writer.
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
