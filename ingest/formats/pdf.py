"""FirstAgenda PDF exports ("REFERAT Aarhus Byråd d. 27-08-2025").

The export is the meeting web page printed to PDF: a cover page with "Mødedato"/"Mødested", a table of contents
with dotted leaders, then one item per page run, headed "Punkt N: <title>" in large bold type (the title may wrap),
the case number on the next line, and fields whose headings are bold and larger than body text ("Beslutninger",
"Resume", "Beslutningspunkter", "Sagsforløb", "Bilag").

Reading is split in two: `read_pdf_lines` turns PDF bytes into `TextLine`s (text plus what the typography says),
and `parse_agenda_lines` turns lines into a meeting. The second is pure and knows nothing of PDF, because the same
FirstAgenda layout also circulates as Markdown and plain text, where the style hints are missing (None) and plain
text heuristics take over.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.dates import find_date, find_time
from referat.errors import IngestError
from ingest.model import DraftItem, DraftMeeting, Section, SectionKind
from ingest.sections import classify_heading, find_municipality, make_section

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line. The style hints are None where the source cannot tell (plain text, Markdown)."""

    text: str
    # Set in heading type: larger than the document's body text, or bold and naming a known section.
    heading: bool | None = None
    # A visible vertical gap above the line: a new field or list entry rather than the next line of a paragraph.
    gap_before: bool | None = None
    page: int = 0


_TITLE = re.compile(r"^(?P<kind>DAGSORDEN|REFERAT)\s+(?P<committee>.+?)\s+d\.\s*(?P<date>\d{1,2}-\d{1,2}-\d{4})\s*$",
                    re.IGNORECASE)
_LABEL = re.compile(r"^(?P<key>Mødedato|Mødested|Mødetidspunkt)\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^(?:Punkt|Pkt\.?)\s*(?P<number>\d+[a-z]?)\s*[:.]\s*(?P<title>.*\S)\s*$", re.IGNORECASE)
# Journal numbers as FirstAgenda prints them: EMN-2025-003383, 15.00.00-A00-8-21, 21-014439, 25/26257.
_CASE_NUMBER = re.compile(r"^(?:(?:Sags?nr\.?|Sagsnummer|Sag)\s*:?\s*)?(?P<number>[A-ZÆØÅ]{0,5}-?[\dA-Z][\w./-]*\d)$",
                          re.IGNORECASE)
