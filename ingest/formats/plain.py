"""Plain text and Markdown → lines. Markdown's "#" headings and "**bold**" lines carry typography; plain text
carries none but its blank lines (paragraph gaps) and form feeds (page breaks, as pdftotext writes them)."""

from __future__ import annotations

import re

from ingest.formats.layout import Line, clean_text

_MARKDOWN = re.compile(r"^\s{0,3}(?:#{1,6}\s|\*\*[^*]+\*\*\s*$)|^\s*\|.*\|\s*$", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*$")
_BOLD_LEAD = re.compile(r"^\s*\*\*(?P<lead>[^*]+)\*\*\s*(?P<rest>\S.*)$")


def is_markdown(text: str) -> bool:
    return len(_MARKDOWN.findall(text[:200_000])) >= 3


def text_pages(text: str) -> list[list[Line]]:
    """Pages of lines; with Markdown markup read as typography when the text uses it."""
    markdown = is_markdown(text)
    pages: list[list[Line]] = []
    for number, page in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\f"), start=1):
        lines: list[Line] = []
        gap = False
        for raw in page.split("\n"):
            if not raw.strip():
                gap = True
                continue
            line = _markdown_line(raw, number) if markdown else Line(clean_text(_cells(raw)), number)
            lines.append(Line(line.text, number, line.bold, line.size, line.level, gap if lines else None, line.lead))
            gap = False
        pages.append(lines)
    return [page for page in pages if page] or [[]]


def _cells(raw: str) -> str:
    """Tabs separate table cells; keep one tab between them so tables stay readable as tables."""
    return "\t".join(cell.strip() for cell in raw.split("\t") if cell.strip()) if "\t" in raw else raw


def _markdown_line(raw: str, page: int) -> Line:
    if match := _HEADING.match(raw):
        text = _unmark(match.group("text"))
        return Line(text, page, bold=True, level=len(match.group("hashes")))
    if match := _BOLD_LINE.match(raw):
        return Line(_unmark(match.group("text")), page, bold=True, level=None, size=1.0)
    if match := _BOLD_LEAD.match(raw):
        lead = _unmark(match.group("lead"))
        return Line(f"{lead} {_unmark(match.group('rest'))}", page, bold=False, size=1.0, lead=lead)
    return Line(_unmark(raw), page, bold=False, size=1.0)


def _unmark(text: str) -> str:
    text = re.sub(r"\*\*|__", "", text)
    if re.match(r"^\s*\|.*\|\s*$", text):
        text = "\t".join(cell.strip() for cell in text.strip().strip("|").split("|") if cell.strip())
    return clean_text(_cells(text))
