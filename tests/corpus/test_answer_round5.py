"""The mechanisms of issue 12's fifth round on real minutes: days typed as people type them ("d. 13 september 2023",
"12/9 2023") and a committee typed without its hyphen pick the meeting; a committee's month dates its meeting; the
meeting's date words do not count against an item; short follow-ups that lean on the turn before ("Hvor lang tid
tager det?", "I hvilken periode af året?"); a party's proposal moved at the meeting; a schedule's time label kept with
its line; the item of the question's period first; a tied item that covers the topic better first, and never one that
covers it clearly worse. One small index of the meetings these examples come from, built once for the module; the
questions are dev questions (eval/questions/dev/fresh4.jsonl)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from index import Engine
from index.answers.types import Answer
from tests.conftest import engine_over, greve_meeting_files

GREVE_MEETINGS = (
    "byraad-2022-2025_2022-09-05", "byraad-2022-2025_2023-05-15", "plan-og-tryghedsudvalget_2022-04-26",
    "plan-og-tryghedsudvalget_2022-05-31", "plan-og-tryghedsudvalget_2022-06-20", "plan-og-tryghedsudvalget_2022-10-11",
    "kultur-og-fritidsudvalget_2023-09-13", "plan-og-tryghedsudvalget_2023-09-12",
    "klima-teknik-og-miljoeudvalget_2023-10-12", "byraad-2022-2025_2024-11-13", "byraad-2022-2025_2022-03-07",
)
TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with engine_over(tmp_path_factory.mktemp("round5-index"), greve_meeting_files(GREVE_MEETINGS)) as built:
        yield built


def _ask(engine: Engine, question: str, previous: Answer | None = None) -> Answer:
    return engine.ask(question, today=TODAY, previous=previous.scope if previous else None)


def _cited(answer: Answer) -> list[tuple[str, str]]:
    return [(str(c.item.meeting.date), c.item.title) for c in answer.citations]


def test_a_day_typed_without_its_full_stop_after_a_committee_lists_that_meeting(engine: Engine) -> None:
    answer = _ask(engine, "Hvad var der på programmet for kultur og fritidsudvalget d. 13 september 2023?")
    assert answer.lead == "På mødet i Kultur- og Fritidsudvalget den 13. september 2023 blev 8 punkter behandlet:"
    assert ("2023-09-13", "Besøg ved foreningen Mosede Dart Klub") in _cited(answer)


def test_a_day_in_figures_and_a_committee_without_its_hyphen_list_only_that_committees_meeting(
        engine: Engine) -> None:
    answer = _ask(engine, "hvad skete der på plan og tryghedsudvalgets møde 12/9 2023")
    assert answer.lead == "På mødet i Plan- og Tryghedsudvalget den 12. september 2023 blev 9 punkter behandlet:"
    assert ("2023-09-12", "Villa Sitka, dispensationsansøgninger - udmatrikulering") in _cited(answer)


def test_what_a_committee_thought_in_a_month_is_its_decision_that_month(engine: Engine) -> None:
    answer = _ask(engine, "hvad mente plan- og tryghedsudvalget om tværhøjgård etape 3 i april 2022")
    assert _cited(answer)[0][0] == "2022-04-26"
    assert answer.lead.startswith("Beslutning, Plan- og Tryghedsudvalget den 26. april 2022: «Kan ikke godkendes.")


def test_a_short_question_ending_on_a_pronoun_leans_on_the_turn_before(engine: Engine) -> None:
    first = _ask(engine, "hvad koster det at rekrutere en ny borgerrådgiver")
    follow = _ask(engine, "hvor lang tid tager det?", first)
    assert follow.citations[0].item.case_number == "23-004495"
    assert "Rekruttering af en borgerrådgiver forventes at tage op til 6 måneder" in follow.lead


def test_a_partys_proposal_moved_at_the_meeting_answers_what_the_party_proposed(engine: Engine) -> None:
    first = _ask(engine, "hvordan stemte byrådet om opfølgningen på det sociale danmarkskort i 2022")
    follow = _ask(engine, "og hvad foreslog enhedslisten?", first)
    assert follow.citations[0].item.case_number == "22-007547"
    assert follow.lead.startswith("Forslag til Byråd den 5. september 2022: «(Ø) fremsatte følgende forslag til "
                                  "beslutning: Byrådet vedtager et mål om at nedsætte omgørelsesprocenten til 20 %")


def test_a_schedules_time_label_is_quoted_with_its_line(engine: Engine) -> None:
    answer = _ask(engine, "hvornår regner kommunen med at sælge villa sitka")
    assert answer.citations[0].item.case_number == "23-009213"
    assert "«Sommer 2024. Villa Sitka sælges" in answer.lead


def test_an_item_that_holds_the_rare_topic_word_is_not_passed_over_for_a_sentence_repeating_a_common_one(
        engine: Engine) -> None:
    first = _ask(engine, "hvor mange autocampere kan holde ved mosede havn")
    assert first.citations[0].item.case_number == "23-004051"
    assert "ca. 12 autocamperpladser" in first.text
    follow = _ask(engine, "i hvilken periode af året?", first)
    assert follow.citations[0].item.case_number == "23-004051"
    assert "1. maj til 31. oktober" in follow.text
