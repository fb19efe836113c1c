"""Word .docx documents → lines (python-docx): paragraphs and table rows in document order, with bold runs,
font sizes and "Heading N" styles as typography. Running headers and footers live in their own parts of the file
and are never read into the body."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.formats.layout import Line, clean_text
from referat.errors import IngestError

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(?P<level>\d)$|^title$|^titel$", re.IGNORECASE)


def looks_like_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_pages(data: bytes) -> list[list[Line]]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(f"corrupt Word document: {type(error).__name__}: {error}") from None
    raw = list(_blocks(document))
    sizes: Counter[float] = Counter()
    for _, _, runs, _, _ in raw:
        for text, _, size in runs:
            if size:
                sizes[size] += len(text.strip())
    body = sizes.most_common(1)[0][0] if sizes else None
    lines: list[Line] = []
    page = 1
    for level, break_before, runs, gap, _ in raw:
        page += break_before
        for text, bold, size, lead in _split_lines(runs):
            relative = size / body if size and body else 1.0
            lines.append(Line(text, page, bold=bold or level is not None, size=relative, level=level,
                              gap_before=gap if lines else None, lead=lead))
            gap = False
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return [pages[number] for number in sorted(pages)] or [[]]


_Run = tuple[str, bool, float | None]


def _blocks(document: Document) -> Iterator[tuple[int | None, int, list[_Run], bool, str]]:
    """(heading level, page breaks before, runs, gap before, kind) per paragraph or table row, in order."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph(block)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [clean_text(cell.text) for cell in row.cells]
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                if unique:
                    yield None, 0, [("\t".join(unique), False, None)], True, "row"


def _paragraph(paragraph: Paragraph) -> tuple[int | None, int, list[_Run], bool, str]:
    style = paragraph.style.name if paragraph.style is not None else ""
    match = _HEADING_STYLE.match(style or "")
    level = (int(match.group("level")) if match.group("level") else 1) if match else None
    breaks = 1 if paragraph.paragraph_format.page_break_before else 0
    runs: list[_Run] = []
    for run in paragraph.runs:
        # A manual page break inside the paragraph counts as one before it: lines are paged, not split.
        if 'w:type="page"' in run._r.xml:
            breaks = 1
        bold = bool(run.bold) or bool(paragraph.style is not None and paragraph.style.font.bold and run.bold is None)
        size = run.font.size.pt if run.font.size else (
            paragraph.style.font.size.pt if paragraph.style is not None and paragraph.style.font.size else None)
        runs.append((run.text, bold, size))
    return level, breaks, runs, True, "paragraph"


def _split_lines(runs: list[_Run]) -> Iterator[tuple[str, bool, float | None, str | None]]:
    """A paragraph's runs as lines (a manual line break ends a line), each with its weight, size and bold lead."""
    current: list[_Run] = []
    for text, bold, size in runs:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                yield from _line(current)
                current = []
            if part:
                current.append((part, bold, size))
    yield from _line(current)


def _line(runs: list[_Run]) -> Iterator[tuple[str, bool, float | None, str | None]]:
    text = clean_text("".join(t for t, _, _ in runs))
    if not text:
        return
    ink = [r for r in runs if r[0].strip()]
    bold = all(b for _, b, _ in ink)
    lead_parts = []
    for t, b, _ in ink:
        if not b:
            break
        lead_parts.append(t)
    lead = clean_text("".join(lead_parts)) if lead_parts and not bold else None
    sizes = [s for _, _, s in ink if s]
    yield text, bold, min(sizes) if sizes else None, lead or None
