"""Periods typed in Danish ("marts 2024", "sidste år", "januar–marts 2024", "1.3.2024") as a first and last day.

Named spans (years, months, quarters, relative periods) are read by the table of patterns below, because a date
parser turns "2024" or "sidste måned" into one day; single days in any other spelling go to `dateparser`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

import dateparser

from referat.danish import MONTH_NUMBERS, MONTH_PATTERN, SEASON_MONTHS, SEASON_PATTERN

Period = tuple[date, date]

_YEAR = r"(?:19|20)\d{2}"
# Range separators: dashes, "til". A bare "-" is also inside ISO dates, so every separator is tried in turn.
_RANGE = re.compile(r"\s*[–—-]\s*|\s+til\s+")
_PREFIX = re.compile(r"^(?:fra|i perioden|perioden|periode)\s+")


def _year_span(year: int) -> Period:
    return date(year, 1, 1), date(year, 12, 31)


def _month_span(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _months_back(today: date, months: int) -> date:
    year, month = _shift_month(today.year, today.month, -months)
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _week_span(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


_UNIT_DAYS = {"dag": 1, "dage": 1, "uge": 7, "uger": 7}

# Each pattern matches the whole (normalised) text; its reader gets the match and today and returns the span.
_Reader = Callable[[re.Match[str], date], Period]
_PATTERNS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple((re.compile(p + r"$"), r) for p, r in (
    (r"(?:i år|i aar|dette år|indeværende år)", lambda m, t: _year_span(t.year)),
    (r"(?:sidste år|forrige år|sidste aar|i fjor|sidste kalenderår)", lambda m, t: _year_span(t.year - 1)),
    (r"(?:denne måned|i denne måned|indeværende måned)", lambda m, t: _month_span(t.year, t.month)),
    (r"(?:sidste måned|forrige måned)", lambda m, t: _month_span(*_shift_month(t.year, t.month, -1))),
    (r"(?:denne uge|i denne uge)", lambda m, t: _week_span(t)),
    (r"(?:sidste uge|forrige uge)", lambda m, t: _week_span(t - timedelta(days=7))),
    (r"i dag", lambda m, t: (t, t)),
    (r"i går", lambda m, t: (t - timedelta(days=1), t - timedelta(days=1))),
    (r"(?:de |det )?(?:sidste|seneste) (\d+) (?:måned|måneder)", lambda m, t: (_months_back(t, int(m[1])), t)),
    (r"(?:de |det )?(?:sidste|seneste) (\d+) (?:år)", lambda m, t: (_months_back(t, 12 * int(m[1])), t)),
    (r"(?:de |det )?(?:sidste|seneste) (\d+) (dag|dage|uge|uger)",
     lambda m, t: (t - timedelta(days=int(m[1]) * _UNIT_DAYS[m[2]]), t)),
    (rf"({_YEAR})", lambda m, t: _year_span(int(m[1]))),
    (rf"({_YEAR})-(\d{{1,2}})", lambda m, t: _month_span(int(m[1]), int(m[2]))),
    (rf"(\d{{1,2}})[./-]({_YEAR})", lambda m, t: _month_span(int(m[2]), int(m[1]))),
    (rf"({MONTH_PATTERN})\.?,? ({_YEAR})", lambda m, t: _month_span(int(m[2]), MONTH_NUMBERS[m[1]])),
    (rf"({MONTH_PATTERN})\.?", lambda m, t: _month_span(t.year, MONTH_NUMBERS[m[1]])),
    (rf"(?:i )?({SEASON_PATTERN}) ({_YEAR})",
     lambda m, t: (date(int(m[2]), SEASON_MONTHS[m[1]][0], 1), _month_span(int(m[2]), SEASON_MONTHS[m[1]][1])[1])),
    (rf"([1-4])\.? ?kvartal ({_YEAR})",
     lambda m, t: (date(int(m[2]), 3 * int(m[1]) - 2, 1), _month_span(int(m[2]), 3 * int(m[1]))[1])),
    (rf"q([1-4]) ({_YEAR})",
     lambda m, t: (date(int(m[2]), 3 * int(m[1]) - 2, 1), _month_span(int(m[2]), 3 * int(m[1]))[1])),
))

_DATEPARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().casefold())
    return _PREFIX.sub("", text)


def _parse_day(text: str, today: date) -> date | None:
    if not re.search(r"\d", text):
        return None
    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": datetime.combine(today, datetime.min.time())}
    parsed = dateparser.parse(text, languages=["da", "en"], settings=settings)
    return parsed.date() if parsed else None


def _parse_one(text: str, today: date) -> Period | None:
    for pattern, read in _PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return read(match, today)
            except ValueError:  # "13/2024", "2024-13": a month that does not exist
                return None
    day = _parse_day(text, today)
    return (day, day) if day else None


def _borrow_year(left: str, right: str) -> str:
    """ "januar" in "januar–marts 2024" and "1. marts" in "1. marts–30. juni 2024" take the year of the right side."""
    year = re.search(rf"({_YEAR})$", right)
    if year and not re.search(_YEAR, left):
        return f"{left} {year[1]}"
    return left


def parse_period(text: str, today: date) -> Period | None:
    """The first and last day the text names, or None when it names no period (or ends before it starts)."""
    cleaned = _normalise(text)
    if not cleaned:
        return None
    whole = _parse_one(cleaned, today)
    if whole:
        return whole
    for separator in _RANGE.finditer(cleaned):
        left_text, right_text = cleaned[:separator.start()], cleaned[separator.end():]
        left = _parse_one(_borrow_year(left_text, right_text), today)
        right = _parse_one(right_text, today) if left else None
        if left and right:
            return (left[0], right[1]) if left[0] <= right[1] else None
    return None
