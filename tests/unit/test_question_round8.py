"""Issue 12, eighth round: "hvor" before a word of degree asks how much, how often, how soon or how big — never
where —, a price named in its definite form ("timeprisen") asks for the sum, and each of these is answered by a
sentence holding a value of that kind."""

from __future__ import annotations

from datetime import date

import pytest

from index.answers.sentences import answer_shape
from index.search.analysis import Analyzer
from index.search.question import AnswerType, interpret

TODAY = date(2025, 11, 1)


@pytest.mark.parametrize("question", [
    "Hvor tit bliver der gjort rent på toiletterne?", "Hvor hurtigt skal kommunen tilbyde en plejebolig?",
    "Hvor gamle er skolens bygninger?", "Hvor dyrt bliver det nye tag?", "Hvor sent må butikkerne have åbent?",
    "Hvad bliver timeprisen for byggesagsbehandling i 2026?", "Hvad er taksten for en plads i dagplejen?",
])
def test_a_word_of_degree_or_a_price_asks_for_a_number(question: str) -> None:
    assert interpret(question, [], TODAY).answer_type is AnswerType.NUMBER


@pytest.mark.parametrize(("question", "answer_type"), [
    ("Hvornår stiger taksten for madservice?", AnswerType.DATE),
    ("Hvad omfatter totalentreprisen?", AnswerType.TEXT),
    ("Hvorfor fik foreningen idrætsprisen?", AnswerType.TEXT),
])
def test_a_price_word_does_not_outweigh_when_nor_make_an_award_a_sum(question: str, answer_type: AnswerType) -> None:
    assert interpret(question, [], TODAY).answer_type is answer_type


@pytest.mark.parametrize("question", ["Hvor ligger Dahliahuset?", "Hvor skal den nye skole bygges?",
                                      "Hvor dyrene skal græsse?"])
def test_hvor_before_anything_else_asks_for_a_place(question: str) -> None:
    assert interpret(question, [], TODAY).answer_type is AnswerType.PLACE


def _shape_scores(question: str, answer_type: AnswerType, sentences: list[str]) -> list[float]:
    shape = answer_shape(question, Analyzer(), answer_type)
    return [shape(sentence) for sentence in sentences]


@pytest.mark.parametrize(("question", "answer_type", "stated", "other"), [
    ("Hvor tit bliver der gjort rent?", AnswerType.NUMBER,
     "Toiletterne rengøres to gange om dagen.", "Der er 24 toiletter på skolen."),
    ("Hvor ofte skal udvalget have status?", AnswerType.NUMBER,
     "Udvalget ønsker afrapportering 2 gange årligt.", "Sagen blev behandlet den 7. januar 2025."),
    ("Hvor tit tømmes containerne?", AnswerType.NUMBER,
     "Containerne tømmes hver 14. dag.", "Der er 40 containere."),
    ("Hvor hurtigt skal kommunen tilbyde en plejebolig?", AnswerType.NUMBER,
     "Kommunen skal tilbyde en plejebolig senest to måneder efter visitationen.", "Der er 40 plejeboliger."),
    ("Hvor længe løber kontrakten?", AnswerType.NUMBER,
     "Kontrakten løber fra 1. november 2024 til 1. november 2030.", "Kontrakten omfatter 3 strande."),
    ("Hvor stor bliver ridebanen?", AnswerType.NUMBER,
     "Ridebanen bliver 20 x 60 m.", "Ansøgningen gælder Grevevej 93."),
    ("Hvilken placering fik Greve?", AnswerType.NUMBER,
     "Greve ligger samlet som nr. 18.", "Analysen fremgår af bilag nr. 3."),
    ("Hvor længe gælder aftalen?", AnswerType.NUMBER,
     "Aftalen gælder til 31.12.2026.", "Sagen udsættes til 3. juni 2025."),
    ("Hvor mange ekstra vuggestuepladser kunne huset give?", AnswerType.NUMBER,
     "Huset kan give 28 vuggestuepladser.", "Huset blev bygget i 1998."),
    ("Hvad bliver timeprisen for byggesagsbehandling i 2026?", AnswerType.NUMBER,
     "Gebyret bliver 809 kr. pr. time.", "Beregningen fremgår af bilag 1."),
], ids=["how-often", "how-often-yearly", "how-often-every-other", "how-soon",
        "how-long-until", "how-big", "which-place", "how-long-until-digits",
        "count-after-adjective", "compound-price"])
def test_a_value_of_the_asked_kind_outweighs_any_other_figure(question: str, answer_type: AnswerType, stated: str,
                                                               other: str) -> None:
    stated_score, other_score = _shape_scores(question, answer_type, [stated, other])
    assert stated_score == 0.8
    assert other_score < stated_score


def test_a_periodic_thing_is_a_weaker_answer_to_how_often_than_a_count_of_times() -> None:
    times, periodic, figure = _shape_scores("Hvor tit får udvalget status på sanktionerne?", AnswerType.NUMBER, [
        "Udvalget ønsker status 2 gange årligt.", "Udvalget får en halvårlig status.", "Der er givet 12 sanktioner."])
    assert times > periodic > figure
