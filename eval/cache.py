"""Eval indexes built once per corpus: a folder keyed by what decides the index's content.

The key hashes the corpus files' names and bytes, the embedder's name, the chunking and municipality settings and the
source of the code that parses, chunks and indexes, so a parser fix or another model gets a fresh index while
repeated runs reuse the old one."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from tqdm.auto import tqdm

from index.embedding import Embedder
from index.indexer import ReferatIndex, ingest_into
from ingest.chunking import ChunkingConfig
from ingest.reader import SourceResult, find_sources

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
# Modules whose code decides what an index holds (not how it is searched or answered).
BUILD_CODE = ("ingest", "index/indexer.py", "index/catalog.py", "index/lexical.py", "index/analysis.py",
              "index/store.py", "index/embedding.py")
MARKER = "eval-index.json"
KEY_VERSION = 1


def _code_files() -> list[Path]:
    files: list[Path] = []
    for entry in BUILD_CODE:
        path = ROOT / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else [])
    return files


def cache_key(sources: Sequence[Path], embedder_name: str, municipality: str | None = None,
              chunking: ChunkingConfig = ChunkingConfig()) -> str:
    """A short hex digest of everything that decides the built index's content."""
    digest = hashlib.sha256(f"v{KEY_VERSION}\x1f{embedder_name}\x1f{municipality or ''}\x1f{chunking!r}".encode())
    for path in sorted(sources, key=lambda p: (p.name, str(p))):
        digest.update(b"\x1esource\x1f" + path.name.encode() + b"\x1f" + hashlib.sha256(path.read_bytes()).digest())
    for path in _code_files():
        digest.update(b"\x1ecode\x1f" + str(path.relative_to(ROOT)).encode() + b"\x1f"
                      + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def open_cached_index(corpus: Sequence[Path], embedder: Embedder, cache_root: Path, municipality: str | None = None,
                      progress: bool = True) -> tuple[ReferatIndex, Path, dict[str, object]]:
    """The index of `corpus` in cache_root/<key>, built when missing or unfinished; with what the build reported."""
    sources = find_sources(corpus)
    if not sources:
        raise FileNotFoundError(f"no minutes files found in {', '.join(map(str, corpus))}")
    folder = cache_root / cache_key(sources, embedder.name, municipality)
    marker = folder / MARKER
    if marker.exists():
        log.info("reusing the eval index in %s", folder)
        return ReferatIndex(folder, embedder), folder, json.loads(marker.read_text(encoding="utf-8"))
    # An unfinished build (interrupted) is resumed: meetings already indexed are recognised as unchanged.
    log.info("%s an eval index of %d files in %s with %s", "resuming" if folder.exists() else "building",
             len(sources), folder, embedder.name)
    index = ReferatIndex(folder, embedder)
    with tqdm(total=len(sources), desc="eval: indexing", unit="file", disable=not progress, leave=False) as bar:
        def advance(result: SourceResult) -> None:
            bar.update(1)

        summary = ingest_into(index, sources, municipality, on_result=advance)
    for path, error in summary.failures:
        log.warning("%s: %s", path, error)
    built = {
        "key": folder.name, "embedder": embedder.name, "files": len(sources), "summary": summary.describe(),
        "failures": [f"{path}: {error}" for path, error in summary.failures],
    }
    marker.write_text(json.dumps(built, ensure_ascii=False, indent=2), encoding="utf-8")
    return index, folder, built
