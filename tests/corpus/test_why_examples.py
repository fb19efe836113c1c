"""Issue 12's "Why" examples on the real minutes: each finds the right item and quotes the asked-for value. The
Herning ones run on the bundled samples; the Greve ones need the whole Greve corpus (slow). The mechanisms are general
(index/search/question.py, index/search/everyday.py, index/answers/quotes.py); these are only their examples."""

from __future__ import annotations

from datetime import date

import pytest

from index import Engine


def test_a_count_for_a_year_is_the_topic_not_the_meeting_period(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvor mange møder holder udvalget i 2021?")
    first = answer.citations[0]
    assert answer.found and answer.scope is not None and answer.scope.period is None
    assert (first.item.case_number, first.item.meeting.date) == ("00.22.00-G01-5-20", date(2020, 10, 20))
    assert first.quotes[0].text == "Det foreslås, at der afholdes 11 møder i Beskæftigelsesudvalget i løbet af 2021."


def test_list_question_quotes_the_list_its_sentence_introduces(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvilke problemer har der været med KSD-systemet?")
    first = answer.citations[0]
    assert first.item.case_number == "85.13.05-S55-1-15"
    texts = [q.text for q in first.quotes]
    assert texts[0] == "Manglerne kan i korte træk opsummeres i følgende punkter:"
    assert "- Forkerte og manglende udbetalinger til borgere og virksomheder" in texts


def test_everyday_wording_follow_up_quotes_the_national_figure(herning_engine: Engine) -> None:
    first = herning_engine.ask("Hvor mange er arbejdsløse i Herning?")
    assert first.found and first.citations[0].item.case_number == "00.00.00-P19-1719-10"
    second = herning_engine.ask("Og for hele landet?", previous=first.scope)
    cited = next(c for c in second.citations if c.item.meeting.date == date(2021, 6, 23))
    assert cited.item.case_number == "00.00.00-P19-1719-10"
    assert any("Hele landet 4,2%" in q.text for q in cited.quotes)


@pytest.mark.slow
def test_a_closing_day_is_the_topic_not_the_meeting_date(greve_engine: Engine) -> None:
    answer = greve_engine.ask("Skal rådhuset holde lukket den 23. december 2024?")
    first = answer.citations[0]
    assert answer.scope is not None and answer.scope.period is None
    # The council's treatment of the case (4 September), which decided on Økonomiudvalget's recommendation of 28 August.
    assert (first.item.case_number, first.item.meeting.date) == ("24-006600", date(2024, 9, 4))
    assert "lukke rådhuset" in answer.text and "Byrådet godkendte Økonomiudvalgets indstilling" in answer.text


@pytest.mark.slow
def test_committee_and_month_pick_that_treatment_of_the_case(greve_engine: Engine) -> None:
    answer = greve_engine.ask("Hvad besluttede Klima-, Teknik- og Miljøudvalget i juni 2025 om strandrensningen?")
    first = answer.citations[0]
    assert (first.item.case_number, first.item.meeting.date) == ("25-000879", date(2025, 6, 4))
    assert first.quotes[0].text.startswith("1.-3. Anbefales")


@pytest.mark.slow
def test_everyday_word_for_the_buses_finds_the_bus_cuts(greve_engine: Engine) -> None:
    answer = greve_engine.ask("Bliver der skåret i busserne i Greve?")
    assert answer.found and answer.citations[0].item.case_number == "23-002911"
    assert answer.citations[0].item.title == "Besparelser på Movias busdrift"


@pytest.mark.slow
def test_follow_up_on_the_vote_stays_on_the_case(greve_engine: Engine) -> None:
    first = greve_engine.ask("Bliver der skåret i busserne i Greve?")
    answer = greve_engine.ask("Og hvordan stemte byrådet til sidst?", previous=first.scope)
    cited = answer.citations[0]
    assert (cited.item.case_number, cited.item.meeting.date) == ("23-002911", date(2023, 9, 4))
    assert "19 for og 1 imod" in answer.text
