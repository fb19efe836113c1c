"""The meeting header: which body met, when and where, and who attended. Read from the lines before the first
agenda item by labels ("Mødedato:", "Sted:"), by title lines ("Referat fra Økonomiudvalgets møde den 7. marts
2018") and by the words that name a political body, whatever the layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from ingest.dates import find_date, find_time
from ingest.formats.layout import Line, is_emphasised
from ingest.formats.vocabulary import ATTENDANCE, BODY_WORDS, DOCUMENT_WORDS, HEADER_LABELS, TOC_HEADING
from ingest.sections import classify_heading, find_municipality

_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
# Where the name of the body ends in a title line: at a weekday, "den"/"d." before a date, a date, or "kl.".
_NAME_END = re.compile(rf"(?:\s*[,\-–|·]\s*|\s+)(?:{_WEEKDAY}\b|den\s+\d|d\.\s*\d|\d{{1,2}}[.\-/ ]|kl\.|\(|$)",
                       re.IGNORECASE)
_REGION = re.compile(r"\bRegion\s+(?P<name>[A-ZÆØÅ][\wæøå]+)")
_MAX_NAME_CHARS = 90
_MAX_ATTENDANCE_LINES = 40


@dataclass(frozen=True, slots=True)
class MeetingHeader:
    committee: str | None
    date: date | None
    time: time | None
    place: str | None
    municipality: str | None
    attendance: tuple[str, ...] = ()


def attendance_blocks(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines that list who attended or sent apologies: a label line and the names under it, up to
    the next gap, label or heading."""
    marked: set[int] = set()
    for index, line in enumerate(lines):
        if not ATTENDANCE.match(line.text) or len(line.text) > _MAX_NAME_CHARS * 3:
            continue
        marked.add(index)
        for offset, following in enumerate(lines[index + 1: index + 1 + _MAX_ATTENDANCE_LINES], start=index + 1):
            if (following.gap_before or following.page != line.page or is_emphasised(following)
                    or ATTENDANCE.match(following.text) or _label(following.text) or classify_heading(following.text)
                    or len(following.text) > _MAX_NAME_CHARS or re.match(r"^\s*\d{1,4}\s*[.):]", following.text)):
                break
            marked.add(offset)
    return marked


def read_header(lines: Sequence[Line], fallback: Sequence[Line] = ()) -> MeetingHeader:
    """The header read from `lines`; fields they lack are looked up in `fallback` (the first page as printed,
    running header included, where some publishers state the meeting and nowhere else)."""
    primary = _read_fields(lines)
    if (primary.get("committee") and (primary.get("date") or primary.get("when"))) or not fallback:
        return _build(primary, lines)
    secondary = _read_fields(fallback)
    merged = {key: primary.get(key) or secondary.get(key) or "" for key in {*primary, *secondary}}
    return _build(merged, lines, context=fallback)


def _label(text: str) -> tuple[str, str] | None:
    for field, pattern in HEADER_LABELS:
        if match := pattern.match(text):
            return field, match.group("value")
    return None


def _read_fields(lines: Sequence[Line]) -> dict[str, str]:
    fields: dict[str, str] = {}
    texts = [line.text for line in lines]
    skip = attendance_blocks(lines)
    names: list[str] = []
    for index, text in enumerate(texts):
        if TOC_HEADING.match(text):
            break
        if index in skip:
            continue
        if labelled := _label(text):
            field, value = labelled
            if not value and index + 1 < len(texts) and not _label(texts[index + 1]):
                value = texts[index + 1]
            if value:
                fields.setdefault(field, value)
                if field == "date":
                    fields.setdefault("when", value)
            continue
        # A title line may wrap between the weekday and the year: read it with the next line too.
        joined = f"{text} {texts[index + 1]}" if index + 1 < len(texts) else text
        if "when" not in fields and (find_date(text) or find_date(joined)):
            fields["when"] = text if find_date(text) else joined
        if name := body_name(text):
            names.append(name)
    if names:
        fields.setdefault("committee", names[0])
    return fields


def body_name(text: str) -> str | None:
    """The body a title line names: "REFERAT Aarhus Byråd d. 27-08-2025" → "Aarhus Byråd", "Referat fra
    Økonomiudvalgets møde den 7. marts 2018" → "Økonomiudvalget"; None when the line names no body."""
    rest = DOCUMENT_WORDS.sub("", text.strip(), count=1).strip()
    if not rest or not BODY_WORDS.search(rest):
        return None
    if classify_heading(rest) is not None or ATTENDANCE.match(rest):
        return None
    end = _NAME_END.search(rest)
    name = rest[: end.start()] if end else rest
    name = re.sub(r"\s+(?:d\.|den)$", "", name.strip())
    name = re.sub(r"s\s+(?:ordinære\s+|ekstraordinære\s+)?møde$", "", name.strip(" :-–,"), flags=re.IGNORECASE)
    name = re.sub(r"\s+møde$", "", name, flags=re.IGNORECASE).strip(" :-–,")
    if not name or len(name) > _MAX_NAME_CHARS or not BODY_WORDS.search(name) or name.endswith("."):
        return None
    if len(name.split()) > 8:
        return None
    return name[0] + name[1:].lower() if name.isupper() else name


def _build(fields: dict[str, str], lines: Sequence[Line], context: Sequence[Line] = ()) -> MeetingHeader:
    when = fields.get("date") or fields.get("when") or ""
    clock = fields.get("time") or ""
    start = find_time(when) or find_time(clock) or find_time(f"kl. {clock}") or find_time(fields.get("when") or "")
    committee = fields.get("committee")
    if committee:
        committee = body_name(committee) or committee
    text = "\n".join(line.text for line in [*lines[:60], *context[:60]])
    municipality = fields.get("municipality") or find_municipality(committee or "", text)
    if municipality is None and (region := _REGION.search(text)):
        municipality = f"Region {region.group('name')}"
    attendance = tuple(lines[i].text for i in sorted(attendance_blocks(lines)))
    place = fields.get("place")
    return MeetingHeader(
        committee=committee,
        date=find_date(when) or find_date(fields.get("when") or ""),
        time=start,
        place=place.strip() if place else None,
        municipality=municipality.replace(" Kommune", "").strip() if municipality else None,
        attendance=attendance,
    )
