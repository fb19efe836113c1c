"""Danish dates and times as minutes print them: "23. juni 2021", "Tirsdag d. 20. oktober 2020 kl. 08:00",
"20-10-2020", "2025-09-08T17:15:00+02:00"."""

from __future__ import annotations

import re
from datetime import date, time

import dateparser

from referat.danish import MONTH_PATTERN

_DATE = re.compile(
    r"(?<!\d)(?:\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[-./]\d{1,2}[-./]\d{4}"
    rf"|\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\.?\s+\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?:\bkl\.?\s*|T)(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


def find_date(text: str) -> date | None:
    """The first Danish or ISO date written in `text`, or None."""
    match = _DATE.search(text)
    if match is None:
        return None
    raw = match.group(0)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return date.fromisoformat(raw)
    parsed = dateparser.parse(raw.replace("/", "-"), languages=["da"], settings=_SETTINGS)
    return parsed.date() if parsed else None


def find_time(text: str) -> time | None:
    """The clock time in `text` ("kl. 08:00", "kl. 16.00" or an ISO timestamp), or None."""
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None
