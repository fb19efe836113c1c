"""Eval indexes built once per corpus: a folder keyed by what decides the index's content.

The key hashes the corpus files' names and bytes, the embedder's name, the chunking and municipality settings and the
source of the code that parses, chunks and indexes, so a parser fix or another model gets a fresh index while
repeated runs reuse the old one."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

from tqdm.auto import tqdm

import index.embedding
import index.search.analysis
import index.storage
import ingest
from index import Engine
from ingest.chunking import ChunkingConfig
from ingest.reader import SourceResult

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
# Code that decides what an index holds (not how it is searched or answered): packages count with every module in
# them. Module objects, not names, so that a rename fails here instead of silently leaving a module out of the key.
BUILD_CODE: tuple[ModuleType, ...] = (ingest, index.storage, index.search.analysis, index.embedding)
MARKER = "eval-index.json"
KEY_VERSION = 1


@dataclass(frozen=True, slots=True)
class BuiltIndex:
    """What building a cached index reported (kept beside it, in the marker file)."""

    key: str
    embedder: str
    files: int
    summary: str
    failures: tuple[str, ...]


def code_files(modules: Sequence[ModuleType] = BUILD_CODE) -> list[Path]:
    """The source files of the modules: a package's whole folder, a module's own file."""
    files: list[Path] = []
    for module in modules:
        if module.__file__ is None:
            raise ValueError(f"{module.__name__} has no source file")
        path = Path(module.__file__)
        files.extend(sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path])
    return files


def cache_key(sources: Sequence[Path], embedder_name: str, municipality: str | None = None,
              chunking: ChunkingConfig = ChunkingConfig()) -> str:
    """A short hex digest of everything that decides the built index's content."""
    digest = hashlib.sha256(f"v{KEY_VERSION}\x1f{embedder_name}\x1f{municipality or ''}\x1f{chunking!r}".encode())
    for path in sorted(sources, key=lambda p: (p.name, str(p))):
        digest.update(b"\x1esource\x1f" + path.name.encode() + b"\x1f" + hashlib.sha256(path.read_bytes()).digest())
    for path in code_files():
        digest.update(b"\x1ecode\x1f" + str(path.relative_to(ROOT)).encode() + b"\x1f"
                      + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def build_once(engine: Engine, sources: Sequence[Path], folder: Path, embedder_name: str,
               progress: bool = True) -> BuiltIndex:
    """Index `sources` into the engine over `folder` unless a finished build is there; what the build reported."""
    marker = folder / MARKER
    if marker.exists():
        log.info("reusing the eval index in %s", folder)
        raw = json.loads(marker.read_text(encoding="utf-8"))
        return BuiltIndex(raw["key"], raw["embedder"], raw["files"], raw["summary"], tuple(raw["failures"]))
    # An unfinished build (interrupted) is resumed: meetings already indexed are recognised as unchanged.
    log.info("building an eval index of %d files in %s with %s", len(sources), folder, embedder_name)
    with tqdm(total=len(sources), desc="eval: indexing", unit="file", disable=not progress, leave=False) as bar:
        def advance(result: SourceResult) -> None:
            bar.update(1)

        summary = engine.ingest(sources, on_result=advance)
    for path, error in summary.failures:
        log.warning("%s: %s", path, error)
    built = BuiltIndex(folder.name, embedder_name, len(sources), summary.describe(),
                       tuple(f"{path}: {error}" for path, error in summary.failures))
    marker.write_text(json.dumps({**asdict(built), "failures": list(built.failures)}, ensure_ascii=False, indent=2),
                      encoding="utf-8")
    return built
