"""Files → publications → chunks, with the counts the CLI and benchmarks report. Pure except for reading files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import ChunkingConfig, chunk_items
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, read_sources


@dataclass(slots=True)
class IngestSummary:
    meetings: int = 0
    items: int = 0
    items_with_decision: int = 0
    chunks: int = 0
    unchanged: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)

    def count(self, result: SourceResult, chunks: int) -> None:
        if result.publication is None:
            self.failures.append((result.path, result.error or "unknown error"))
            return
        self.meetings += 1
        self.items += len(result.publication.items)
        self.items_with_decision += sum(1 for i in result.publication.items if i.decision is not None)
        self.chunks += chunks

    def describe(self) -> str:
        text = (f"{self.meetings} meetings, {self.items} items ({self.items_with_decision} with a decision), "
                f"{self.chunks} chunks, {len(self.failures)} failed")
        return text + (f", {self.unchanged} unchanged" if self.unchanged else "")


def parse_and_chunk(paths: Iterable[Path], municipality: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                    chunking: ChunkingConfig = ChunkingConfig()) -> Iterator[tuple[SourceResult, int]]:
    """Each file's result with its chunk count, for dry runs and benchmarks that do not write an index."""
    for result in read_sources(paths, municipality, max_bytes):
        chunks = len(chunk_items(result.publication.items, chunking)) if result.publication else 0
        yield result, chunks
