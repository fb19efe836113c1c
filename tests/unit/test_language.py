"""English questions are recognised (for a Danish hint); Danish ones, names and short keyword queries are not."""

from __future__ import annotations

import pytest

from referat.language import looks_english


@pytest.mark.parametrize("question", [
    "What did the council decide about the swimming pool?",
    "How much was the budget for schools in 2024?",
    "Who approved the new bike lanes",
    "Is the decision final",
    "When was the meeting about the harbour?",
])
def test_english_questions(question: str) -> None:
    assert looks_english(question)


@pytest.mark.parametrize("question", [
    "Hvad besluttede udvalget om svømmehallen?",
    "Hvornår blev budgettet vedtaget",
    "Hvad koster renovering af skolen",
    "Hvad er status på cykelstien",
    "Hvad siger KL om det",
    "Greve Nord helhedsplan",
    "bike lanes",
    "Strategi for socialt udsatte området",
    "",
])
def test_danish_questions_and_keywords(question: str) -> None:
    assert not looks_english(question)
