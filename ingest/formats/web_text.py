"""Plain-text copies of a municipality's "Dagsordener og referater" web page (Herning's layout).

Meeting header lines ("Udvalg:", "Mødedato:", "Mødested:"), then items that start at
"Sagsnr.: <case> Sagsbehandler: <name>", the title on the next non-empty line, and sections under bare heading lines.
"""

from __future__ import annotations

import re

from ingest.dates import find_date, find_time
from ingest.model import DraftItem, DraftMeeting, Section, SectionKind
from ingest.sections import classify_heading, make_section
from referat.errors import IngestError

_ITEM_START = re.compile(r"^\s*Sagsnr\.?:\s*(?P<case>\S+)(?:\s+Sagsbehandler:\s*(?P<officer>.*?))?\s*$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*(?P<key>Udvalg|Mødedato|Mødested|Mødetidspunkt|Kommune)\s*:\s*(?P<value>.+?)\s*$",
                     re.IGNORECASE)
# The distribution grid of committee abbreviations ("DIR", "FOU", ... "BYR") and its "Øvrige sagsbehandlere" line
# is page furniture, not content.
_NOISE = re.compile(r"^\s*(?:[A-ZÆØÅ]{2,4}|[Xx]?\s*Øvrige sagsbehandlere:.*|[Xx])\s*$")
_CLOSED = re.compile(r"^\s*lukket\s*(?:punkt)?\s*:", re.IGNORECASE)


def looks_like_web_text(text: str) -> bool:
    head = text[:5000]
    return bool(re.search(r"^\s*Udvalg\s*:", head, re.MULTILINE | re.IGNORECASE)) and bool(
        re.search(r"^\s*Sagsnr\.?:", text, re.MULTILINE | re.IGNORECASE)
    )


def _read_header(lines: list[str]) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in lines:
        if _ITEM_START.match(line):
            break
        if match := _HEADER.match(line):
            header.setdefault(match.group("key").casefold(), match.group("value"))
    return header


def _split_items(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if _ITEM_START.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return blocks


def _read_sections(lines: list[str]) -> tuple[Section, ...]:
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if _NOISE.match(line):
            continue
        kind = classify_heading(line) if len(line.strip()) <= 80 else None
        if kind is not None and not _continues_heading(sections, kind):
            sections.append((line.strip(), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            sections.append(("", [line]))
    built = [make_section(heading, "\n".join(body)) for heading, body in sections]
    return tuple(s for s in built if s.text or s.kind is SectionKind.BILAG)


def _continues_heading(sections: list[tuple[str, list[str]]], kind: SectionKind) -> bool:
    """ "Indstilling" followed by "Direktøren ... indstiller": the second line opens the body, not a new section."""
    if not sections or any(line.strip() for line in sections[-1][1]):
        return False
    return classify_heading(sections[-1][0]) is kind


def _parse_item(block: list[str], position: int) -> DraftItem:
    start = _ITEM_START.match(block[0])
    assert start is not None
    rest = block[1:]
    title_at = next((i for i, line in enumerate(rest) if line.strip()), None)
    if title_at is None:
        raise IngestError(f"item {position} (Sagsnr. {start.group('case')}) has no title")
    title = rest[title_at].strip()
    sections = _read_sections(rest[title_at + 1:])
    attachments = tuple(
        line.strip() for s in sections if s.kind is SectionKind.BILAG for line in s.text.splitlines() if line.strip()
    )
    return DraftItem(
        number=str(position),
        title=title,
        case_number=start.group("case"),
        # Attachments are listed by AgendaItem.text; a Bilag section would print them twice.
        sections=tuple(s for s in sections if s.text and s.kind is not SectionKind.BILAG),
        attachments=attachments,
        closed=bool(_CLOSED.match(title)),
        case_officer=(start.group("officer") or "").strip() or None,
    )


def parse_web_text(text: str) -> DraftMeeting:
    lines = text.replace("\r\n", "\n").replace("\xa0", " ").split("\n")
    header = _read_header(lines)
    if "udvalg" not in header:
        raise IngestError("no 'Udvalg:' line in the meeting header")
    day = find_date(header.get("mødedato", ""))
    if day is None:
        raise IngestError(f"no meeting date in 'Mødedato: {header.get('mødedato', '')}'")
    # The page numbers nothing; items are numbered in agenda order.
    items = tuple(_parse_item(block, n) for n, block in enumerate(_split_items(lines), start=1))
    if not items:
        raise IngestError("no agenda items (no 'Sagsnr.:' lines)")
    return DraftMeeting(
        municipality=header.get("kommune"),
        committee=header["udvalg"],
        date=day,
        time=find_time(header.get("mødetidspunkt", "") or header.get("mødedato", "")),
        place=header.get("mødested"),
        items=items,
    )
