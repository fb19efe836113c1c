"""The one interpretation of a Danish question, made once and used by retrieval and answers alike: what kind of
answer it asks for (a decision, a fact, yes or no, a summary, a case history) and where to look — a committee ("ØU",
"Kultur- og Fritidsudvalget"), a period ("i marts 2024", "sidste år", "efter valget") and case numbers. Pure
functions; `today` is passed in."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from index.search.analysis import codes
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


class QuestionKind(StrEnum):
    DECISION = "decision"
    # "Blev …?", "Skal …?": answered by the decision, with the one sentence of the item that bears most on it.
    YES_NO = "yes_no"
    FACTUAL = "factual"
    # "Hvad handler sag 24-005026 om?": answered by the item's summary.
    SUMMARY = "summary"
    HISTORY = "history"


_DECISION_WORDS = re.compile(
    r"\b(beslut\w*|vedt[ao]\w*|godkend\w*|afgør\w*|bevilg\w*|tiltr[åa]\w*|afvis\w*|anbefal\w*|stemte|vedtagelse|"
    r"indstilling\w*|indstille\w*|skete|sagde|svarede|udfald\w*)\b",
    re.IGNORECASE)
_HISTORY_WORDS = re.compile(r"\b(forløb|historik|behandlet|behandling(?:en|er)? gennem|gennem udvalgene|hvilke "
                            r"udvalg|tidligere behandl\w*|sagsforløb)\b", re.IGNORECASE)
_SUMMARY_QUESTION = re.compile(r"\bhandler\b.*\bom\s*\??\s*$|\bhvad går\b.*\bud på\b|^\s*hvad er sag(?:en)?\b",
                               re.IGNORECASE)
_QUESTION_WORD_FIRST = re.compile(r"^\W*(?:hv\w+|med hvilke\w*|i hvilke\w*|til hvad|fra hvornår|siden hvornår)\b",
                                  re.IGNORECASE)
# Wording that decides the kind of answer, checked in this order: a case history, a summary, a decision.
_KINDS_BY_WORDING = ((_HISTORY_WORDS, QuestionKind.HISTORY), (_SUMMARY_QUESTION, QuestionKind.SUMMARY),
                     (_DECISION_WORDS, QuestionKind.DECISION))


@dataclass(frozen=True, slots=True)
class Question:
    """A question as asked, and what it says: the kind of answer it wants and where to look."""

    text: str
    kind: QuestionKind
    committee: str | None = None
    period: Period | None = None
    # A month named without a year ("i marts").
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


def classify_question(question: str) -> QuestionKind:
    for pattern, kind in _KINDS_BY_WORDING:
        if pattern.search(question):
            return kind
    # Danish yes/no questions open with the verb ("Blev …", "Skal …"); all others with a question word.
    return QuestionKind.FACTUAL if _QUESTION_WORD_FIRST.match(question) else QuestionKind.YES_NO


def interpret(text: str, committees: Iterable[str], today: date) -> Question:
    """The question's kind and scope; `committees` are the indexed committee names it may refer to."""
    period, month = find_period(text, today)
    return Question(text, classify_question(text), committee=find_committee(text, committees), period=period,
                    month=month, case_numbers=find_case_numbers(text))


def unscoped(text: str) -> Question:
    """A query taken as plain words, with no committee, period or case number read into it (an item's title)."""
    return Question(text, classify_question(text))
