"""Meeting preparation: for each item on an agenda, its earlier treatments (same case first, then similar items)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from index.model import ItemHit
from index.search.question import unscoped
from index.search.retrieval import Retriever
from index.storage.catalog import Catalog
from ingest.model import AgendaItem, Meeting, SectionKind
from referat.committees import display_committee
from referat.danish import format_date

SIMILAR_PER_ITEM = 3
# "Lignende punkter" shows an item only when it matches the item's title at least half as well as the item itself
# (see _similarity_to_itself). On the Herning samples the related pairs score 0.58-0.68 (the two KKR framework
# agreements, two treatments of one youth project under different case numbers) and unrelated neighbours 0.07-0.44
# ("Nøgletal" against "Generel orientering", "Udbud danskuddannelsen" against the KKR agreement).
SIMILARITY_BAR = 0.5
SIMILAR_CANDIDATES = 100


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


def _similarity_to_itself(item: AgendaItem, retriever: Retriever) -> dict[str, float]:
    """Each candidate's item-level BM25 score for the item's title, as a share of the item's own score for it.

    The fused score cannot carry a bar: reciprocal rank fusion gives the tenth hit nearly what it gives the first
    (0.0328 against 0.0294) whether or not anything matches. BM25 does measure how much of the title a candidate
    holds, but on a scale that varies with the title and the corpus; divided by the item's own score (an item
    matches its own title best) it becomes a share from 0 to about 1 that means the same for every item."""
    ranking = retriever.item_index.rank(item.title, SIMILAR_CANDIDATES)
    scores = dict(zip(ranking.item_ids, ranking.scores, strict=True))
    own = scores.get(item.id) or max(scores.values(), default=0.0)
    return {item_id: score / own for item_id, score in scores.items()} if own > 0 else {}


def similar_items(item: AgendaItem, retriever: Retriever, exclude: set[str]) -> tuple[ItemHit, ...]:
    """Earlier items about the same subject under another case number (found by the item's title), best first, and
    only those that match the title at least SIMILARITY_BAR as well as the item itself does."""
    query = item.title
    hits = retriever.search(unscoped(query), k=SIMILAR_PER_ITEM + len(exclude) + 5)
    similarity = _similarity_to_itself(item, retriever)
    found = [h for h in hits if h.item.id not in exclude and h.item.id != item.id
             and _is_earlier(h.item, item.meeting) and h.item.case_number != item.case_number
             and similarity.get(h.item.id, 0.0) >= SIMILARITY_BAR]
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


# A longer recommendation or decision shows its start and folds the rest under "vis mere".
TEXT_LIMIT = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def economy_line(item: AgendaItem) -> str | None:
    """The item's economy in a line: the first sentence of its economy section, where it has one."""
    section = next((s for s in item.sections if s.kind is SectionKind.OEKONOMI and s.text.strip()), None)
    if section is None:
        return None
    flat = " ".join(section.text.split())
    return _SENTENCE_END.split(flat, maxsplit=1)[0][:300]


def _folded(label: str, text: str) -> list[str]:
    """A labelled text, its start shown and the rest behind "vis mere" when it is long."""
    md = escape_markdown
    flat = text.strip()
    if len(flat) <= TEXT_LIMIT:
        return [f"**{label}:** {md(flat)}", ""]
    cut = flat[:TEXT_LIMIT].rsplit(" ", 1)[0]
    return [f"**{label}:** {md(cut)} …", "", "<details><summary>vis mere</summary>", "", md(flat[len(cut):].strip()),
            "", "</details>", ""]


def brief_to_markdown(brief: MeetingBrief) -> str:
    """The brief as Markdown; every text taken from the minutes is escaped."""
    md = escape_markdown
    meeting = brief.meeting
    lines = [f"# Forberedelse: {md(display_committee(meeting.committee))}, {format_date(meeting.date)}", ""]
    if meeting.place:
        lines += [f"Mødested: {md(meeting.place)}", ""]
    if meeting.municipality:
        lines += [f"Kommune: {md(meeting.municipality)}", ""]
    for entry in brief.entries:
        item = entry.item
        case = f" (sag {md(item.case_number)})" if item.case_number else ""
        lines += [f"## Punkt {md(item.number)}: {md(item.title)}{case}", ""]
        if item.recommendation:
            lines += _folded("Indstilling", item.recommendation)
        if economy := economy_line(item):
            lines += [f"**Økonomi:** {md(economy)}", ""]
        if item.decision:
            lines += _folded("Beslutning", item.decision)
        if entry.earlier:
            lines.append("**Tidligere behandlinger af sagen:**")
            lines += [f"- {format_date(e.meeting.date)}, {md(display_committee(e.meeting.committee))}, punkt "
                      f"{md(e.number)}: {md(_decision_line(e))}" for e in entry.earlier]
            lines.append("")
        if entry.similar:
            lines += ["<details><summary>Lignende punkter</summary>", ""]
            lines += [f"- {format_date(h.item.meeting.date)}, {md(display_committee(h.item.meeting.committee))}, "
                      f"punkt {md(h.item.number)} «{md(h.item.title)}»: {md(_decision_line(h.item))}"
                      for h in entry.similar]
            lines += ["", "</details>", ""]
        if not entry.earlier and not entry.similar:
            lines += ["Ingen tidligere behandlinger fundet.", ""]
    return "\n".join(lines).rstrip() + "\n"
