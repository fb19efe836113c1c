"""The answer type and the follow-up reading of one Question value."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from index.search.question import AnswerType, QuestionKind, follow_up, interpret, is_follow_up

COMMITTEES = ["Beskæftigelsesudvalget", "Sundheds- og Omsorgsudvalget", "Plan- og Tryghedsudvalget",
              "Byråd 2022-2025"]
TODAY = date(2025, 11, 1)


@pytest.mark.parametrize(("question", "answer_type"), [
    ("Hvor mange er arbejdsløse i Herning?", AnswerType.NUMBER),
    ("Hvad blev udskrivningsprocenten i Greve for 2025?", AnswerType.NUMBER),
    ("Hvornår åbner der en biograf i Hundige?", AnswerType.DATE),
    ("Hvem er sagsbehandler på strategien for socialt udsatte?", AnswerType.NAME),
    ("Hvor ligger Dahliahuset?", AnswerType.PLACE),
    ("Hvilke problemer har der været med KSD-systemet?", AnswerType.LIST),
    ("Hvad anbefalede administrationen om den ekstra indsats for langtidssygemeldte i maj 2023?",
     AnswerType.RECOMMENDATION),
    ("Hvad besluttede byrådet om strandrensning?", AnswerType.DECISION),
    ("Skal rådhuset holde lukket den 23. december 2024?", AnswerType.YES_NO),
    ("Hvilken placering fik Greve i Beskæftigelsesministeriets benchmarking?", AnswerType.NUMBER),
    ("Hvilke samarbejdspartnere har kommunen talt med om strategien?", AnswerType.NAME),
    ("Hvilket firma vil deponere overjord ved Roskildevej 42?", AnswerType.NAME),
    ("Hvilken partnerskabsaftale blev indgået?", AnswerType.TEXT),
])
def test_answer_type_is_read_from_the_wording(question: str, answer_type: AnswerType) -> None:
    assert interpret(question, COMMITTEES, TODAY).answer_type is answer_type


def test_a_meeting_question_dated_to_a_day_lists_the_meeting() -> None:
    question = interpret("Hvad skete der på mødet i Sundheds- og Omsorgsudvalget den 18. november 2024?",
                         COMMITTEES, TODAY)
    assert (question.kind, question.committee) == (QuestionKind.MEETING, "Sundheds- og Omsorgsudvalget")
    assert (question.period.start, question.period.end) == (date(2024, 11, 18), date(2024, 11, 18))


def test_a_meeting_question_with_a_topic_is_not_an_overview() -> None:
    question = interpret("Hvad skete der på mødet den 23. juni 2021 om danskuddannelse?", COMMITTEES, TODAY)
    assert question.kind is QuestionKind.DECISION


def test_an_elliptic_follow_up_inherits_kind_committee_period_and_case() -> None:
    first = interpret("Hvad besluttede Beskæftigelsesudvalget i juni 2021 om nøgletallene?", COMMITTEES, TODAY)
    first = replace(first, case_numbers=frozenset({"x-1"}))
    second = follow_up(interpret("Og for hele landet?", COMMITTEES, TODAY), first)
    assert (second.kind, second.committee, second.period, second.case_numbers) == (
        QuestionKind.DECISION, "Beskæftigelsesudvalget", first.period, frozenset({"x-1"}))


def test_a_follow_up_keeps_the_committee_it_names() -> None:
    first = interpret("Hvad besluttede Beskæftigelsesudvalget om erhvervsmentorordningen i maj 2022?",
                      COMMITTEES, TODAY)
    second = follow_up(interpret("Og Plan- og Tryghedsudvalget dagen efter?", COMMITTEES, TODAY), first)
    assert (second.committee, second.period) == ("Plan- og Tryghedsudvalget", first.period)


@pytest.mark.parametrize(("question", "expected"), [
    ("Og for hele landet?", True), ("Hvad med Økonomiudvalget?", True), ("Men hvad kostede det?", True),
    ("Hvad besluttede byrådet om strandrensning?", False), ("Ombygning af skolen", False),
])
def test_follow_up_wording(question: str, expected: bool) -> None:
    assert is_follow_up(question) is expected


def test_a_follow_up_asks_its_own_value_on_the_previous_topic() -> None:
    first = interpret("Hvor mange stillinger forsvinder i jobcentret?", COMMITTEES, TODAY)
    second = follow_up(interpret("Og fra hvornår?", COMMITTEES, TODAY), first)
    assert (second.kind, second.answer_type) == (QuestionKind.FACTUAL, AnswerType.DATE)
    assert second.text == "Og fra hvornår? Hvor mange stillinger forsvinder i jobcentret?"
