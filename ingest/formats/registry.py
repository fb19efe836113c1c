"""The formats the reader knows, as one table of (detect, parse) pairs walked in order: structured publications
with their own adapters first, then every document medium through the general reader. Content that no row
detects is refused with a reason naming what it looks like."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.formats.docx import docx_pages, looks_like_docx
from ingest.formats.firstagenda_html import looks_like_firstagenda_html, parse_firstagenda_html
from ingest.formats.firstagenda_json import looks_like_firstagenda_json, parse_firstagenda_json
from ingest.formats.general import read_pages
from ingest.formats.html_doc import html_pages
from ingest.formats.pdf import read_pdf_pages
from ingest.formats.plain import text_pages
from ingest.formats.sbsys import looks_like_sbsys, parse_sbsys
from ingest.formats.web_text import looks_like_web_text, parse_web_text
from ingest.model import DraftMeeting
from referat.errors import UnsupportedFormat


@dataclass(frozen=True, slots=True)
class Content:
    """A file's bytes, and their text where they are text (None for binary content)."""

    data: bytes
    text: str | None


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    detect: Callable[[Content], bool]
    parse: Callable[[Content], DraftMeeting]


def _text(content: Content) -> str:
    return content.text or ""


def _starts(content: Content, *prefixes: str) -> bool:
    return content.text is not None and content.text.lstrip("\ufeff \r\n\t").startswith(prefixes)


def _is_html(content: Content) -> bool:
    return _starts(content, "<") and bool(re.search(r"<(?:html|body|div|p|h[1-6]|table)\b", _text(content)[:100_000],
                                                    re.IGNORECASE))


FORMATS: tuple[Format, ...] = (
    Format("PDF", lambda c: c.data.lstrip()[:5] == b"%PDF-", lambda c: read_pages(read_pdf_pages(c.data))),
    Format("Word .docx", lambda c: looks_like_docx(c.data), lambda c: read_pages(docx_pages(c.data), furniture=False)),
    # JSON is read as FirstAgenda's, the one JSON publication known, so that its errors name what is missing.
    Format("FirstAgenda JSON", lambda c: _starts(c, "{") or (_starts(c, "[") and looks_like_firstagenda_json(_text(c))),
           lambda c: parse_firstagenda_json(_text(c))),
    Format("SBSYS eDagsorden XML", lambda c: looks_like_sbsys(_text(c)), lambda c: parse_sbsys(_text(c))),
    Format("FirstAgenda web page", lambda c: looks_like_firstagenda_html(_text(c)),
           lambda c: parse_firstagenda_html(_text(c))),
    Format("HTML", _is_html, lambda c: read_pages(html_pages(_text(c)))),
    Format("minutes web text", lambda c: looks_like_web_text(_text(c)), lambda c: parse_web_text(_text(c))),
    Format("text or Markdown", lambda c: c.text is not None and not _starts(c, "{", "[", "<"),
           lambda c: read_pages(text_pages(_text(c)))),
)

# Content recognised only to say why it is not read.
_REFUSALS: tuple[tuple[Callable[[Content], bool], str], ...] = (
    (lambda c: c.data.startswith(b"\xd0\xcf\x11\xe0"), "old Word/Excel file (.doc/.xls): save it as .docx or PDF"),
    (lambda c: c.data.startswith(b"PK\x03\x04"), "ZIP archive that is not a Word .docx document"),
    (lambda c: c.data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")),
     "image file: scanned minutes need OCR into a searchable PDF first (e.g. ocrmypdf)"),
    (lambda c: c.data.startswith(b"{\\rtf"), "RTF document: save it as .docx or PDF"),
    (lambda c: _starts(c, "{", "["), "JSON that is not a FirstAgenda publication (no Moede/Dagsordenpunkter)"),
    (lambda c: _starts(c, "<"), "XML that is not an SBSYS eDagsorden publication or an HTML page"),
)


def known_formats() -> str:
    return ", ".join(f.name for f in FORMATS)


def parse_content(content: Content) -> DraftMeeting:
    """Parse with the first format that recognises the content."""
    for refusal, reason in _REFUSALS[:4]:
        if refusal(content) and not any(f.detect(content) for f in FORMATS[:2]):
            raise UnsupportedFormat(reason)
    for entry in FORMATS:
        if entry.detect(content):
            return entry.parse(content)
    for refusal, reason in _REFUSALS[4:]:
        if refusal(content):
            raise UnsupportedFormat(reason)
    kind = "binary file" if content.text is None else "text"
    raise UnsupportedFormat(f"{kind} in no known format (read: {known_formats()})")
