"""Section headings as municipalities print them, mapped to the canonical kinds of the model."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.dates import find_date
from ingest.model import Section, SectionKind

# Checked in order; the first pattern that matches the whole (cleaned) heading decides the kind.
_HEADING_KINDS: tuple[tuple[re.Pattern[str], SectionKind], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"beslutning(?:er)?(?:\s+(?:i|fra)\s+.+)?", SectionKind.BESLUTNING),
        (r"(?:sags)?resum[eé]", SectionKind.RESUME),
        (r"(?:supplerende\s+)?(?:sags)?(?:fremstilling|beskrivelse)|sagsfremstilling og vurdering|baggrund", SectionKind.SAGSFREMSTILLING),
        (r"indstilling(?:er)?(?:\s+fra\s+.+)?|.{0,120}\bindstiller\b.*|beslutningspunkter|forslag til beslutning", SectionKind.INDSTILLING),
        (r"økonomi(?:ske?)?(?:\s+(?:konsekvenser|forhold|vurdering))?|økonomi og finansiering|bevillingsmæssige konsekvenser", SectionKind.OEKONOMI),
        (r"bilag(?:sliste)?", SectionKind.BILAG),
        (
            r"sagsprocedure|lovgrundlag|tidsplan|kommunikation|sagens forløb|sagsforløb|øvrige (?:forhold|konsekvenser)"
            r"|høring|vurdering|retsgrundlag|beslutningskompetence|kompetence|lovhjemmel|sagsgang|klimakonsekvenser"
            r"|konsekvenser|afgørelse|historik|videre proces|proces|supplerende oplysninger|personale",
            SectionKind.OTHER,
        ),
    )
)
_MUNICIPALITY = (
    re.compile(r"^(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)\s+(?:Byråd|Kommune|Kommunalbestyrelse)\b"),
    re.compile(r"\b(?:Byrådet|Kommunalbestyrelsen|Kommune)\s+i\s+(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)"),
    re.compile(r"\b(?P<name>[A-ZÆØÅ][\wæøå]+(?:[- ][A-ZÆØÅ][\wæøå]+)?)\s+Kommune\b"),
)
_DECISION_BY = re.compile(r"beslutning(?:er)?\s+(?:i|fra)\s+(?P<committee>.+?)(?:\s+(?:den|d\.)\s+(?P<date>.+))?$", re.IGNORECASE)


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
    committee, day = None, None
    if kind is SectionKind.BESLUTNING and (match := _DECISION_BY.fullmatch(heading)):
        committee = match.group("committee").strip()
        day = find_date(match.group("date") or "")
    return Section(kind=kind, heading=heading, text=tidy_text(body), committee=committee, date=day)


def tidy_text(text: str) -> str:
    """Trim trailing spaces and collapse runs of blank lines, keeping paragraph and table line breaks."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def drop_empty(sections: Iterable[Section]) -> tuple[Section, ...]:
    """Sections with text, plus empty decision sections dropped too: an empty "Beslutning" means no decision yet."""
    return tuple(s for s in sections if s.text)
