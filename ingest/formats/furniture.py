"""What is printed around the minutes rather than in them: running page headers and footers, page numbers, and
the table of contents. Both are recognised by form, never by one publisher's wording."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence

from ingest.formats.layout import Line
from ingest.formats.vocabulary import ITEM_NUMBERINGS, PAGE_NUMBER, TOC_ENTRY, TOC_HEADING
from ingest.sections import classify_heading

log = logging.getLogger(__name__)

# Share of pages on whose top or bottom lines a line must recur to count as a running header or footer.
_FURNITURE_SHARE = 0.5
_EDGE_LINES = 3
# A table-of-contents entry without leaders still ends in its page number: "3. Budget 2025 ... 12".
_LOOSE_ENTRY = re.compile(r"\S\s+(?:side\s*)?\d{1,3}\s*$", re.IGNORECASE)
_LEADERS = re.compile(r"(?:\.{4,}|…{2,}|(?:\s\.){3,}|_{4,})\s*(?:side\s*)?\d{1,4}\s*$", re.IGNORECASE)
_TOC_COLUMNS = re.compile(r"^\s*(?:(?:punkt|pkt\.?|nr\.?|side|sag|titel|emne|overskrift|sidetal)\s*)+$", re.IGNORECASE)


def strip_page_furniture(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """All pages' lines as one run, minus page numbers and the headers and footers repeated at page edges.
    A sentence that runs over a page break reads on, because the lines between its halves are gone."""
    tops, bottoms = _count_edges(pages)
    # Repetition means nothing in a document of one or two pages.
    needed = max(3, math.ceil(len(pages) * _FURNITURE_SHARE))
    kept: list[Line] = []
    for number, page in enumerate(pages, start=1):
        last = len(page) - 1
        for index, line in enumerate(page):
            counts = tops if index < _EDGE_LINES else bottoms if index > last - _EDGE_LINES else None
            if counts is not None and _is_furniture(line, number, counts, tops + bottoms, needed, len(pages)):
                log.debug("dropping page furniture on page %d: %r", number, line.text)
                continue
            kept.append(line)
    return kept


def _key(line: Line, text: str) -> str:
    """A text and, where the medium knows it, its height on the page: furniture is printed in the same place on
    every page, while content that happens to repeat ("Ikke til stede: ...") ends pages at varying heights."""
    return text if line.y is None else f"{text}\x01{round(line.y / 3)}"


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip().casefold()


def _count_edges(pages: Sequence[Sequence[Line]]) -> tuple[Counter[str], Counter[str]]:
    """On how many pages each text, and each text with its numbers blanked, occurs among the top and the bottom
    lines (counted apart: a header is always on top, a footer always at the bottom)."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        for counts, edge in ((tops, page[:_EDGE_LINES]), (bottoms, page[-_EDGE_LINES:])):
            counts.update({_key(line, line.text) for line in edge})
            counts.update({_key(line, "\x00" + _shape(line.text)) for line in edge})
    return tops, bottoms


def _is_furniture(line: Line, page: int, counts: Counter[str], both: Counter[str], needed: int, pages: int) -> bool:
    text = line.text
    if pages > 1 and PAGE_NUMBER.match(text):
        return True
    # Section headings and item starts also recur at page edges ("Bilag" ends many pages); they are content.
    if classify_heading(text) is not None or any(p.match(text) for _, p, weight in ITEM_NUMBERINGS if weight):
        return False
    if counts[_key(line, text)] >= needed:
        return True
    # A line that differs between pages only in its numbers is furniture when one of them is the page number
    # ("Byrådet 27-08-2025 · Side 3"), at the top or the bottom; case numbers and dates at the top of items have the
    # same shape but are not.
    return both[_key(line, "\x00" + _shape(text))] >= needed and bool(re.search(
        rf"(?:\b(?:side|page|s\.)\s*{page}\b|(?<![\d.,/-]){page}(?:\s*(?:af|of|/)\s*\d+)?$)", text, re.IGNORECASE))


def strip_contents(lines: Sequence[Line]) -> list[Line]:
    """The lines without the table of contents: entries with leaders and page numbers wherever they stand, and the
    whole block under an "Indholdsfortegnelse" heading (entries may wrap and may lack leaders)."""
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if TOC_HEADING.match(line.text):
            end = _contents_end(lines, index + 1)
            log.debug("dropping a table of contents of %d lines", end - index)
            index = end
            continue
        if not _LEADERS.search(line.text):
            kept.append(line)
        index += 1
    return kept


def _contents_end(lines: Sequence[Line], start: int) -> int:
    """Index of the first line after the contents block that begins at `start`."""
    index = start
    page = lines[start - 1].page
    while index < len(lines):
        line = lines[index]
        strict = bool(TOC_ENTRY.search(line.text))
        if line.page != page and not strict:
            break
        if strict or _LOOSE_ENTRY.search(line.text) or _TOC_COLUMNS.match(line.text) or PAGE_NUMBER.match(line.text):
            index += 1
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        wrapped = (following is not None and following.page == line.page
                   and bool(TOC_ENTRY.search(following.text) or _LOOSE_ENTRY.search(following.text)))
        if not wrapped:
            break
        index += 1
    return index
