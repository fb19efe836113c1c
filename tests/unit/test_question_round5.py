"""Issue 12, fifth round: days as people type them, a committee's month and a committee typed without its hyphen,
short follow-ups, "mente", a schedule's time labels, party letters, the meeting's date words left out of an item's
coverage, items tied in retrieval ordered by how much of the topic they cover, and the answer's item listed first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from index.answers.composition import best_stated_first, better_covered_first, in_scope, meeting_date_terms
from index.answers.reading import ItemReadings
from index.answers.sentences import answer_shape, split_sentences
from index.answers.types import Answer, Citation
from index.engine import answered_first
from index.model import ItemHit
from index.search.everyday import party_letters
from index.search.periods import Period
from index.search.question import AnswerType, QuestionKind, find_committee, interpret, is_follow_up
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

TODAY = date(2025, 12, 31)
COMMITTEES = ("Plan- og Tryghedsudvalget", "Kultur- og Fritidsudvalget", "Byråd 2022-2025")
VOCABULARY = LexicalIndex.build([], 0)


def _day(year: int, month: int, day: int) -> Period:
    return Period(date(year, month, day), date(year, month, day))


def test_a_day_without_its_full_stop_right_after_a_committee_dates_its_meeting() -> None:
    question = interpret("Hvad var der på programmet for kultur og fritidsudvalget d. 13 september 2023?", COMMITTEES,
                         TODAY)
    assert (question.kind, question.committee, question.period) == (
        QuestionKind.MEETING, "Kultur- og Fritidsudvalget", _day(2023, 9, 13))


def test_a_day_in_figures_dates_the_meeting() -> None:
    for typed in ("12/9 2023", "12.9.2023", "12-09-2023", "12/9-2023"):
        question = interpret(f"hvad skete der på plan og tryghedsudvalgets møde {typed}", COMMITTEES, TODAY)
        assert (question.kind, question.committee, question.period) == (
            QuestionKind.MEETING, "Plan- og Tryghedsudvalget", _day(2023, 9, 12)), typed
    assert interpret("hvad skete der på mødet 31/2 2023", COMMITTEES, TODAY).period is None
    assert interpret("Hvad besluttede byrådet i sag 22-011409?", COMMITTEES, TODAY).period is None


def test_a_committee_typed_without_the_hyphen_of_its_shared_word_is_found() -> None:
    assert find_committee("hvad sagde plan og tryghedsudvalget", COMMITTEES) == "Plan- og Tryghedsudvalget"
    assert find_committee("kultur- og fritidsudvalgets møde", COMMITTEES) == "Kultur- og Fritidsudvalget"


def test_a_month_after_a_time_preposition_dates_the_meeting_of_a_named_committee_only() -> None:
    named = interpret("hvad ville plan- og tryghedsudvalget have undersøgt om boliger til ukrainske flygtninge i "
                      "januar 2024", COMMITTEES, TODAY)
    assert named.period == Period(date(2024, 1, 1), date(2024, 1, 31))
    assert interpret("hvor mange var ledige i januar 2024", COMMITTEES, TODAY).period is None


def test_what_a_committee_thought_is_its_decision() -> None:
    question = interpret("hvad mente plan- og tryghedsudvalget om tværhøjgård etape 3 i april 2022", COMMITTEES,
                         TODAY)
    assert (question.kind, question.period) == (QuestionKind.DECISION, Period(date(2022, 4, 1), date(2022, 4, 30)))


def test_short_questions_that_lean_on_the_turn_before_are_follow_ups() -> None:
    assert is_follow_up("hvor lang tid tager det?")
    assert is_follow_up("Hvem betaler for den?")
    assert is_follow_up("i hvilken periode af året?")
    assert is_follow_up("Fra hvornår?")
    assert not is_follow_up("Hvad koster det at rekruttere en ny borgerrådgiver?")
    assert not is_follow_up("Hvornår blev den nye skole bygget?")
    assert not is_follow_up("I hvilket udvalg blev sagen om skolereformen i Greve behandlet første gang?")


def test_a_schedules_time_label_stays_with_its_line() -> None:
    text = "Oktober 2023. Ansøgning sendes. Sommer 2024. Villa Sitka sælges. Ultimo 2024/Primo 2025. Byggeri. Godt."
    assert split_sentences(text) == ["Oktober 2023. Ansøgning sendes.", "Sommer 2024. Villa Sitka sælges.",
                                     "Ultimo 2024/Primo 2025. Byggeri.", "Godt."]


def test_a_party_named_in_full_has_the_letter_minutes_use() -> None:
    assert party_letters("og hvad foreslog enhedslisten?") == ["ø"]
    assert party_letters("Hvad sagde SF og Det Konservative Folkeparti?") == ["c", "f"]
    assert party_letters("Hvad foreslog administrationen?") == []


def test_the_words_that_date_the_meeting_are_not_topic_words() -> None:
    question = interpret("hvad mente plan- og tryghedsudvalget om tværhøjgård etape 3 i april 2022", COMMITTEES,
                         TODAY)
    assert meeting_date_terms(question, VOCABULARY) == frozenset({"april", "2022", "plan", "tryghedsudvalg"})
    assert meeting_date_terms(interpret("Hvad koster budget 2025?", COMMITTEES, TODAY), VOCABULARY) == frozenset()


MEETING = Meeting("m1", "Greve", "Byråd", date(2023, 4, 17), None, None, MeetingKind.REFERAT, "m1.json")


def _hit(number: int, sentence: str, score: float, day: date = MEETING.date) -> ItemHit:
    item = AgendaItem(f"i{number}", replace(MEETING, date=day), str(number), "Autocampere", "23-000001", (
        Section(SectionKind.SAGSFREMSTILLING, "Sagsbeskrivelse", sentence),))
    return ItemHit(item, score, ())


def test_a_tied_item_that_covers_the_topic_clearly_better_goes_first() -> None:
    first, better, below = _hit(1, "a", 0.0330), _hit(2, "b", 0.0320), _hit(3, "c", 0.0200)
    covers = {first: 0.60, better: 0.90, below: 1.0}
    assert better_covered_first([first, better, below], covers.__getitem__, lambda hit: 0) == [better, first, below]
    # A first item whose title names more of the topic keeps its place ("Byrådets anvendelse af spørgsmål/svar"
    # before a budget plan that mentions "brug", "spørgsmål" and "svar" in its body).
    titles = {first: 0.7, better: 0.0, below: 0.0}
    assert better_covered_first([first, better, below], covers.__getitem__, lambda hit: 0,
                                titles.__getitem__) == [first, better, below]
    covers[better] = 0.62  # not clearly better
    assert better_covered_first([first, better, below], covers.__getitem__, lambda hit: 0) == [first, better, below]


def test_a_sentence_repeating_a_common_word_does_not_put_an_item_covering_less_first() -> None:
    readings = ItemReadings(VOCABULARY, size=0)
    weights = {"autocamp": 8.0, "mosed": 3.6, "havn": 4.9}
    shape = answer_shape("hvor mange autocampere kan holde ved mosede havn", VOCABULARY, AnswerType.NUMBER)
    campers = _hit(1, "Mosede Havn søger om ca. 12 autocamperpladser.", 0.0330)
    storm = _hit(2, "Ved Mosede Fort og Mosede Havn i 2007 blev anlægget bygget, og Mosede Havn betaler.", 0.0320)
    covers = {campers: 0.89, storm: 0.57}
    assert best_stated_first([campers, storm], weights, readings, shape, lambda hit: 0,
                             covers.__getitem__) == [campers, storm]


def test_an_item_of_the_month_a_question_names_is_in_scope() -> None:
    question = interpret("hvad endte de med i oktober?", COMMITTEES, TODAY)
    assert in_scope(question, _hit(1, "a", 0.1, date(2022, 10, 11)).item)
    assert not in_scope(question, _hit(2, "b", 0.1, date(2022, 6, 20)).item)


def test_the_item_the_answer_is_taken_from_is_listed_first() -> None:
    first, chosen, third = _hit(1, "a", 0.0330), _hit(2, "b", 0.0320), _hit(3, "c", 0.0300)
    answer = Answer("q", "svar", True, QuestionKind.FACTUAL, 0.9, (Citation(1, chosen.item, (), chosen.score),))
    assert answered_first([first, chosen, third], answer) == (chosen, first, third)
    declined = Answer("q", "ingen", False, QuestionKind.FACTUAL, 0.2, ())
    assert answered_first([first, chosen, third], declined) == (first, chosen, third)
    meeting = replace(answer, kind=QuestionKind.MEETING)
    assert answered_first([first, chosen, third], meeting) == (first, chosen, third)