_TOC_HEADING = re.compile(r"^indholdsfortegnelse$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|\t)\s*\d{1,4}\s*$")
_CLOSED = re.compile(r"^\s*lukket\s*(?:punkt)?\s*:", re.IGNORECASE)
# Page furniture that needs no repetition to be recognised: "Side 3 af 28", "3 af 28", "3/28", a bare "3".
_PAGE_NUMBER = re.compile(r"^(?:side\s+)?\d{1,4}(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE)
_MAX_HEADING_CHARS = 120
_MAX_TITLE_LINES = 4
# Share of pages on whose top or bottom lines a line must recur to count as a running header or footer.
_FURNITURE_SHARE = 0.5
_EDGE_LINES = 3
# Baseline distance, in multiples of the font size, beyond which a line starts a new block. Lines in a paragraph
# sit ~1.12 apart in FirstAgenda exports, fields and list entries ~1.6 and ~2.1.
_GAP_RATIO = 1.4
_HEADING_SIZE_RATIO = 1.12


# ---------------------------------------------------------------------------------------------------------------
# PDF bytes → lines


def parse_pdf(data: bytes) -> DraftMeeting:
    """Parse a FirstAgenda PDF export."""
    return parse_agenda_lines(read_pdf_lines(data))


def read_pdf_lines(data: bytes) -> list[TextLine]:
    """The text lines of every page in reading order, without running headers and footers."""
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
    pages = [_style_lines(lines, body_size, number) for number, lines in enumerate(raw_pages, start=1)]
    return strip_page_furniture(pages)


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
    return _Fragment(text=text, y=y, size=size * scale, bold=bool(re.search(r"bold|black|heavy", name, re.I)))


def _body_size(pages: Sequence[Sequence[Sequence[_Fragment]]]) -> float:
    """The rendered size of most characters in the document; headings are measured against it. Per page it
    would fail on short pages, where a two-line title can outweigh the body."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            for fragment in line:
                sizes[round(fragment.size, 1)] += len(fragment.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _style_lines(lines: Sequence[Sequence[_Fragment]], body_size: float, page: int) -> list[TextLine]:
    inked = [[f for f in line if f.text.strip()] for line in lines]
    styled: list[TextLine] = []
    previous: _Fragment | None = None
    for raw, ink in zip(lines, inked):
        text = re.sub(r"\s+", " ", "".join(f.text for f in raw).replace("\xa0", " ")).strip()
        first = ink[0]
        large = min(f.size for f in ink) >= body_size * _HEADING_SIZE_RATIO
        bold = all(f.bold for f in ink)
        heading = large or (bold and classify_heading(text) is not None)
        gap = None if previous is None else abs(previous.y - first.y) > _GAP_RATIO * max(first.size, 1.0)
        styled.append(TextLine(text=text, heading=heading, gap_before=gap, page=page))
        previous = first
    return styled


def strip_page_furniture(pages: Sequence[Sequence[TextLine]]) -> list[TextLine]:
    """All pages' lines as one run, minus page numbers and the headers/footers repeated at page edges."""
    same_text, same_shape = _count_edge_lines(pages)
    # Repetition means nothing in a document of one or two pages.
    needed = max(3, math.ceil(len(pages) * _FURNITURE_SHARE))
    kept: list[TextLine] = []
    for number, page in enumerate(pages, start=1):
        last = len(page) - 1
        for index, line in enumerate(page):
            at_edge = index < _EDGE_LINES or index > last - _EDGE_LINES
            if at_edge and _is_furniture(line.text, number, same_text, same_shape, needed):
                log.debug("dropping page furniture on page %d: %r", number, line.text)
                continue
            kept.append(line)
    return kept


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip().casefold()


def _count_edge_lines(pages: Sequence[Sequence[TextLine]]) -> tuple[Counter[str], Counter[str]]:
    """On how many pages each text, and each text with its numbers blanked, occurs among the edge lines."""
    same_text: Counter[str] = Counter()
    same_shape: Counter[str] = Counter()
    for page in pages:
        edges = [line.text for line in (*page[:_EDGE_LINES], *page[-_EDGE_LINES:])]
        same_text.update(set(edges))
        same_shape.update({_shape(text) for text in edges})
    return same_text, same_shape


def _is_furniture(text: str, page: int, same_text: Counter[str], same_shape: Counter[str], needed: int) -> bool:
    if _PAGE_NUMBER.match(text):
        return True
    # Section headings and item starts also recur at page edges ("Bilag" ends many pages); they are content.
    if classify_heading(text) is not None or _ITEM.match(text):
        return False
    if same_text[text] >= needed:
        return True
    # A line that differs between pages only in its numbers is furniture when one of them is the page number
    # ("Byrådet 27-08-2025 · Side 3"); case numbers and dates at the top of items have the same shape but are not.
    return same_shape[_shape(text)] >= needed and bool(re.search(
        rf"(?:\b(?:side|page|s\.)\s*{page}\b|(?<![\d.,/-]){page}(?:\s*(?:af|of|/)\s*\d+)?$)", text, re.IGNORECASE))


# ---------------------------------------------------------------------------------------------------------------
# lines → meeting


def parse_agenda_lines(lines: Sequence[TextLine]) -> DraftMeeting:
    """A meeting from the lines of a FirstAgenda export: cover header, table of contents, then "Punkt N:" items."""
    lines = [line for line in lines if line.text.strip() and not _TOC_ENTRY.search(line.text)]
    starts = [index for index, line in enumerate(lines) if _is_item_start(line)]
    header = _read_header(lines[: starts[0]] if starts else lines)
    if "committee" not in header:
        raise IngestError("no 'REFERAT|DAGSORDEN <udvalg> d. DD-MM-YYYY' title line before the first item")
    day = find_date(header.get("mødedato", "")) or find_date(header["date"])
    if day is None:
        raise IngestError(f"no meeting date in {header.get('mødedato') or header['date']!r}")
    if not starts:
        raise IngestError("no agenda items ('Punkt N: <title>' lines)")
    blocks = [lines[start:end] for start, end in zip(starts, [*starts[1:], len(lines)])]
    items = tuple(_parse_item(block) for block in blocks)
    log.debug("read %d items from %d lines", len(items), len(lines))
    return DraftMeeting(
        municipality=find_municipality(header["committee"], header.get("mødested", "")),
        committee=header["committee"],
        date=day,
        time=find_time(header.get("mødetidspunkt", "") or header.get("mødedato", "")),
        place=header.get("mødested") or None,
        items=items,
    )


def _is_item_start(line: TextLine) -> bool:
    return line.heading is not False and bool(_ITEM.match(line.text))


def _read_header(lines: Iterable[TextLine]) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in lines:
        if _TOC_HEADING.match(line.text):
            break
        if match := _TITLE.match(line.text):
            header.setdefault("committee", match.group("committee").strip())
            header.setdefault("date", match.group("date"))
        elif match := _LABEL.match(line.text):
            header.setdefault(match.group("key").casefold(), match.group("value").strip())
    return header


def _parse_item(block: Sequence[TextLine]) -> DraftItem:
    match = _ITEM.match(block[0].text)
    assert match is not None, "blocks start at item lines"
    title_parts = [match.group("title")]
    rest = list(block[1:])
    title_end = _find_title_end(rest)
    title_parts += [line.text for line in rest[:title_end]]
    rest = rest[title_end:]
    case_number = None
    if rest and (case := _CASE_NUMBER.match(rest[0].text)) and not rest[0].heading:
        case_number = case.group("number")
        rest = rest[1:]
    title = join_wrapped(title_parts)
    sections, attachments = _read_sections(rest)
    return DraftItem(
        number=match.group("number").lstrip("0") or "0",
        title=title,
        case_number=case_number,
        sections=sections,
        attachments=attachments,
        closed=bool(_CLOSED.match(title)),
    )


def join_wrapped(parts: Sequence[str]) -> str:
    """Lines of one wrapped phrase as one line. A break after a hyphen joins tight ("2030-" + "fremskrivning"),
    except before a conjunction, where the hyphen is a Danish word-sharing dash ("Social- og Beskæftigelse")."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        tight = re.search(r"\w-$", text) and not re.match(r"(?:og|eller|samt|og/eller)\b", part)
        text = f"{text}{part}" if tight or not text else f"{text} {part}"
    return re.sub(r"\s+", " ", text)


def _find_title_end(lines: Sequence[TextLine]) -> int:
    """How many of the lines after "Punkt N: …" continue the title: the heading-styled ones, or without style
    hints, the lines before a case number that follows within a few lines."""
    count = 0
    for line in lines[:_MAX_TITLE_LINES]:
        if line.heading is None:
            break
        if not line.heading or classify_heading(line.text) is not None or _CASE_NUMBER.match(line.text):
            return count
        count += 1
    else:
        return count
    for index, line in enumerate(lines[:_MAX_TITLE_LINES]):
        if _CASE_NUMBER.match(line.text):
            return index
        if classify_heading(line.text) is not None:
            return 0
    return 0


def _is_section_heading(line: TextLine) -> bool:
    if len(line.text) > _MAX_HEADING_CHARS:
        return False
    if line.heading is None:
        return classify_heading(line.text) is not None
    return line.heading


def _read_sections(lines: Sequence[TextLine]) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """Sections cut at heading lines. A decision field ends at the first gap: what follows without a heading is
    the proposal text FirstAgenda prints unheaded. Bilag lines become attachments, one per list entry."""
    parts: list[tuple[str, SectionKind | None, list[TextLine]]] = []
    for line in lines:
        # Without style hints an attachment named "Indstilling" reads like a heading; Bilag is the last field.
        in_attachments = bool(parts) and parts[-1][1] is SectionKind.BILAG and line.heading is None
        if not in_attachments and _is_section_heading(line):
            parts.append((line.text, classify_heading(line.text) or SectionKind.OTHER, []))
        elif parts and parts[-1][1] is SectionKind.BESLUTNING and parts[-1][2] and line.gap_before:
            parts.append(("", None, [line]))
        elif parts:
            parts[-1][2].append(line)
        else:
            parts.append(("", None, [line]))
    sections: list[Section] = []
    attachments: list[str] = []
    for heading, kind, body in parts:
        if kind is SectionKind.BILAG:
            attachments.extend(_list_entries(body))
            continue
        section = make_section(heading, _join_paragraphs(body), kind=kind)
        # A lone "." is what FirstAgenda prints for an unheaded field left empty.
        if re.search(r"\w", section.text):
            sections.append(section)
    return tuple(sections), tuple(attachments)


def _join_paragraphs(lines: Sequence[TextLine]) -> str:
    """Printed lines as text; a visible gap between lines becomes a blank line."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and line.gap_before:
            out.append("")
        out.append(line.text)
    return "\n".join(out)


def _list_entries(lines: Sequence[TextLine]) -> list[str]:
    """One entry per list item. Entries are spaced apart, so a line without a gap above it continues the entry;
    at a page top (gap unknown) a new entry is the likelier reading."""
    entries: list[str] = []
    for line in lines:
        if entries and line.gap_before is False:
            entries[-1] = f"{entries[-1]} {line.text}"
        else:
            entries.append(line.text)
    return entries


def with_style_unknown(lines: Iterable[TextLine]) -> list[TextLine]:
    """The same lines as plain text carries them: no typography, no spacing."""
    return [replace(line, heading=None, gap_before=None) for line in lines]
