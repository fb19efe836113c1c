"""Files → publications. The format is detected from content; each file succeeds or fails on its own."""

from __future__ import annotations

import contextvars
import logging
import os
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pypdf
from charset_normalizer import from_bytes

from ingest.formats.registry import Content, parse_content
from ingest.model import DraftMeeting, Publication, build_publication
from referat.errors import IngestError

log = logging.getLogger(__name__)

# Folders are read whole: every file is tried, and one that no format recognises gets its one-line reason
# rather than vanishing. Only hidden files and these (never minutes) are passed over.
SKIPPED_SUFFIXES = frozenset({".pyc", ".db", ".sqlite", ".sqlite3", ".lock", ".tmp", ".bak", ".ini"})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One file's outcome: a publication, or the one-line reason it could not be read."""

    path: Path
    publication: Publication | None = None
    error: str | None = None


def find_sources(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus every file found recursively in named folders, sorted, once each."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() not in SKIPPED_SUFFIXES and not _hidden(child, path):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in child.relative_to(root).parts)


def decode_text(data: bytes) -> str:
    """UTF-8 when it is; otherwise the best guess, which for Danish Windows files is cp1252 (æøå intact)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "iso8859_1", "iso8859_15", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace")


_current_source: contextvars.ContextVar[Path | None] = contextvars.ContextVar("current_source", default=None)


class _NameTheFile(logging.Filter):
    """pypdf warns about damaged PDFs without saying which file: prefix its warnings with the file being read."""

    def filter(self, record: logging.LogRecord) -> bool:
        path = _current_source.get()
        if path is not None:
            record.msg, record.args = f"{path}: {record.getMessage()}", None
        return True


# Logger filters do not reach records of child loggers, and pypdf logs through one per module (pypdf._reader, ...),
# made when it first warns: give each module's logger the filter now.
for _module in ["pypdf", *(m.name for m in pkgutil.walk_packages(pypdf.__path__, "pypdf."))]:
    logging.getLogger(_module).addFilter(_NameTheFile())


# Bytes that do not occur in text: below tab, and between carriage return and space.
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    # A stray NUL or two (a copy-paste, a bad export) does not make a text binary; binary formats are full of them.
    nuls = sample.count(b"\x00")
    if nuls > max(2, len(sample) // 100) and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > len(sample) * 0.1


def parse_bytes(data: bytes) -> DraftMeeting:
    """Detect the format of `data` (ingest.formats.registry) and parse it."""
    if not data.strip():
        raise IngestError("empty file")
    text = None if _looks_binary(data) else decode_text(data).replace("\x00", "")
    return parse_content(Content(data, text))


def read_publication(path: Path, municipality: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Publication:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror}") from None
    if size > max_bytes:
        raise IngestError(f"file is {size / 1024 / 1024:.0f} MiB, over the {max_bytes / 1024 / 1024:.0f} MiB limit")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror}") from None
    token = _current_source.set(path)
    try:
        draft = parse_bytes(data)
    finally:
        _current_source.reset(token)
    if municipality:
        draft = replace(draft, municipality=municipality)
    return build_publication(draft, source=os.fspath(path))


def read_sources(paths: Iterable[Path], municipality: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceResult]:
    """Read each file independently; a bad file yields its error and the others go on."""
    for path in paths:
        try:
            yield SourceResult(path, publication=read_publication(path, municipality, max_bytes))
        except IngestError as error:
            log.debug("%s: %s", path, error)
            yield SourceResult(path, error=str(error))
        except Exception as error:
            log.debug("%s: unexpected error", path, exc_info=True)
            yield SourceResult(path, error=f"unexpected error: {type(error).__name__}: {error}")
