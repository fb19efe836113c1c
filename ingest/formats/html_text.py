"""Readable text and sections from the HTML fragments publishers put inside items (FirstAgenda `Felter[].Html`)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.model import Section
from ingest.sections import classify_heading, make_section

_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4",
                         "h5", "h6", "blockquote", "section", "article", "dl", "dt", "dd", "pre"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_EMPHASIS_TAGS = frozenset({"strong", "b", "u", "em", "i", "span"})
_MAX_HEADING_CHARS = 120
_SPACE = re.compile(r"\s+")
_INLINE_SPACE = re.compile(r"[ \t\r\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _element_text(element: etree._Element) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def _is_section_heading(element: etree._Element) -> bool:
    """A real heading tag, or a paragraph whose only content is emphasised text, naming a known section."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag not in _HEADING_TAGS and tag not in {"p", "div"}:
        return False
    # The shape of a paragraph first: its text is every descendant's, so reading it for each enclosing div (the
    # fragment's root among them) before the cheap test would read the whole fragment again for every block.
    if tag not in _HEADING_TAGS and not _holds_only_emphasis(element):
        return False
    text = _element_text(element)
    return bool(text) and len(text) <= _MAX_HEADING_CHARS and classify_heading(text) is not None


def _holds_only_emphasis(element: etree._Element) -> bool:
    """Emphasised text only: no loose text, and inline emphasis children with no block inside them."""
    if (element.text or "").strip():
        return False
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or any(c.tag not in _EMPHASIS_TAGS or (c.tail or "").strip() for c in children):
        return False
    return not any(c.tag in _BLOCK_TAGS for c in element.iterdescendants() if isinstance(c.tag, str))


class _SectionCollector:
    """Walks an element tree once, cutting the text into sections at section headings."""

    def __init__(self, first_heading: str, cut: bool = True) -> None:
        self.sections: list[tuple[str, list[str]]] = [(first_heading, [])]
        self.cut = cut

    @property
    def parts(self) -> list[str]:
        return self.sections[-1][1]

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in {"script", "style"}:
            self._add(element.tail)
            return
        if self.cut and _is_section_heading(element):
            self.sections.append((_element_text(element), []))
            self._add(element.tail)
            return
        if tag in _BLOCK_TAGS or tag == "br":
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append("\t")
        self._add(element.text)
        for child in element:
            self.walk(child)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._add(element.tail)

    def _add(self, text: str | None) -> None:
        if text:
            self.parts.append(_INLINE_SPACE.sub(" ", text))


def _join_lines(parts: list[str]) -> str:
    lines = []
    for line in "".join(parts).split("\n"):
        cells = [c.strip() for c in line.split("\t")]
        lines.append("\t".join(c for c in cells if c) if len(cells) > 1 else cells[0])
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_sections(html: str, first_heading: str = "") -> list[Section]:
    """Sections of an HTML fragment; text before the first known heading goes under `first_heading`."""
    if not html or not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    collector = _SectionCollector(first_heading)
    collector.walk(root)
    sections = []
    for heading, parts in collector.sections:
        body = _join_lines(parts)
        if body:
            sections.append(make_section(heading, body))
    return sections


def html_to_text(html: str) -> str:
    return "\n\n".join(s.text for s in html_to_sections(html))


def html_to_plain(html: str) -> str:
    """The readable text of an HTML fragment, whole: headings inside it stay part of the text."""
    if not html or not html.strip():
        return ""
    collector = _SectionCollector("", cut=False)
    collector.walk(lxml.html.fragment_fromstring(html, create_parent="div"))
    return _join_lines(collector.parts)
