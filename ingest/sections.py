"""Section headings as municipalities print them, mapped to the canonical kinds of the model."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ingest.dates import find_date
from ingest.model import Section, SectionKind

# A body that decides or recommends, as headings name it: "Økonomiudvalget", "Byrådets", "FORRETNINGSUDVALGETS".
_BODY = r"[\wæøåÆØÅ][\wæøåÆØÅ,\- ]{0,60}?"
_WHEN = r"(?:\s+(?:den|d\.)?\s*\S.{0,40})?"
# Checked in order; the first pattern that matches the whole (cleaned) heading decides the kind.
_HEADING_KINDS: tuple[tuple[re.Pattern[str], SectionKind], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        ((rf"(?:endelig\s+)?beslutning(?:er)?(?:\s+(?:i|fra|af)\s+.+|\s+(?:den|d\.)\s+.+)?"
         rf"|{_BODY}s\s+beslutning(?:er)?{_WHEN}|afgørelse(?:\s+(?:i|fra)\s+.+)?|udvalgets\s+afgørelse"
         rf"|{_BODY}s\s+afgørelse{_WHEN}|referat(?:\s+og\s+beslutning)?"),
         SectionKind.BESLUTNING),
        (r"(?:sags)?resum[eé]|sammendrag|kort resum[eé]|resum[eé] og indstilling", SectionKind.RESUME),
        ((r"(?:supplerende\s+)?(?:sags)?(?:fremstilling|beskrivelse)(?:\s+og\s+vurdering)?(?:\s+den\s+.+)?"
         r"|baggrund(?:\s+for\s+sagen)?|sagens\s+baggrund|sagens\s+indhold|redegørelse|fremstilling"),
         SectionKind.SAGSFREMSTILLING),
        ((rf"(?:{_BODY}s\s+)?indstilling(?:er)?(?:\s+(?:fra|til)\s+.+)?|.{{0,120}}\bindstiller\b.*"
         r"|beslutningspunkter|forslag til beslutning|forslag|anbefaling|indstillingen"),
         SectionKind.INDSTILLING),
        ((r"økonomi(?:ske?)?(?:\s+(?:konsekvenser|forhold|vurdering))?(?:\s+og\s+finansiering)?"
         r"|økonomi og finansiering|bevillingsmæssige konsekvenser|bevilling|finansiering"),
         SectionKind.OEKONOMI),
        (r"bilag(?:sliste|sfortegnelse|soversigt)?|vedlagte bilag|bilag til punktet", SectionKind.BILAG),
        (
            (r"sagsprocedure|lovgrundlag|tidsplan|kommunikation|sagens forløb|sagsforløb"
             r"|øvrige (?:forhold|konsekvenser)"
            r"|høring|vurdering|retsgrundlag|beslutningskompetence|kompetence|lovhjemmel|sagsgang|klimakonsekvenser"
            r"|konsekvenser|historik|videre proces|proces|supplerende oplysninger|personale"
            r"|tidligere behandling|tidligere beslutninger|punktet behandlet tidligere|beslutningen træffes af"
            r"|sagen afgøres af|afgøres af|administrationens vurdering|forvaltningens vurdering|borgerinddragelse"
            r"|miljøvurdering|bæredygtighed|handicappolitik|relation til .+|politisk behandling|sagens gang"),
            SectionKind.OTHER,
        ),
    )
)
_MUNICIPALITY = (
    re.compile(r"^(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)\s+(?:Byråd|Kommune|Kommunalbestyrelse)\b"),
    re.compile(r"\b(?:Byrådet|Kommunalbestyrelsen|Kommune)\s+i\s+(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)"),
    re.compile(r"\b(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)\s+Kommune\b"),
)
# Who decided and when, as decision headings state it; the first that matches the whole heading wins.
_DECISION_BY: tuple[re.Pattern[str], ...] = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    (r"(?:endelig\s+)?(?:beslutning(?:er)?|afgørelse)\s+(?:i|fra|af)\s+(?P<committee>.+?)"
    r"(?:\s+(?:den|d\.)\s*(?P<date>.+))?"),
    r"(?P<committee>.+?)s\s+(?:beslutning(?:er)?|afgørelse)(?:\s+(?:den|d\.)?\s*(?P<date>.+))?",
    r"(?:beslutning(?:er)?|afgørelse)\s+(?:den|d\.)\s*(?P<date>.+)",
))
# A decision paragraph that opens with its date: "18. september 2012: Sagen udsat ..." (one per meeting that
# handled the case, in one field).
_DATED_PARAGRAPH = re.compile(r"^\s*(?:den\s+)?(?P<date>\d{1,2}\.?\s*\S+\.?\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})"
                              r"\s*[:\-–](?:\s|$)", re.IGNORECASE)


def find_municipality(*texts: str) -> str | None:
    """The municipality a committee name or header names ("Aarhus Byråd", "Byrådet i Herning", "Greve Kommune")."""
    for text in texts:
        for pattern in _MUNICIPALITY:
            if match := pattern.search(text):
                return match.group("name")
    return None


def clean_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().rstrip(":").strip()


def classify_heading(text: str) -> SectionKind | None:
    """The kind of a section heading, or None when the text is not a known section heading."""
    heading = clean_heading(text)
    for pattern, kind in _HEADING_KINDS:
        if pattern.fullmatch(heading):
            return kind
    return None


def make_section(heading: str, body: str, kind: SectionKind | None = None) -> Section:
    heading = clean_heading(heading)
    kind = kind or classify_heading(heading) or SectionKind.OTHER
    text = tidy_text(body)
    if kind is not SectionKind.BESLUTNING:
        return Section(kind=kind, heading=heading, text=text)
    committee, day = decided_by(heading)
    if day is None and (dated := _DATED_PARAGRAPH.match(text)):
        day = find_date(dated.group("date"))
    return Section(kind=kind, heading=heading, text=text, committee=committee, date=day)


def make_sections(heading: str, body: str, kind: SectionKind | None = None) -> tuple[Section, ...]:
    """Like make_section, but a decision field holding several dated decisions ("18. september 2012: Udsat.",
    "25. september 2012: Anbefales.") becomes one section per decision, each with its own date."""
    section = make_section(heading, body, kind)
    if section.kind is not SectionKind.BESLUTNING:
        return (section,)
    lines = section.text.split("\n")
    starts = [i for i, line in enumerate(lines) if _DATED_PARAGRAPH.match(line) and find_date(line)]
    if not starts:
        return (section,)
    bounds = ([0] if starts[0] else []) + starts
    pieces = ["\n".join(lines[a:b]) for a, b in zip(bounds, [*bounds[1:], len(lines)], strict=True)]
    # A date with nothing after it is the slot for a decision not yet taken ("25. september 2012:").
    return tuple(make_section(heading, piece, SectionKind.BESLUTNING) for piece in pieces
                 if re.search(r"\w", _DATED_PARAGRAPH.sub("", piece, count=1)))


def decided_by(heading: str) -> tuple[str | None, date | None]:
    """The committee and date a decision heading names: "Beslutning i Byrådet den 24. maj 2023",
    "ØKONOMIUDVALGETS BESLUTNING", "Byrådets beslutning 24-05-2023"."""
    heading = clean_heading(heading)
    for pattern in _DECISION_BY:
        if not (match := pattern.fullmatch(heading)):
            continue
        groups = match.groupdict()
        raw_date = groups.get("date") or ""
        committee = groups.get("committee")
        if committee and (inline := _DATE_IN_NAME.search(committee)):
            raw_date, committee = committee[inline.start():], committee[:inline.start()]
        return _body_name(committee), find_date(raw_date)
    return None, None


_DATE_IN_NAME = re.compile(r"\s+(?:den\s+|d\.\s*)?\d{1,2}[.\-/ ]", re.IGNORECASE)


def _body_name(raw: str | None) -> str | None:
    """"FORRETNINGSUDVALGET" → "Forretningsudvalget"; a generic or empty name is none."""
    name = re.sub(r"\s+", " ", raw or "").strip(" :-–,")
    if not name or name.casefold() in {"udvalget", "det", "den"}:
        return name.capitalize() if name.casefold() == "udvalget" else None
    return name[0] + name[1:].lower() if name.isupper() else name


def tidy_text(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines, keeping paragraph and table line breaks."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def drop_empty(sections: Iterable[Section]) -> tuple[Section, ...]:
    """Sections with text, plus empty decision sections dropped too: an empty "Beslutning" means no decision yet."""
    return tuple(s for s in sections if s.text)
