"""Danish periods typed in a period field, read as first and last day."""

from __future__ import annotations

from datetime import date

import pytest

from referat.periods import parse_period

TODAY = date(2025, 5, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("marts 2024", (date(2024, 3, 1), date(2024, 3, 31))),
    ("Februar 2024", (date(2024, 2, 1), date(2024, 2, 29))),
    ("sept. 2023", (date(2023, 9, 1), date(2023, 9, 30))),
    ("marts", (date(2025, 3, 1), date(2025, 3, 31))),
    ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
    ("2024-03", (date(2024, 3, 1), date(2024, 3, 31))),
    ("3/2024", (date(2024, 3, 1), date(2024, 3, 31))),
    ("2. kvartal 2024", (date(2024, 4, 1), date(2024, 6, 30))),
    ("Q4 2023", (date(2023, 10, 1), date(2023, 12, 31))),
    ("efteråret 2022", (date(2022, 9, 1), date(2022, 11, 30))),
    ("i foråret 2024", (date(2024, 3, 1), date(2024, 5, 31))),
    ("sommeren 2023 - efteråret 2024", (date(2023, 6, 1), date(2024, 11, 30))),
])
def test_named_spans(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("i år", (date(2025, 1, 1), date(2025, 12, 31))),
    ("sidste år", (date(2024, 1, 1), date(2024, 12, 31))),
    ("i fjor", (date(2024, 1, 1), date(2024, 12, 31))),
    ("sidste måned", (date(2025, 4, 1), date(2025, 4, 30))),
    ("denne måned", (date(2025, 5, 1), date(2025, 5, 31))),
    ("sidste uge", (date(2025, 5, 5), date(2025, 5, 11))),
    ("de sidste 3 måneder", (date(2025, 2, 14), date(2025, 5, 14))),
    ("seneste 2 år", (date(2023, 5, 14), date(2025, 5, 14))),
    ("i dag", (TODAY, TODAY)),
])
def test_relative_periods_count_from_today(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, TODAY) == expected


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert parse_period("sidste måned", date(2025, 1, 10)) == (date(2024, 12, 1), date(2024, 12, 31))


@pytest.mark.parametrize("text", ["1.3.2024", "01-03-2024", "2024-03-01", "1. marts 2024", "1/3/2024"])
def test_single_days_in_danish_order(text: str) -> None:
    assert parse_period(text, TODAY) == (date(2024, 3, 1), date(2024, 3, 1))


@pytest.mark.parametrize(("text", "expected"), [
    ("januar–marts 2024", (date(2024, 1, 1), date(2024, 3, 31))),
    ("januar-marts 2024", (date(2024, 1, 1), date(2024, 3, 31))),
    ("1. marts - 30. juni 2024", (date(2024, 3, 1), date(2024, 6, 30))),
    ("2022-2023", (date(2022, 1, 1), date(2023, 12, 31))),
    ("fra 2022 til 2024", (date(2022, 1, 1), date(2024, 12, 31))),
    ("1.3.2024-31.3.2024", (date(2024, 3, 1), date(2024, 3, 31))),
    ("2024-03-01 til 2024-04-15", (date(2024, 3, 1), date(2024, 4, 15))),
])
def test_ranges(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   ", "svømmehallen", "13/2024", "2024-13", "maj 2025 – marts 2024"])
def test_no_period(text: str) -> None:
    assert parse_period(text, TODAY) is None
