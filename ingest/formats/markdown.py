"""Markdown converted from a FirstAgenda PDF export (Herning's agenda layout).

"# DAGSORDEN <udvalg> d. DD-MM-YYYY", "Mødedato"/"Mødested" lines, a table of contents, then items headed
"Punkt NN: <title>" (any heading level, often bold) with the case number on the next line, and sections as
headings or bold lines. Headings that name no known section ("#### Udbudsmaterialet") stay as body text.
"""

from __future__ import annotations

import re

from ingest.dates import find_date, find_time
from referat.errors import IngestError
from ingest.model import DraftItem, DraftMeeting, Section, SectionKind
from ingest.sections import classify_heading, make_section

_TITLE = re.compile(r"^(?P<kind>DAGSORDEN|REFERAT)\s+(?P<committee>.+?)\s+d\.\s*(?P<date>\d{1,2}-\d{1,2}-\d{4})\s*$",
                    re.IGNORECASE)
_ITEM = re.compile(r"^(?:Punkt|Pkt\.?)\s*(?P<number>\d+[a-z]?)\s*[:.]\s*(?P<title>.+)$", re.IGNORECASE)
_CASE_NUMBER = re.compile(r"^[A-Z]{0,4}-?[\dA-Z][\w./-]*\d$")
_LABEL = re.compile(r"^(?P<key>Mødedato|Mødested|Mødetidspunkt)\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
# The distribution grid of committee abbreviations ("DIR FOU BFU ...", "X", "Øvrige sagsbehandlere:") is furniture.
_NOISE = re.compile(r"^(?:(?:[A-ZÆØÅ]{2,4}\s*)+|[Xx]|Øvrige sagsbehandlere:.*)$")
_CLOSED = re.compile(r"^\s*lukket\s*(?:punkt)?\s*:", re.IGNORECASE)


def looks_like_markdown_minutes(text: str) -> bool:
    return bool(re.search(r"^#*\s*\**\s*(?:Punkt|Pkt\.?)\s*\d+\s*:", text, re.MULTILINE | re.IGNORECASE))


def _unmark(line: str) -> tuple[str, bool]:
    """The line without Markdown heading/bold markup, and whether it was a heading or a wholly bold line."""
    stripped = line.strip()
    heading = stripped.startswith("#")
    stripped = stripped.lstrip("#").strip()
    bold = len(stripped) > 4 and stripped.startswith("**") and stripped.endswith("**")
    return stripped.replace("**", "").strip(), heading or bold


def _read_header(lines: list[tuple[str, bool]]) -> dict[str, str]:
    header: dict[str, str] = {}
    for text, _ in lines:
        if _ITEM.match(text):
            break
        if match := _TITLE.match(text):
            header.setdefault("committee", match.group("committee"))
            header.setdefault("date", match.group("date"))
        elif match := _LABEL.match(text):
            header.setdefault(match.group("key").casefold(), match.group("value"))
    return header


def _split_items(lines: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    blocks: list[list[tuple[str, bool]]] = []
    for text, marked in lines:
        if marked and _ITEM.match(text):
            blocks.append([(text, marked)])
        elif blocks:
            blocks[-1].append((text, marked))
    return blocks


def _read_sections(lines: list[tuple[str, bool]]) -> tuple[Section, ...]:
    sections: list[tuple[str, list[str]]] = []
    for text, marked in lines:
        if _NOISE.match(text):
            continue
        if marked and classify_heading(text) is not None:
            sections.append((text, []))
        elif sections:
            sections[-1][1].append(text)
        elif text:
            sections.append(("", [text]))
    built = [make_section(heading, "\n".join(body)) for heading, body in sections]
    return tuple(s for s in built if s.text or s.kind is SectionKind.BILAG)


def _parse_item(block: list[tuple[str, bool]]) -> DraftItem:
    match = _ITEM.match(block[0][0])
    assert match is not None
    rest = block[1:]
    case_number = None
    first = next((i for i, (text, _) in enumerate(rest) if text), None)
    if first is not None and _CASE_NUMBER.match(rest[first][0]):
        case_number = rest[first][0]
        rest = rest[first + 1:]
    sections = _read_sections(rest)
    attachments = tuple(
        line.strip() for s in sections if s.kind is SectionKind.BILAG for line in s.text.splitlines() if line.strip()
    )
    title = match.group("title").strip()
    return DraftItem(
        number=match.group("number"),
        title=title,
        case_number=case_number,
        # Attachments are listed by AgendaItem.text; a Bilag section would print them twice.
        sections=tuple(s for s in sections if s.text and s.kind is not SectionKind.BILAG),
        attachments=attachments,
        closed=bool(_CLOSED.match(title)),
    )


def parse_markdown(text: str) -> DraftMeeting:
    lines = [_unmark(line) for line in text.replace("\r\n", "\n").replace("\xa0", " ").split("\n")]
    header = _read_header(lines)
    if "committee" not in header:
        raise IngestError("no '# DAGSORDEN <udvalg> d. DD-MM-YYYY' title line")
    day = find_date(header.get("mødedato", "")) or find_date(header["date"])
    if day is None:
        raise IngestError(f"no meeting date in {header.get('mødedato') or header['date']!r}")
    items = tuple(_parse_item(block) for block in _split_items(lines))
    if not items:
        raise IngestError("no agenda items ('Punkt N: <title>' headings)")
    return DraftMeeting(
        municipality=None,
        committee=header["committee"],
        date=day,
        time=find_time(header.get("mødetidspunkt", "") or header.get("mødedato", "")),
        place=header.get("mødested") or None,
        items=items,
    )
