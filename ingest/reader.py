"""Files → publications. The format is detected from content; each file succeeds or fails on its own."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from referat.errors import IngestError, UnsupportedFormat
from ingest.model import DraftMeeting, Publication, build_publication

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = frozenset({".json", ".html", ".htm", ".txt", ".md", ".markdown", ".pdf"})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One file's outcome: a publication, or the one-line reason it could not be read."""

    path: Path
    publication: Publication | None = None
    error: str | None = None


def find_sources(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus files with a minutes suffix found recursively in named folders, sorted, once each."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SOURCE_SUFFIXES and not child.name.startswith("."):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


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


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) * 0.1


def parse_bytes(data: bytes) -> DraftMeeting:
    """Detect the format of `data` and parse it."""
    if not data.strip():
        raise IngestError("empty file")
    if data.lstrip()[:5] == b"%PDF-":
        from ingest.formats.pdf import parse_pdf

        return parse_pdf(data)
    if _looks_binary(data):
        raise UnsupportedFormat("binary file of an unknown format (not PDF, JSON, HTML, text or Markdown)")
    return parse_text(decode_text(data))


def parse_text(text: str) -> DraftMeeting:
    from ingest.formats.firstagenda_json import looks_like_firstagenda_json, parse_firstagenda_json
    from ingest.formats.markdown import looks_like_markdown_minutes, parse_markdown
    from ingest.formats.web_text import looks_like_web_text, parse_web_text

    head = text.lstrip()[:1]
    if head == "{" or (head == "[" and looks_like_firstagenda_json(text)):
        return parse_firstagenda_json(text)
    if head == "<":
        from ingest.formats.firstagenda_html import looks_like_firstagenda_html, parse_firstagenda_html

        if looks_like_firstagenda_html(text):
            return parse_firstagenda_html(text)
        raise UnsupportedFormat("HTML page that is not a FirstAgenda meeting page")
    if looks_like_web_text(text):
        return parse_web_text(text)
    if looks_like_markdown_minutes(text):
        return parse_markdown(text)
    raise UnsupportedFormat("unknown format: not FirstAgenda JSON or web page, PDF, minutes text or Markdown")


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
    draft = parse_bytes(data)
    if municipality:
        draft = DraftMeeting(municipality, draft.committee, draft.date, draft.time, draft.place, draft.items)
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
        except Exception as error:  # noqa: BLE001 — a parser bug on one file must not stop the run
            log.debug("%s: unexpected error", path, exc_info=True)
            yield SourceResult(path, error=f"unexpected error: {type(error).__name__}: {error}")
