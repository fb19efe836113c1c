"""SBSYS eDagsorden publication XML, as municipalities and regions publish it (`<Publication>` → `<Agendas>`).

One `<Agenda>` per meeting: `<Meeting>` with `<When>` ("15-05-2013 16:30:00") and `<Where>`, `<Committee><Name>`,
and `<Items>`, each `<Item>` with `<Number>`, `<Caption>` (the title), `<Case><Number>`, `<Enclosures>` and
`<Fields>`. Every `<ItemField>` is one section: its `<Caption>` names it ("Sagsfremstilling", "ADMINISTRATIONENS
INDSTILLING", "FORRETNINGSUDVALGETS BESLUTNING") and its `<Content>` holds HTML in CDATA, with entities sometimes
escaped twice. "Tomt indhold" is the generator's word for an empty field.
"""

from __future__ import annotations

import html
import logging
import re

from lxml import etree

from ingest.dates import find_date, find_time
from ingest.formats.html_text import html_to_plain
from ingest.formats.vocabulary import CLOSED
from ingest.model import DraftItem, DraftMeeting, Section, SectionKind
from ingest.sections import classify_heading, find_municipality, make_sections
from referat.errors import IngestError

log = logging.getLogger(__name__)

_EMPTY = re.compile(r"^\s*(?:tomt indhold|ingen|-|\.)?\s*$", re.IGNORECASE)


def looks_like_sbsys(text: str) -> bool:
    head = text.lstrip("\ufeff \r\n\t")[:4000]
    return head.startswith("<") and "<Publication" in head and "<Agendas" in text and "<ItemField" in text


def parse_sbsys(text: str) -> DraftMeeting:
    try:
        root = etree.fromstring(text.lstrip("\ufeff \r\n\t").encode("utf-8"),
                                parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as error:
        raise IngestError(f"invalid SBSYS XML at line {error.lineno}: {error.msg}") from None
    agenda = root.find("Agendas/Agenda")
    if agenda is None:
        raise IngestError("SBSYS XML has no Agendas/Agenda")
    when = _text(agenda, "Meeting/When")
    day = find_date(when)
    if day is None:
        raise IngestError(f"SBSYS XML Meeting/When is not a date: {when[:40]!r}")
    committee = _committee_name(_text(agenda, "Committee/Name") or _text(agenda, "Name"))
    if not committee:
        raise IngestError("SBSYS XML names no committee (Committee/Name)")
    items = tuple(_parse_item(item, n) for n, item in enumerate(agenda.iterfind("Items/Item"), start=1))
    if not items:
        raise IngestError("SBSYS XML has no agenda items (Items/Item)")
    log.debug("read %d SBSYS items for %s %s", len(items), committee, day)
    frontpage = html_to_plain(_unescape(_text(agenda, "Frontpage")))
    return DraftMeeting(
        municipality=find_municipality(committee, frontpage),
        committee=committee,
        date=day,
        time=find_time(when.replace(" ", " kl. ", 1)),
        place=_text(agenda, "Meeting/Where") or None,
        items=items,
    )


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path)
    return re.sub(r"\s+", " ", found.text or "").strip() if found is not None else ""


def _committee_name(name: str) -> str:
    """Committees are often stored in capitals ("FORRETNINGSUDVALGET"); minutes write them as names."""
    return name[0] + name[1:].lower() if name.isupper() else name


def _unescape(content: str) -> str:
    """HTML whose markup was escaped once more ("&lt;p&gt;", "&amp;aelig;") back to HTML, however deep."""
    for _ in range(3):
        if "&lt;" in content or re.search(r"&amp;(?:#\d+|[a-z]+);", content):
            content = html.unescape(content)
        else:
            break
    return content


def _field_text(field: etree._Element) -> str:
    content = field.findtext("Content") or ""
    kind = (field.findtext("FieldTypeAsEnum") or "").strip().casefold()
    text = html_to_plain(_unescape(content)) if kind == "html" or "<" in content else html.unescape(content)
    return "" if _EMPTY.match(text) else text


def _parse_item(item: etree._Element, position: int) -> DraftItem:
    title = _text(item, "Caption")
    if not title:
        raise IngestError(f"SBSYS item {position} has no Caption")
    sections: list[Section] = []
    for field in item.iterfind("Fields/ItemField"):
        text = _field_text(field)
        if not text:
            continue
        caption = _text(field, "Caption")
        kind = classify_heading(caption) if caption else None
        # A feedback field is where the meeting writes back what it decided, whatever its caption says.
        if kind is None and (field.findtext("IsFeedback") or "").strip() == "True":
            kind = SectionKind.BESLUTNING
        sections.extend(make_sections(caption, text, kind or SectionKind.OTHER))
    attachments = tuple(name for enclosure in item.iterfind("Enclosures/Enclosure")
                        if (name := _text(enclosure, "Name")))
    public = _text(item, "IsPublic").casefold() != "false"
    return DraftItem(
        number=_text(item, "Number") or str(position),
        title=title,
        case_number=_text(item, "Case/Number") or None,
        sections=tuple(sections),
        attachments=attachments,
        closed=not public or bool(CLOSED.match(title)),
    )
