"""FirstAgenda meeting web pages (the "vis" page of a published agenda or minutes, saved as HTML).

The page carries the meeting in a title block (h1.dato "Dagsorden 8. oktober 2025 kl. 16.00", span.udvalg,
span.sted) and one table row per item (tr.punktrow): the number in a label, the title in h2.overskrift, the case
number in span.sagsnummer, the fields as h3 headings inside div.punkt, and the attachments as a.bilag-link under a
"Bilag" h3. Everything else on the page (scripts with localisation JSON, menus, dialogs) is furniture.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from ingest.dates import find_date, find_time
from ingest.model import DraftItem, DraftMeeting, Section
from ingest.sections import find_municipality, make_section
from referat.errors import IngestError

log = logging.getLogger(__name__)

_CLOSED = re.compile(r"^\s*lukket\s*(?:punkt)?\s*:", re.IGNORECASE)
# Each municipality's site is themed with its own logo, e.g. /Content/img/aarhus_logo.png.
_LOGO = re.compile(r"/(?P<name>[a-zæøå]+(?:-[a-zæøå]+)?)_logo\.\w+$", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4",
                         "h5", "h6", "blockquote", "section", "article", "dl", "dt", "dd", "pre"})
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "button"})


def looks_like_firstagenda_html(text: str) -> bool:
    """Cheap sniffing for the format detector: the agenda table and item rows FirstAgenda's page template has."""
    head = text.lstrip()[:1]
    return head == "<" and 'id="dagsordenDetaljer"' in text and 'class="punktrow"' in text


def parse_firstagenda_html(text: str) -> DraftMeeting:
    soup = BeautifulSoup(text, "lxml")
    heading = soup.select_one("h1.dato")
    if heading is None:
        raise IngestError("no meeting heading (h1.dato 'Dagsorden <dato> kl. <tid>'): not a FirstAgenda meeting page")
    when = _clean(heading.get_text(" "))
    info_date = _text_of(soup.select_one("table.dagsordeninfo span.dato"))
    day = find_date(when) or find_date(info_date)
    if day is None:
        raise IngestError(f"no meeting date in {when[:80]!r}")
    committee = _text_of(soup.select_one("span.udvalg"))
    if not committee:
        raise IngestError("no committee name (span.udvalg) on the meeting page")
    rows = soup.select("table#dagsordenDetaljer tr.punktrow")
    items = tuple(_parse_item(row, position) for position, row in enumerate(rows, start=1))
    if not items:
        raise IngestError("no agenda items (tr.punktrow rows) on the meeting page")
    log.debug("read %d items for %s %s", len(items), committee, day)
    return DraftMeeting(
        municipality=_find_municipality(committee, soup),
        committee=committee,
        date=day,
        time=find_time(when) or find_time(info_date),
        place=_text_of(soup.select_one("span.sted")) or None,
        items=items,
    )


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _text_of(element: Tag | None) -> str:
    return _clean(element.get_text(" ")) if element is not None else ""


def _find_municipality(committee: str, soup: BeautifulSoup) -> str | None:
    if name := find_municipality(committee):
        return name
    logo = soup.select_one("nav img[src]")
    if logo is not None and (match := _LOGO.search(str(logo.get("src", "")))):
        return match.group("name").capitalize()
    return None


def _parse_item(row: Tag, position: int) -> DraftItem:
    title = _text_of(row.select_one("h2.overskrift"))
    if not title:
        raise IngestError(f"agenda item {position} has no title (h2.overskrift)")
    number = _text_of(row.select_one("td span.label")) or str(position)
    details = row.select_one("div.details") or row
    body = details.select_one("div.punkt")
    sections = _read_sections(body) if body is not None else ()
    attachments = tuple(_clean(link.get_text(" ")) for link in details.select("ul a.bilag-link"))
    return DraftItem(
        number=number,
        title=title,
        case_number=_text_of(details.select_one(".sagsnummer")) or None,
        sections=sections,
        attachments=tuple(a for a in attachments if a),
        closed=bool(_CLOSED.match(title)),
    )


def _read_sections(body: Tag) -> tuple[Section, ...]:
    """Sections of an item, cut at its h3 headings. FirstAgenda opens with an empty h3 over the unheaded field."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for kind, value in _walk(body):
        if kind == "heading":
            parts.append((value, []))
        else:
            parts[-1][1].append(value)
    sections = [make_section(heading, _join_text(chunks)) for heading, chunks in parts]
    # A lone "." is what FirstAgenda prints for a field left empty.
    return tuple(s for s in sections if re.search(r"\w", s.text))


def _walk(element: Tag) -> Iterator[tuple[str, str]]:
    """("heading", text) for each h3, ("text", piece) for the text between, with "\n" at block boundaries and
    "\t" between table cells."""
    for child in element.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            yield "text", re.sub(r"[ \t\r\n\xa0]+", " ", str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIPPED_TAGS:
            continue
        if child.name == "h3":
            yield "heading", _clean(child.get_text(" "))
            continue
        if child.name == "br" or child.name in _BLOCK_TAGS:
            yield "text", "\n"
        elif child.name in {"td", "th"}:
            yield "text", "\t"
        yield from _walk(child)
        if child.name in _BLOCK_TAGS:
            yield "text", "\n"


def _join_text(chunks: list[str]) -> str:
    """One line per block. Blank lines are dropped: nested divs yield several boundaries per line, and the page
    marks no paragraphs beyond its line divs."""
    lines = []
    for line in "".join(chunks).split("\n"):
        cells = [cell.strip() for cell in line.split("\t")]
        if joined := "\t".join(cell for cell in cells if cell):
            lines.append(joined)
    return "\n".join(lines)
