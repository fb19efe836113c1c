"""PDF documents → pages of lines (pypdf), with the typography the text layer carries: font size, bold fonts,
the vertical gaps between lines. What the lines mean is read by ingest.formats.general, as for every medium.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.formats.layout import Line, clean_text
from referat.errors import IngestError

# Baseline distance, in multiples of the font size, beyond which a line starts a new block. Lines in a paragraph
# sit ~1.12 apart in FirstAgenda exports, fields and list entries ~1.6 and ~2.1.
_GAP_RATIO = 1.4


def read_pdf_pages(data: bytes) -> list[list[Line]]:
    """The text lines of every page in reading order, page furniture still in place."""
    reader = _open_reader(data)
    try:
        raw_pages = [_page_fragments(page) for page in reader.pages]
    except FileNotDecryptedError:
        raise IngestError("encrypted PDF: cannot read without a password") from None
    except DependencyError as error:
        raise IngestError(f"encrypted PDF: {error}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        # pypdf reports damage deep inside page streams as whatever Python error the bad bytes provoke.
        raise IngestError(f"corrupt or truncated PDF: {type(error).__name__}: {error}") from None
    if not any(raw_pages):
        raise IngestError("PDF has no text layer (scanned?): run OCR first, e.g. ocrmypdf")
    body_size = _body_size(raw_pages)
    return [_style_lines(lines, body_size, number) for number, lines in enumerate(raw_pages, start=1)]


def _open_reader(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("encrypted PDF: cannot read without a password")
        page_count = len(reader.pages)
    except DependencyError as error:
        raise IngestError(f"encrypted PDF: {error}") from None
    except FileNotDecryptedError:
        raise IngestError("encrypted PDF: cannot read without a password") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise IngestError(f"corrupt or truncated PDF: {type(error).__name__}: {error}") from None
    if page_count == 0:
        raise IngestError("PDF has 0 pages")
    return reader


@dataclass(slots=True)
class _Fragment:
    text: str
    y: float
    size: float
    bold: bool


def _page_fragments(page: Any) -> list[list[_Fragment]]:
    """The inked lines of one page, each as the text runs pypdf reports with their fonts and positions."""
    fragments: list[_Fragment | None] = []  # None marks a line break

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Mapping[str, Any] | None,
              size: float) -> None:
        for index, part in enumerate(text.split("\n")):
            if index:
                fragments.append(None)
            if part:
                fragments.append(_fragment(part, cm, tm, font, size))

    page.extract_text(visitor_text=visit)
    raw_lines: list[list[_Fragment]] = [[]]
    for fragment in fragments:
        if fragment is None:
            raw_lines.append([])
        else:
            raw_lines[-1].append(fragment)
    return [line for line in raw_lines if "".join(f.text for f in line).strip()]


def _fragment(text: str, cm: Sequence[float], tm: Sequence[float], font: Mapping[str, Any] | None,
              size: float) -> _Fragment:
    # Text space → device space is tm·cm; the baseline height and the rendered font size both go through it.
    a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
    c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    name = str(font.get("/BaseFont", "")) if font else ""
    return _Fragment(text=text, y=y, size=size * scale, bold=bool(re.search(r"bold|black|heavy", name, re.IGNORECASE)))


def _body_size(pages: Sequence[Sequence[Sequence[_Fragment]]]) -> float:
    """The rendered size of most characters in the document; headings are measured against it. Per page it
    would fail on short pages, where a two-line title can outweigh the body."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            for fragment in line:
                sizes[round(fragment.size, 1)] += len(fragment.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _style_lines(lines: Sequence[Sequence[_Fragment]], body_size: float, page: int) -> list[Line]:
    styled: list[Line] = []
    previous: _Fragment | None = None
    for raw in lines:
        ink = [f for f in raw if f.text.strip()]
        text = clean_text("".join(f.text for f in raw))
        first = ink[0]
        bold = all(f.bold for f in ink)
        lead_parts = []
        for fragment in ink:
            if not fragment.bold:
                break
            lead_parts.append(fragment.text)
        lead = clean_text("".join(lead_parts)) if lead_parts and not bold else None
        gap = None if previous is None else abs(previous.y - first.y) > _GAP_RATIO * max(first.size, 1.0)
        size = min(f.size for f in ink) / body_size if body_size else None
        styled.append(Line(text=text, page=page, bold=bold, size=size, gap_before=gap, lead=lead or None,
                           y=round(first.y, 1)))
        previous = first
    return styled
