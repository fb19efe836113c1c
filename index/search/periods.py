"""When a question asks about: the meeting's period read from its dates ("på mødet den 23. juni 2021", "i marts
2024", "12/9 2023", "sidste år", "efter valget"), told apart from dates that are part of the topic ("budget 2025",
"lukket den 23. december 2024"). Pure functions; `today` is passed in."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from referat.danish import MONTH_NUMBERS, MONTH_PATTERN, SEASON_MONTHS, SEASON_PATTERN

_MONTHS = MONTH_NUMBERS
_MONTH_WORDS = MONTH_PATTERN
YEAR_WORD = r"(?:19|20)\d\d"
# Date expressions, most precise first: a day ("den 23. juni 2021"), a month ("marts 2024"), a year or two ("i 2023",
# "i 2023 og 2024"), a month without a year ("i marts").
_DAY = re.compile(rf"\b(?P<day>\d{{1,2}})\.?\s*(?P<month>{_MONTH_WORDS})\.?\s+(?P<year>{YEAR_WORD})\b", re.IGNORECASE)
# A day in figures, as people type it: "12/9 2023", "12.9.2023", "12-09-2023".
_NUMERIC_DAY = re.compile(rf"(?<![\w/.-])(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)(?:[./-]\s*|\s+)(?P<year>{YEAR_WORD})"
                          r"(?![\w/-])")
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_WORDS})\.?\s+(?P<year>{YEAR_WORD})\b", re.IGNORECASE)
_SEASON_YEAR = re.compile(rf"\b(?P<season>{SEASON_PATTERN})\s+(?P<year>{YEAR_WORD})\b", re.IGNORECASE)
_YEARS = re.compile(rf"\b(?P<year>{YEAR_WORD})(?:\s*(?:og|-|–|til)\s*(?P<last>{YEAR_WORD}))?\b", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"\b(?P<month>{_MONTH_WORDS})\b(?!\.?\s*\d)", re.IGNORECASE)
# A date dates the meeting only when the question says so: "på mødet den …", or a preposition of time ("i", "den")
# in a question about what a meeting did ("i 2023 besluttede byrådet …", "Hvad anbefalede ØU i marts 2024?").
# Otherwise it is part of the topic ("budget 2025", "gebyrer for 2025", "lukket den 23. december 2024", "ledigheden i
# april 2021") and stays a search term only.
_AT_MEETING = re.compile(r"\bmøde[t]?\s+(?:den\s+|d\.\s*|i\s+)?$", re.IGNORECASE)
# A day right after a committee dates its meeting ("Kultur- og Fritidsudvalget d. 13. september 2023"); a year does
# not ("Hvor mange møder holder udvalget i 2021?").
_AT_COMMITTEE = re.compile(r"(?:udvalg(?:et|ets)?|\bbyråd(?:et|ets)?)\s+(?:den\s+|d\.\s*)?$", re.IGNORECASE)
_TIME_PREPOSITION = re.compile(r"(?:\bi|\bden|\bd\.|\bunder|\bpå)\s+$", re.IGNORECASE)
_MEETING_EVENT = re.compile(
    r"\b(beslut\w*|vedt[ao]g\w*|godkend\w*|behandl\w*|anbefal\w*|indstill\w*|foreslog|foreslået|sagde|mente|"
    r"skete|endte|stemte|afvis\w*|tiltrådte|drøft\w*|efterretning|valgt\w*|valgte|konstitu\w*|syntes)\b",
    re.IGNORECASE)
# Danish municipal elections; "efter valget" means after the latest one before today.
ELECTIONS = (date(2013, 11, 19), date(2017, 11, 21), date(2021, 11, 16), date(2025, 11, 18))


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end



def _month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _dates_meeting(question: str, start: int, by_committee: bool = False) -> bool:
    """True when the date expression starting at `start` dates the meeting rather than naming part of the topic.
    `by_committee`: the question names a committee, and the date is a month or a day, which then dates its meeting
    after a preposition of time ("Hvad ville Plan- og Tryghedsudvalget have undersøgt … i januar 2024?")."""
    before = question[:start]
    if _AT_MEETING.search(before):
        return True
    rest = question[:start] + " " + question[start:]
    return bool(_TIME_PREPOSITION.search(before)) and (by_committee or bool(_MEETING_EVENT.search(rest)))


def _relative_period(lowered: str, today: date) -> Period | None:
    if "sidste år" in lowered or "sidste års" in lowered or "i fjor" in lowered:
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    if re.search(r"\bi år\b", lowered):
        return Period(date(today.year, 1, 1), today)
    last = max((d for d in ELECTIONS if d <= today), default=None)
    if last and ("efter valget" in lowered or "siden valget" in lowered):
        return Period(last, today)
    if last and "før valget" in lowered:
        return Period(date(last.year - 4, last.month, last.day), last)
    return None


Span = tuple[int, int]


def _days(question: str) -> Iterable[tuple[date, Span]]:
    """The days the question names, in words ("13. september 2023") or figures ("12/9 2023"), in text order."""
    found = []
    for match in _DAY.finditer(question):
        found.append((match.start(), int(match.group("year")), _MONTHS[match.group("month").lower()],
                      int(match.group("day")), match.span()))
    for match in _NUMERIC_DAY.finditer(question):
        found.append((match.start(), int(match.group("year")), int(match.group("month")), int(match.group("day")),
                      match.span()))
    for _, year, month, day, span in sorted(found):
        try:
            yield date(year, month, day), span
        except ValueError:
            continue


def read_period(question: str, today: date,
                 by_committee: bool = False) -> tuple[Period | None, int | None, tuple[Span, ...]]:
    """The meeting's period, a bare month, and where in the question the expressions read as them stand;
    `by_committee`: the question names a committee (see `_dates_meeting`)."""
    days = list(_days(question))
    for day, span in days:
        if _dates_meeting(question, span[0], by_committee) or _AT_COMMITTEE.search(question[:span[0]]):
            return Period(day, day), None, (span,)
    for match in _MONTH_YEAR.finditer(question):
        inside_day = any(a <= match.start() < b for _, (a, b) in days)
        if not inside_day and _dates_meeting(question, match.start(), by_committee):
            period = _month_period(int(match.group("year")), _MONTHS[match.group("month").lower()])
            return period, None, (match.span(),)
    seasons = list(_SEASON_YEAR.finditer(question))
    for match in seasons:
        if _dates_meeting(question, match.start(), by_committee):
            first, last = SEASON_MONTHS[match.group("season").lower()]
            year = int(match.group("year"))
            return Period(date(year, first, 1), _month_period(year, last).end), None, (match.span(),)
    if relative := _relative_period(question.casefold(), today):
        return relative, None, ()
    dated = ([span for _, span in days] + [m.span() for m in _MONTH_YEAR.finditer(question)]
             + [m.span() for m in seasons])
    month = next((m for m in _MONTH_ONLY.finditer(question) if _dates_meeting(question, m.start())), None)
    month_number = _MONTHS[month.group("month").lower()] if month else None
    month_spans = (month.span(),) if month else ()
    for match in _YEARS.finditer(question):
        if any(a <= match.start() < b for a, b in dated) or not _dates_meeting(question, match.start()):
            continue
        first, last = int(match.group("year")), int(match.group("last") or match.group("year"))
        if first <= last:
            return Period(date(first, 1, 1), date(last, 12, 31)), month_number, (*month_spans, match.span())
    return None, month_number, month_spans


def find_period(question: str, today: date) -> tuple[Period | None, int | None]:
    """The period of the meeting a question asks about, and a bare month ("i marts") when it names no year. Dates
    that are part of the topic ("budget 2025", "lukket den 23. december 2024") are not periods."""
    period, month, _ = read_period(question, today)
    return period, month
