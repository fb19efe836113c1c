"""Files → publications → chunk counts, for dry runs and benchmarks that do not write an index. Pure except for
reading files; indexing them is `index.storage.ingestion`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.chunking import ChunkingConfig, chunk_items
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, read_sources


def parse_and_chunk(paths: Iterable[Path], municipality: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                    chunking: ChunkingConfig = ChunkingConfig()) -> Iterator[tuple[SourceResult, int]]:
    """Each file's result with its chunk count."""
    for result in read_sources(paths, municipality, max_bytes):
        chunks = len(chunk_items(result.publication.items, chunking)) if result.publication else 0
        yield result, chunks
