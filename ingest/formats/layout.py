"""The common representation every document medium is read into: printed lines with what the typography says.

PDF, Word, HTML and plain text each turn their content into pages of `Line`s; everything after that (page
furniture, table of contents, header, items, sections) works on lines alone and knows nothing of the medium.
A style hint is None where the medium cannot tell (plain text has no bold), and the readers then fall back on
wording alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

# A line set this much larger than the body text is set in heading type.
HEADING_SIZE_RATIO = 1.12


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line."""

    text: str
    page: int = 0
    # The whole line in bold type.
    bold: bool | None = None
    # Font size relative to the document's body text (1.0 = body size).
    size: float | None = None
    # Heading level the medium declares: HTML h1–h6, Word "Heading N" styles, Markdown "#".
    level: int | None = None
    # A visible gap (or blank line) above the line: a new paragraph rather than the next line of one.
    gap_before: bool | None = None
    # The emphasised run the line opens with ("Beslutning:" in bold, then regular text), when there is one.
    lead: str | None = None
    # Where on the page the line sits (PDF baseline height); running headers and footers keep theirs page after page.
    y: float | None = None


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def is_styled(line: Line) -> bool:
    """Whether the medium told anything about the line's typography."""
    return line.bold is not None or line.size is not None or line.level is not None


def is_emphasised(line: Line) -> bool:
    """Set apart from body text by weight, size or a declared heading level (capitals are judged separately)."""
    return bool(line.level is not None or line.bold or (line.size is not None and line.size >= HEADING_SIZE_RATIO))


def emphasis_rank(line: Line) -> tuple[int, int, int]:
    """How strongly a line stands out, for comparing an item line with the lines after it."""
    size = round((line.size or 1.0) * 10)
    level = 7 - line.level if line.level is not None else 0
    return level, size, int(bool(line.bold))


def clean_text(text: str) -> str:
    """Runs of spaces as one; tabs (table cells) kept, one per cell boundary."""
    text = re.sub(r"[ \u00a0\u2002-\u200b]+", " ", text)
    return re.sub(r" ?\t[ \t]*", "\t", text).strip()


def without_style(lines: Iterable[Line]) -> list[Line]:
    """The same lines as plain text carries them: no typography, no spacing."""
    return [replace(line, bold=None, size=None, level=None, gap_before=None, lead=None, y=None) for line in lines]


def split_pages(lines: Sequence[Line]) -> list[list[Line]]:
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return [pages[number] for number in sorted(pages)]
