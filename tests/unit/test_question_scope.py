"""What a question names beside its topic: the council, a municipality, the committee and meeting date that only say
where to look, topic years, and the turn before (index/search/question.py); and everyday words (everyday.py)."""

from __future__ import annotations

from datetime import date

from index.search.everyday import expanded
from index.search.question import find_committee, find_municipality, follow_up, interpret, topic_years

COMMITTEES = [".Spørgsmål / Svar til Byrådet 2022-2025", "Aarhus Byråd", "Byråd 2022-2025", "Økonomiudvalget",
              "Klima-, Teknik- og Miljøudvalget"]
TODAY = date(2025, 12, 1)


def test_byraadet_is_a_council_never_the_list_of_questions_to_it() -> None:
    assert find_committee("Hvad besluttede byrådet om strandrensning?", COMMITTEES) == "Aarhus Byråd"
    assert find_committee("Hvad besluttede byrådet om strandrensning?", COMMITTEES, ["Aarhus", "Greve"]) == (
        "Byråd 2022-2025")
    assert find_committee("Hvad besluttede byrådet i Aarhus om letbanen?", COMMITTEES, ["Aarhus", "Greve"]) == (
        "Aarhus Byråd")


def test_a_municipality_is_named_as_a_whole_word_in_any_spelling() -> None:
    assert find_municipality("Hvad koster parkering i Århus?", ["Aarhus", "Greve"]) == "Aarhus"
    assert find_municipality("hvor mange bor der i greve", ["Aarhus", "Greve"]) == "Greve"
    assert find_municipality("Hvad sker der i Grevebækken?", ["Aarhus", "Greve"]) is None


def test_the_topic_leaves_out_the_committee_and_the_meeting_date() -> None:
    question = interpret("Hvad besluttede Klima-, Teknik- og Miljøudvalget i november 2024 om udbud af affald?",
                         COMMITTEES, TODAY)
    assert question.topic == "Hvad besluttede i om udbud af affald?"  # "i" is a stop word
    assert question.years == frozenset()
    budget = interpret("Hvad besluttede byrådet om budget 2025?", COMMITTEES, TODAY)
    assert (budget.topic, budget.years, budget.period) == ("Hvad besluttede om budget 2025?", frozenset({2025}),
                                                           None)


def test_topic_years_are_not_case_numbers() -> None:
    assert topic_years("Budget 2025-28 og sag 24-002025 og EMN-2025-003383") == frozenset({2025})


def test_a_follow_up_carries_the_topic_and_municipality_of_the_turn_before() -> None:
    first = interpret("Hvad blev udskrivningsprocenten i Greve for 2025?", COMMITTEES, TODAY, ["Aarhus", "Greve"])
    second = follow_up(interpret("Og kirkeskatten?", COMMITTEES, TODAY, ["Aarhus", "Greve"]), first)
    assert (second.context, second.municipality) == ("Hvad blev udskrivningsprocenten i Greve for 2025?", "Greve")
    assert second.search_text == "Og kirkeskatten? Hvad blev udskrivningsprocenten i Greve for 2025?"


def test_old_things_are_not_the_elderly() -> None:
    assert expanded("skifte gamle lamper til LED") == "skifte gamle lamper til LED"
    assert expanded("Hvad gør kommunen for de gamle?") == "Hvad gør kommunen for de gamle? ældre"
