"""What retrieval returns: chunk hits, agenda items with their best chunks, and the filters that narrow a search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ingest.model import AgendaItem, MeetingKind


@dataclass(frozen=True, slots=True)
class Hit:
    """One chunk found by one retriever (or by their fusion)."""

    chunk_id: str
    item_id: str
    score: float
    text: str
    section_kind: str


@dataclass(frozen=True, slots=True)
class ItemHit:
    """An agenda item found by a search: each item once, with the chunks that brought it up, best first."""

    item: AgendaItem
    score: float
    chunks: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Filters:
    committee: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: MeetingKind | None = None
    with_decision: bool = False
    case_number: str | None = None
    # Part of the municipality's name, any case: "herning" finds "Herning Kommune" (and a meeting stored as "Herning").
    municipality: str | None = None

    @property
    def empty(self) -> bool:
        return self == Filters()
