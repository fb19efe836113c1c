"""Issue 12, eighth round, on real minutes: "hvor" before a word of degree asks for a value of that kind — how often
("hvor tit"), how soon ("hvor hurtigt"), how big ("hvor stor") or which place in a ranking ("hvilken placering") —
and the answer quotes the sentence that states one; the word of degree itself, which the answer need not repeat,
does not keep the item from answering, nor does the verb a question asks for a recommendation with. The questions
are dev questions (eval/questions/dev)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from index import Engine
from tests.conftest import engine_over, greve_meeting_files

GREVE_MEETINGS = ("beskaeftigelses-og-erhvervsudvalget_2023-01-09", "sundheds-og-omsorgsudvalget_2022-04-25",
                  "plan-og-tryghedsudvalget_2025-10-21", "klima-teknik-og-miljoeudvalget_2022-10-13",
                  "beskaeftigelses-og-erhvervsudvalget_2025-09-08")
TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def greve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with engine_over(tmp_path_factory.mktemp("round8-index"), greve_meeting_files(GREVE_MEETINGS)) as built:
        yield built


@pytest.mark.parametrize(("question", "case_number", "value"), [
    ("Hvor hurtigt skal kommunen kunne tilbyde en plejebolig, når man er visiteret til en?", "22-004440",
     "senest to måneder"),
    ("Hvor stor bliver den ridebane, der blev søgt landzonetilladelse til på Grevevej i Tune?", "22-003211",
     "20 x 60 m"),
    ("Hvilken placering fik Greve i Beskæftigelsesministeriets benchmarking for 3. kvartal 2021 til 2. kvartal "
     "2022?", "22-015694", "placering som nummer 18"),
], ids=["how-soon", "how-big", "which-place"])
def test_a_question_of_degree_is_answered_by_the_sentence_with_a_value_of_that_kind(
        greve: Engine, question: str, case_number: str, value: str) -> None:
    answer = greve.ask(question, today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == case_number
    assert value in answer.citations[0].quotes[0].text


@pytest.mark.slow
def test_how_often_is_answered_by_the_sentence_that_says_how_many_times(greve_engine: Engine) -> None:
    """Which of the item's sentences is about the topic depends on the words' weights over the whole Greve corpus."""
    answer = greve_engine.ask("Hvor tit vil Plan- og Tryghedsudvalget have status på den kommunale boliganvisning i "
                              "Askerød og Gersagerparken?", today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == "25-010060"
    assert "ønsker afrapportering 2 gange årligt" in answer.citations[0].quotes[0].text


def test_an_item_that_does_not_repeat_the_word_of_degree_still_answers(greve: Engine) -> None:
    answer = greve.ask("Hvor tit får Beskæftigelses- og Erhvervsudvalget en status på sanktionerne i Jobcenter Greve, "
                       "som den de fik i september 2025?", today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == "25-008298"


@pytest.mark.slow
def test_how_big_is_answered_by_an_item_that_does_not_say_big(greve_engine: Engine) -> None:
    """How much the other words weigh against "stor" depends on the whole Greve corpus."""
    answer = greve_engine.ask("Hvor stor var gaven til museets nye indgang?", today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == "24-011105"
    assert "5,0 mio. kr." in answer.citations[0].quotes[0].text


@pytest.mark.slow
def test_the_verb_that_asks_for_the_recommendation_is_not_a_topic_the_item_must_hold(greve_engine: Engine) -> None:
    """The item recommends ("Administrationen anbefaler …"); the question's "anbefalede" is another stem. Whether the
    rest of the question clears the threshold depends on the weights over the whole Greve corpus."""
    answer = greve_engine.ask("Skal kommunen blive ved med at rydde sne på de private fællesstier? Hvad anbefalede "
                              "administrationen?", today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == "25-004715"
    assert any("opsiges med virkning fra 1. november 2025" in quote.text for quote in answer.citations[0].quotes)
