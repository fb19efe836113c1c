"""A date dates the meeting only when the question says so; otherwise it is part of the topic and stays a term."""

from __future__ import annotations

from datetime import date

import pytest

from index.search.periods import Period, find_period

TODAY = date(2025, 12, 1)


@pytest.mark.parametrize("question", [
    "Hvad besluttede byrådet om budget 2025?",
    "Hvad koster gebyrerne for 2025?",
    "Skal rådhuset holde lukket den 23. december 2024?",
    "Hvad var bruttoledigheden i Herning i april 2021?",
    "Hvor mange møder holder udvalget i 2021?",
    "Blev budgetopfølgningen pr. 31. august 2020 taget til efterretning?",
    "Hvad skal borgerne betale for indkøbsordningen fra 1. marts 2025?",
])
def test_a_date_that_is_the_topic_is_no_period(question: str) -> None:
    assert find_period(question, TODAY) == (None, None)


def test_a_date_after_the_meeting_word_is_that_day() -> None:
    assert find_period("Hvad skete der på mødet den 23. juni 2021?", TODAY) == (
        Period(date(2021, 6, 23), date(2021, 6, 23)), None)


def test_a_year_before_the_decision_dates_it() -> None:
    assert find_period("I 2023 besluttede byrådet noget om busserne?", TODAY) == (
        Period(date(2023, 1, 1), date(2023, 12, 31)), None)


def test_a_month_in_a_question_about_a_decision_dates_the_meeting() -> None:
    assert find_period("Hvad anbefalede udvalget om Villa Sitka i juni 2023?", TODAY) == (
        Period(date(2023, 6, 1), date(2023, 6, 30)), None)


def test_a_topic_date_does_not_hide_the_meeting_period() -> None:
    period, _ = find_period("Hvad besluttede byrådet i oktober 2024 om budget 2025?", TODAY)
    assert period == Period(date(2024, 10, 1), date(2024, 10, 31))


def test_two_years_span_both() -> None:
    period, _ = find_period("Hvordan er sagen blevet behandlet i 2023 og 2024?", TODAY)
    assert period == Period(date(2023, 1, 1), date(2024, 12, 31))


def test_a_bare_month_in_a_decision_question() -> None:
    assert find_period("Hvad besluttede udvalget i marts om cykelstier?", TODAY) == (None, 3)
