"""Issue 12, seventh round, on real minutes: a typed question's unknown words read as the corpus spells them count
for the answer; a question naming a committee and a day and nothing else lists that meeting; a season and a year
date the meeting; a text asking two questions gets a sentence for each. The questions are dev questions
(eval/questions/dev/fresh5.jsonl)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from index import Engine, QuestionKind
from tests.conftest import engine_over, greve_meeting_files

GREVE_MEETINGS = ("social-og-handicapudvalget_2022-10-10", "byraad-2022-2025_2022-10-03",
                  "byraad-2022-2025_2023-03-06", "byraad-2022-2025_2025-04-23", "plan-og-tryghedsudvalget_2024-01-16",
                  "plan-og-tryghedsudvalget_2024-02-06", "byraad-2022-2025_2024-09-04", "byraad-2022-2025_2024-10-02")
TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def greve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with engine_over(tmp_path_factory.mktemp("round7-index"), greve_meeting_files(GREVE_MEETINGS)) as built:
        yield built


def test_a_question_s_unknown_words_are_spelled_as_the_corpus_spells_them(herning_engine: Engine) -> None:
    """Only the reading: the slow test on the whole Greve corpus below checks what the answer makes of it."""
    question = "hvor mange faglærete kommer danmark til at manlge i 2030"
    # The two sample files know "mange", not "mangle": the nearest corpus word it is.
    assert herning_engine.interpret(question, TODAY).spelled == "hvor mange faglærte kommer danmark til at mange i 2030"


@pytest.mark.slow
def test_a_misspelt_word_the_corpus_knows_is_what_the_answer_covers(greve_engine: Engine) -> None:
    """Which words the corpus knows well enough to correct to depends on all of it: the whole Greve corpus."""
    question = "hvad koster det at få mere lys i tunelerne i greve nord"
    assert greve_engine.interpret(question, TODAY).spelled == "hvad koster det at få mere lys i tunnelerne i greve nord"
    answer = greve_engine.ask(question, today=TODAY)
    assert answer.found
    assert answer.citations[0].item.case_number == "23-003820"
    assert any("omkring 500.000 kr." in quote.text for quote in answer.citations[0].quotes)


def test_a_question_spelled_right_has_nothing_to_respell(herning_engine: Engine) -> None:
    assert herning_engine.interpret("Hvor mange faglærte kommer Danmark til at mangle i 2030?", TODAY).spelled == ""


def test_a_committee_and_a_day_and_nothing_else_list_that_meeting(greve: Engine) -> None:
    answer = greve.ask("Hvad behandlede Social- og Handicapudvalget på mødet den 10. oktober 2022?", today=TODAY)
    assert answer.kind is QuestionKind.MEETING
    assert answer.text.startswith("På mødet i Social- og Handicapudvalget den 10. oktober 2022 blev 9 punkter "
                                  "behandlet:")
    assert [c.item.number for c in answer.citations] == [str(n) for n in range(1, 10)]
    assert "Orientering om hjemløse i Greve 2022" in {c.item.title for c in answer.citations}


def test_a_season_and_a_year_pick_that_treatment(greve: Engine) -> None:
    answer = greve.ask("Hvad besluttede byrådet om saunaen og bassinerne i svømmehallen for at spare på energien i "
                       "efteråret 2022?", today=TODAY)
    first = answer.citations[0]
    assert first.item.meeting.date == date(2022, 10, 3)
    assert first.item.case_number == "22-011409"
    assert "saunaen slukkes året ud" in first.item.decision


def test_two_questions_in_one_get_a_sentence_each(greve: Engine) -> None:
    answer = greve.ask("Hvor mange penge er der sat af til ny asfalt på vejene i 2025, og hvor stor en del betaler "
                       "Greve Fjernvarme på de veje, de har gravet op?", today=TODAY)
    first = answer.citations[0]
    assert (first.item.meeting.date, first.item.number) == (date(2025, 4, 23), "29")
    quoted = [quote.text for quote in first.quotes]
    assert "ca. 25 %" in quoted[0]
    assert any("8,0 mio. kr." in text for text in quoted[1:])


def test_what_was_decided_comes_before_a_treatment_that_put_the_case_off(greve: Engine) -> None:
    answer = greve.ask("Sagde politikerne ja til borgeren, der ville donere penge til en ny naturskov ved Olsbækken "
                       "tæt på Greve Landsby?", today=TODAY)
    first = answer.citations[0].item
    assert (first.meeting.date, first.decision.split("\n")[0]) == (date(2024, 2, 6), "2. Ikke godkendt")
    assert "Sagen blev taget af." in {c.item.decision for c in answer.citations[1:]}


def test_what_the_council_decided_is_its_last_reading(greve: Engine) -> None:
    answer = greve.ask("Hvad besluttede byrådet om budget 2025?", today=TODAY)
    first = answer.citations[0].item
    assert (first.meeting.date, first.title) == (date(2024, 10, 2), "2. behandling af Budget 2025-28")
    assert "1 c. Godkendt" in first.decision
