"""A meeting question ("Hvad skete der på mødet den 23. juni 2021?"): the items of the meeting it dates, in agenda
order, each answered by its decision."""

from __future__ import annotations

from index.model import Filters, ItemHit
from index.search.question import Question, QuestionKind
from index.storage.catalog import Catalog
from ingest.model import AgendaItem, Meeting


def _agenda_order(item: AgendaItem) -> tuple[int, str]:
    number = item.number.strip().rstrip(".")
    return (int(number), "") if number.isdigit() else (10**6, number)


def dated_meetings(question: Question, catalog: Catalog, filters: Filters = Filters()) -> list[Meeting]:
    """The meetings on the day a meeting question names, of its (or the filter's) committee when it names one."""
    if question.kind is not QuestionKind.MEETING or question.period is None:
        return []
    committee = filters.committee or question.committee
    meetings = catalog.meetings_on(question.period.start)
    return sorted((m for m in meetings if committee is None or m.committee == committee),
                  key=lambda m: (m.committee, m.time or m.date))


def meeting_hits(question: Question, catalog: Catalog, filters: Filters = Filters()) -> list[ItemHit]:
    """The dated meetings' items in agenda order, as ranked hits (all with the same score)."""
    hits: list[ItemHit] = []
    for meeting in dated_meetings(question, catalog, filters):
        items = sorted(catalog.meeting_items(meeting.id), key=_agenda_order)
        hits += [ItemHit(item, 1.0, ()) for item in items if not filters.with_decision or item.decision]
    return hits
