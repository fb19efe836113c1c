"""Any HTML page of minutes → lines: h1–h6 as heading levels, paragraphs in <strong>/<b> as bold lines (and a
leading bold run as the line's lead), table rows as tab-separated lines. Menus, scripts and forms are skipped."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.formats.layout import Line, clean_text

_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
                         "h4", "h5", "h6", "blockquote", "section", "article", "main", "dl", "dt", "dd", "pre",
                         "header", "footer", "caption", "figure", "figcaption", "address"})
_HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
_BOLD_TAGS = frozenset({"strong", "b"})
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "button", "nav", "form", "select", "svg",
                           "iframe", "head", "title", "meta", "link"})
_PAGE_BREAK = re.compile(r"page-break-(?:before|after)\s*:\s*always|break-(?:before|after)\s*:\s*page", re.IGNORECASE)


def html_pages(text: str) -> list[list[Line]]:
    """The page as one run of lines (HTML has no pages, except where print CSS forces a break)."""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return [[]]
    walker = _Walker()
    walker.walk(root, level=None, bold=False)
    walker.flush()
    pages: dict[int, list[Line]] = {}
    for line in walker.lines:
        pages.setdefault(line.page, []).append(line)
    return [pages[number] for number in sorted(pages)] or [[]]


class _Walker:
    """Collects inline text into the current line; every block boundary ends the line."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.runs: list[tuple[str, bool]] = []
        self.level: int | None = None
        self.page = 1
        self.gap = False

    def flush(self) -> None:
        text = clean_text("".join(text for text, _ in self.runs))
        if text:
            ink = [(t, bold) for t, bold in self.runs if t.strip()]
            bold = all(b for _, b in ink)
            lead_runs = []
            for t, b in ink:
                if not b:
                    break
                lead_runs.append(t)
            lead = clean_text("".join(lead_runs)) if lead_runs and not bold else None
            self.lines.append(Line(text, self.page, bold=bold or self.level is not None, size=1.0, level=self.level,
                                   gap_before=self.gap if self.lines else None, lead=lead or None))
            self.gap = False
        self.runs = []

    def walk(self, element: etree._Element, level: int | None, bold: bool) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIPPED_TAGS or not tag:
            self._tail(element, bold)
            return
        if _PAGE_BREAK.search(element.get("style") or ""):
            self.flush()
            self.page += 1
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            self.flush()
            if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}:
                self.gap = True
        level = _HEADING_TAGS.get(tag, level)
        saved, self.level = self.level, level
        outer_bold = bold
        bold = bold or tag in _BOLD_TAGS or _bold_style(element)
        if element.text:
            self.runs.append((re.sub(r"\s+", " ", element.text), bold))
        for index, child in enumerate(element):
            if tag == "tr" and index and isinstance(child.tag, str) and child.tag.lower() in {"td", "th"}:
                self.runs.append(("\t", bold))
            self.walk(child, level, bold)
        if block:
            self.flush()
        self.level = saved
        self._tail(element, outer_bold)

    def _tail(self, element: etree._Element, bold: bool) -> None:
        if element.tail:
            self.runs.append((re.sub(r"\s+", " ", element.tail), bold))


def _bold_style(element: etree._Element) -> bool:
    return bool(re.search(r"font-weight\s*:\s*(?:bold|[6-9]00)", element.get("style") or "", re.IGNORECASE))
