"""The data model every stage shares: meetings, agenda items, their sections, and chunks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum


class SectionKind(StrEnum):
    RESUME = "resume"
    SAGSFREMSTILLING = "sagsfremstilling"
    INDSTILLING = "indstilling"
    BESLUTNING = "beslutning"
    OEKONOMI = "økonomi"
    BILAG = "bilag"
    OTHER = "other"


class MeetingKind(StrEnum):
    DAGSORDEN = "dagsorden"
    REFERAT = "referat"


@dataclass(frozen=True, slots=True)
class Section:
    """One headed part of an agenda item, in the order the publisher printed it."""

    kind: SectionKind
    heading: str
    text: str
    # Set on decisions headed "Beslutning i <udvalg> den <dato>": one per committee that handled the case.
    committee: str | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    municipality: str | None
    committee: str
    date: date
    time: time | None
    place: str | None
    kind: MeetingKind
    source: str
    # Who attended, sent apologies or was absent, as the header lists it ("Afbud: Anna Hansen (A)").
    attendance: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    meeting: Meeting
    number: str
    title: str
    case_number: str | None
    sections: tuple[Section, ...]
    attachments: tuple[str, ...] = ()
    closed: bool = False
    case_officer: str | None = None

    @property
    def decisions(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind is SectionKind.BESLUTNING and s.text.strip())

    @property
    def decision(self) -> str | None:
        """The decision text as recorded, or None when the item has none (an agenda)."""
        texts = [s.text.strip() for s in self.decisions]
        return "\n\n".join(texts) if texts else None

    @property
    def recommendation(self) -> str | None:
        texts = [s.text.strip() for s in self.sections if s.kind is SectionKind.INDSTILLING and s.text.strip()]
        return "\n\n".join(texts) if texts else None

    @property
    def text(self) -> str:
        """The whole item as readable text: title, case number and case officer, then each section under its
        heading. The case officer is part of it so that a question naming them finds the item and an answer can quote
        who handles the case."""
        parts = [f"Punkt {self.number}: {self.title}"]
        if self.case_number:
            parts.append(f"Sagsnr.: {self.case_number}")
        if self.case_officer:
            parts.append(f"Sagsbehandler: {self.case_officer}")
        for section in self.sections:
            if section.text.strip():
                parts.append(f"{section.heading}\n{section.text.strip()}" if section.heading else section.text.strip())
        if self.attachments:
            parts.append("Bilag\n" + "\n".join(self.attachments))
        return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class Publication:
    """What one source file holds: one meeting and its agenda items, in agenda order."""

    meeting: Meeting
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A retrievable piece of exactly one agenda item; `text` starts with a context line naming the item."""

    id: str
    item: AgendaItem
    index: int
    section_kind: SectionKind
    text: str


@dataclass(frozen=True, slots=True)
class DraftItem:
    """An agenda item as a parser reads it, before the meeting it belongs to is known in full."""

    number: str
    title: str
    case_number: str | None
    sections: tuple[Section, ...]
    attachments: tuple[str, ...] = ()
    closed: bool = False
    case_officer: str | None = None

    @property
    def has_decision(self) -> bool:
        return any(s.kind is SectionKind.BESLUTNING and s.text.strip() for s in self.sections)


@dataclass(frozen=True, slots=True)
class DraftMeeting:
    municipality: str | None
    committee: str
    date: date
    time: time | None
    place: str | None
    items: tuple[DraftItem, ...] = field(default_factory=tuple)
    attendance: tuple[str, ...] = ()


def normalize_key(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a name, for identities that must survive re-publishing."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def stable_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]


def meeting_id(municipality: str | None, committee: str, day: date, start: time | None) -> str:
    return stable_id(normalize_key(municipality or ""), normalize_key(committee), day.isoformat(),
                     start.strftime("%H:%M") if start else "")


def build_publication(draft: DraftMeeting, source: str) -> Publication:
    """Freeze a parsed meeting: ids from content identity, kind from whether any item carries a decision."""
    kind = MeetingKind.REFERAT if any(d.has_decision for d in draft.items) else MeetingKind.DAGSORDEN
    meeting = Meeting(
        id=meeting_id(draft.municipality, draft.committee, draft.date, draft.time),
        municipality=draft.municipality,
        committee=draft.committee,
        date=draft.date,
        time=draft.time,
        place=draft.place,
        kind=kind,
        source=source,
        attendance=draft.attendance,
    )
    items = tuple(
        AgendaItem(
            id=stable_id(meeting.id, d.number, normalize_key(d.title)),
            meeting=meeting,
            number=d.number,
            title=d.title,
            case_number=d.case_number,
            sections=d.sections,
            attachments=d.attachments,
            closed=d.closed,
            case_officer=d.case_officer,
        )
        for d in draft.items
    )
    return Publication(meeting=meeting, items=items)
