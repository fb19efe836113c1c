"""What a question asks, read from the clause that asks it, and the value shapes that follow from it (issue 12, fourth
round): a follow-up's own question word, a preamble before the question, value questions with decision words in the
topic, durations, sums counted in "penge", names and places the question gives itself, and items tied in retrieval
ordered by their best sentence."""

from __future__ import annotations

from datetime import date

from index.answers.composition import best_stated_first, focused
from index.answers.reading import ItemReadings
from index.answers.sentences import answer_shape
from index.model import ItemHit
from index.search.question import AnswerType, QuestionKind, asked_clause, follow_up, interpret
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

TODAY = date(2025, 12, 31)
VOCABULARY = LexicalIndex.build([], 0)
MEETING = Meeting("m1", "Greve", "Byråd", date(2023, 4, 17), None, None, MeetingKind.REFERAT, "m1.json")


def _kind_and_type(text: str) -> tuple[QuestionKind, AnswerType]:
    question = interpret(text, [], TODAY)
    return question.kind, question.answer_type


def test_a_follow_up_with_its_own_question_word_is_a_question_of_its_own() -> None:
    assert _kind_and_type("Og hvem ville lave skulpturen?") == (QuestionKind.FACTUAL, AnswerType.NAME)
    assert _kind_and_type("Og hvilken lov kræver det?") == (QuestionKind.FACTUAL, AnswerType.TEXT)
    previous = interpret("Hvad besluttede udvalget om kunst i rundkørslen?", [], TODAY)
    follow = follow_up(interpret("Og hvem ville lave skulpturen?", [], TODAY), previous)
    assert (follow.kind, follow.answer_type) == (QuestionKind.FACTUAL, AnswerType.NAME)
    assert follow.asked == "Og hvem ville lave skulpturen?"


def test_an_elliptic_follow_up_still_asks_what_the_turn_before_asked() -> None:
    assert _kind_and_type("Og hvad med kirkeskatten?") == (QuestionKind.YES_NO, AnswerType.YES_NO)
    previous = interpret("Hvad besluttede byrådet om budget 2025?", [], TODAY)
    follow = follow_up(interpret("Og hvad med kirkeskatten?", [], TODAY), previous)
    assert follow.kind is QuestionKind.DECISION


def test_the_clause_after_a_preamble_is_what_is_asked() -> None:
    text = "jeg kører tit ad Karlslunde Landevej ved grænsen til Solrød, hvor længe bliver vejen lukket?"
    assert asked_clause(text) == "hvor længe bliver vejen lukket?"
    assert _kind_and_type(text) == (QuestionKind.FACTUAL, AnswerType.NUMBER)
    assert interpret(text, [], TODAY).asked == "hvor længe bliver vejen lukket?"
    assert interpret("Hvor længe er vejen lukket?", [], TODAY).asked == ""


def test_a_value_question_with_a_decision_word_in_its_topic_asks_for_the_value() -> None:
    assert _kind_and_type("Hvor mange anbefalinger er der i betænkningen?") == (QuestionKind.FACTUAL,
                                                                                 AnswerType.NUMBER)
    assert _kind_and_type("Hvad besluttede byrådet om anbefalingerne?")[0] is QuestionKind.DECISION
    assert _kind_and_type("Hvordan endte afstemningen om spørgsmål/svar?")[0] is QuestionKind.DECISION
    assert _kind_and_type("Hvor mange stemte for energitiltagene?") == (QuestionKind.DECISION, AnswerType.NUMBER)


def test_a_duration_with_its_unit_answers_how_long() -> None:
    shape = answer_shape("hvor længe bliver vejen lukket?", VOCABULARY, AnswerType.NUMBER)
    assert shape("Arbejdet varer minimum 16 uger heraf vejlukning i ca. 12 uger.") > shape(
        "Greve Kommune gennemførte i 2021 et særeftersyn af broen.") > 0


def test_how_many_penge_asks_for_a_sum_not_a_count() -> None:
    shape = answer_shape("Hvor mange penge er der afsat til puljen?", VOCABULARY, AnswerType.NUMBER)
    assert shape("Der er afsat 553.337 kr. til puljen.") > shape("Tre foreninger får afslag i uge 35.")


def test_a_name_the_question_gives_is_not_the_name_asked_for() -> None:
    shape = answer_shape("Hvem stod bag forslaget sammen med Viggo Jonasen?", VOCABULARY, AnswerType.NAME)
    assert shape("Forslaget er stillet af Viggo Jonasen alene.") == 0
    assert shape("Forslaget er stillet af Solveig Munk og en anden.") > 0


def test_a_place_the_question_names_is_not_the_place_asked_for() -> None:
    shape = answer_shape("Og hvor blev nytårskoncerten holdt?", VOCABULARY, AnswerType.PLACE)
    assert shape("Billetterne til Nytårskoncerten sælges tidligt.") == 0
    assert shape("Koncerten blev afholdt den 7. januar i Portalens store sal.") > 0
    assert shape("Lidl ønsker at opføre en butik på Mosede Strandvej 42.") > shape("Koncerten var i Portalen.")


def test_words_outside_the_asked_clause_count_half_for_the_sentence_to_quote() -> None:
    weights = {"solroed": 4.0, "vej": 2.0}
    assert focused(weights, "hvor længe bliver vejen lukket?", VOCABULARY) == {"solroed": 2.0, "vej": 2.0}
    assert focused(weights, "", VOCABULARY) is weights


def _hit(number: int, sentence: str, score: float) -> ItemHit:
    item = AgendaItem(f"i{number}", MEETING, str(number), "Ældrereform", "24-000001", (
        Section(SectionKind.SAGSFREMSTILLING, "Sagsbeskrivelse", sentence),))
    return ItemHit(item, score, ())


def test_items_tied_in_retrieval_are_ordered_by_their_best_sentence() -> None:
    readings = ItemReadings(VOCABULARY, size=0)
    weights = {"aeldrereform": 1.0, "tilskud": 1.0}
    shape = answer_shape("Hvor mange penge får kommunen fra ældrereformen?", VOCABULARY, AnswerType.NUMBER)
    vague = _hit(1, "Udvalget blev orienteret om ældrereformen på mødet.", 0.0330)
    stating = _hit(2, "Kommunen får et tilskud på 12,3 mio. kr. fra ældrereformen.", 0.0325)
    far_below = _hit(3, "Kommunen får et tilskud på 9 mio. kr. fra ældrereformen i alt.", 0.0200)
    ordered = best_stated_first([vague, stating, far_below], weights, readings, shape, lambda hit: 0)
    assert ordered == [stating, vague, far_below]
    # An item that states the question's numbers keeps its place ahead of a tied one that does not.
    assert best_stated_first([vague, stating], weights, readings, shape, lambda hit: hit is vague) == [vague, stating]


def test_an_office_answers_who_when_no_name_does() -> None:
    shape = answer_shape("Hvem får lov til at justere rammen?", VOCABULARY, AnswerType.NAME)
    assert shape("Det delegeres til rådmanden for Børn og Unge at foretage justeringer.") > 0
    assert shape("Det delegeres til administrationen at foretage justeringer.") == 0
    assert shape("Sagen forelægges af Anne Hansen.") > shape("Det delegeres til rådmanden at justere.")
