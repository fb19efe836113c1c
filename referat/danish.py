"""Danish wording shared by every view: month names, dates and the one line that names an agenda item."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from referat.committees import display_committee

if TYPE_CHECKING:
    from ingest.model import AgendaItem

MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
               "november", "december")
# Month number by every spelling minutes and questions use, abbreviations included.
MONTH_NUMBERS = {
    **{name: n for n, name in enumerate(MONTH_NAMES, 1)},
    **{abbr: n for n, abbr in enumerate(("jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "okt", "nov",
                                         "dec"), 1) if abbr},
    "sept": 9,
}
# Longest first, so that a regex alternation prefers "marts" over "mar".
MONTH_PATTERN = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
# A season and a year ("i efteråret 2022") as its first and last month. Winter is left out: "vinteren 2023" is read
# as both the winter that ends and the one that starts in 2023.
SEASON_MONTHS = {"foråret": (3, 5), "sommeren": (6, 8), "efteråret": (9, 11)}
SEASON_PATTERN = "|".join(SEASON_MONTHS)


def format_date(day: date) -> str:
    """"23. juni 2021"."""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def item_label(item: AgendaItem) -> str:
    """The source line every view cites an item by: committee, date, kind, item number, title and case number."""
    meeting = item.meeting
    case = f" · sag {item.case_number}" if item.case_number else ""
    return (f"{display_committee(meeting.committee)}, {format_date(meeting.date)} ({meeting.kind.value}), "
            f"punkt {item.number}: {item.title}{case}")
