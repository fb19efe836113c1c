"""What a Danish question says about where to look: a committee ("ØU", "Kultur- og Fritidsudvalget") and a period
("i marts 2024", "sidste år", "efter valget"). Pure functions; `today` is passed in."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from index.analysis import codes
from referat.danish import MONTH_NUMBERS, MONTH_PATTERN

_MONTHS = MONTH_NUMBERS
_MONTH_WORDS = MONTH_PATTERN
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_WORDS})\.?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"\b(?:i|fra|om|siden|efter)\s+(?P<month>{_MONTH_WORDS})\b(?!\s*\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:i|år|fra|efter|siden|inden|før|under)\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# Danish municipal elections; "efter valget" means after the latest one before today.
ELECTIONS = (date(2013, 11, 19), date(2017, 11, 21), date(2021, 11, 16), date(2025, 11, 18))


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class QuestionScope:
    committee: str | None = None
    period: Period | None = None
    month: int | None = None
    # Codes typed in the question ("22-011409", "EMN-2025-003383"), compared case- and space-insensitively.
    case_numbers: frozenset[str] = frozenset()


def committee_aliases(committee: str) -> set[str]:
    """Ways people write a committee: its name, without "-udvalget"/year spans, and its initials (ØU, KTM, SBUU)."""
    name = re.sub(r"\s+\d{4}\s*-\s*\d{4}$", "", committee.strip().lstrip(".")).strip()
    lowered = name.casefold()
    aliases = {lowered}
    if "byråd" in lowered:
        aliases |= {"byrådet", "byråd", "kommunalbestyrelsen"}
    parts = [p for p in re.split(r"[\s,/-]+", name) if p and p.casefold() not in {"og", "/"}]
    if len(parts) >= 1 and lowered.endswith(("udvalget", "udvalg")):
        initials = "".join(p[0] for p in parts).upper()
        aliases |= {initials.casefold(), (initials + "U").casefold()}
        if len(parts) == 1:
            aliases.add(re.sub(r"udvalg(et)?$", "", lowered) + "udvalget")
    return {a for a in aliases if len(a) >= 2}


def find_committee(question: str, committees: Iterable[str]) -> str | None:
    """The committee a question names, longest match first; initials only as whole upper-case words."""
    lowered = question.casefold()
    best: tuple[int, str] | None = None
    for committee in committees:
        for alias in committee_aliases(committee):
            if len(alias) <= 4 and alias.isalpha():
                hit = re.search(rf"(?<![\wÆØÅæøå]){re.escape(alias.upper())}(?![\wÆØÅæøå])", question)
            else:
                hit = re.search(rf"(?<![\wæøå]){re.escape(alias)}", lowered)
            if hit and (best is None or len(alias) > best[0]):
                best = (len(alias), committee)
    return best[1] if best else None


def _month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def find_period(question: str, today: date) -> tuple[Period | None, int | None]:
    """The period a question names, and a bare month ("i marts") when it names no year."""
    if match := _MONTH_YEAR.search(question):
        return _month_period(int(match.group("year")), _MONTHS[match.group("month").lower()]), None
    lowered = question.casefold()
    if "sidste år" in lowered or "sidste års" in lowered or "i fjor" in lowered:
        return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)), None
    if re.search(r"\bi år\b", lowered):
        return Period(date(today.year, 1, 1), today), None
    if "efter valget" in lowered or "siden valget" in lowered:
        last = max((d for d in ELECTIONS if d <= today), default=None)
        if last:
            return Period(last, today), None
    if "før valget" in lowered:
        last = max((d for d in ELECTIONS if d <= today), default=None)
        if last:
            return Period(date(last.year - 4, last.month, last.day), last), None
    month = _MONTH_ONLY.search(question)
    # A bare year is usually part of a title ("Budget 2024"), not the time of the meeting.
    year = _YEAR.search(question)
    if year:
        y = int(year.group("year"))
        return Period(date(y, 1, 1), date(y, 12, 31)), (_MONTHS[month.group("month").lower()] if month else None)
    return None, (_MONTHS[month.group("month").lower()] if month else None)


def find_case_numbers(question: str) -> frozenset[str]:
    return frozenset(code for code in codes(question) if re.search(r"\d.*[-./].*\d", code))


def understand(question: str, committees: Iterable[str], today: date) -> QuestionScope:
    period, month = find_period(question, today)
    return QuestionScope(committee=find_committee(question, committees), period=period, month=month,
                         case_numbers=find_case_numbers(question))
