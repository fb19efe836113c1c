"""Meeting preparation: for each item on an agenda, its earlier treatments (same case first, then similar items)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from index.model import ItemHit
from index.search.question import unscoped
from index.search.retrieval import Retriever
from index.storage.catalog import Catalog
from ingest.model import AgendaItem, Meeting
from referat.danish import format_date

SIMILAR_PER_ITEM = 3


@dataclass(frozen=True, slots=True)
class BriefEntry:
    item: AgendaItem
    earlier: tuple[AgendaItem, ...]
    similar: tuple[ItemHit, ...]


@dataclass(frozen=True, slots=True)
class MeetingBrief:
    meeting: Meeting
    entries: tuple[BriefEntry, ...]


def _start(meeting: Meeting) -> tuple[date, time]:
    return meeting.date, meeting.time or time.min


def _is_earlier(candidate: AgendaItem, meeting: Meeting) -> bool:
    return candidate.meeting.id != meeting.id and _start(candidate.meeting) < _start(meeting)


def earlier_treatments(item: AgendaItem, catalog: Catalog) -> tuple[AgendaItem, ...]:
    if not item.case_number:
        return ()
    history = catalog.case_history(item.case_number)
    return tuple(h for h in history if h.id != item.id and _is_earlier(h, item.meeting))


def similar_items(item: AgendaItem, retriever: Retriever, exclude: set[str]) -> tuple[ItemHit, ...]:
    """Earlier items about the same subject under another case number (found by the item's title and resume)."""
    query = item.title
    hits = retriever.search(unscoped(query), k=SIMILAR_PER_ITEM + len(exclude) + 5)
    found = [h for h in hits if h.item.id not in exclude and h.item.id != item.id
             and _is_earlier(h.item, item.meeting) and h.item.case_number != item.case_number]
    return tuple(found[:SIMILAR_PER_ITEM])


def prepare_meeting(meeting_id: str, catalog: Catalog, retriever: Retriever,
                    with_similar: bool = True) -> MeetingBrief | None:
    meeting = catalog.meeting(meeting_id)
    if meeting is None:
        return None
    entries = []
    for item in catalog.meeting_items(meeting_id):
        earlier = earlier_treatments(item, catalog)
        similar = similar_items(item, retriever, {e.id for e in earlier}) if with_similar and not item.closed else ()
        entries.append(BriefEntry(item, earlier, similar))
    return MeetingBrief(meeting, tuple(entries))


def _decision_line(item: AgendaItem) -> str:
    return item.decision.replace("\n", " ") if item.decision else "ingen beslutning (dagsorden)"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Minutes text shown literally in Markdown: no stray emphasis, links, headings or HTML from the source."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def brief_to_markdown(brief: MeetingBrief) -> str:
    """The brief as Markdown; every text taken from the minutes is escaped."""
    md = escape_markdown
    meeting = brief.meeting
    lines = [f"# Forberedelse: {md(meeting.committee)}, {format_date(meeting.date)}", ""]
    if meeting.place:
        lines += [f"Mødested: {md(meeting.place)}", ""]
    for entry in brief.entries:
        item = entry.item
        case = f" (sag {md(item.case_number)})" if item.case_number else ""
        lines += [f"## Punkt {md(item.number)}: {md(item.title)}{case}", ""]
        if item.recommendation:
            lines += [f"**Indstilling:** {md(item.recommendation)}", ""]
        if entry.earlier:
            lines.append("**Tidligere behandlinger af sagen:**")
            lines += [f"- {format_date(e.meeting.date)}, {md(e.meeting.committee)}, punkt {md(e.number)}: "
                      f"{md(_decision_line(e))}" for e in entry.earlier]
            lines.append("")
        if entry.similar:
            lines.append("**Lignende punkter:**")
            lines += [f"- {format_date(h.item.meeting.date)}, {md(h.item.meeting.committee)}, "
                      f"punkt {md(h.item.number)} «{md(h.item.title)}»: {md(_decision_line(h.item))}"
                      for h in entry.similar]
            lines.append("")
        if not entry.earlier and not entry.similar:
            lines += ["Ingen tidligere behandlinger fundet.", ""]
    return "\n".join(lines).rstrip() + "\n"
