"""The unit a question asks a figure per, and the sentences that state a figure per it (index/answers/rates.py)."""

from __future__ import annotations

import pytest

from index.answers.rates import RATE_BONUS, asked_units, per_asked_unit


@pytest.mark.parametrize(("question", "units"), [
    ("Hvad koster det Greve om året at være partner i Gate21?", {"year"}),
    ("Hvad bliver timeprisen for byggesagsbehandling?", {"hour"}),
    ("Hvad koster det pr. kilometer at leje en bus?", {"kilometer"}),
    ("Hvad koster det for et barn per dag at være med på ferietilbuddet?", {"day"}),
    ("Hvad koster den nye skole?", set()),
    ("Hvornår åbner den nye svømmehal i år?", set()),
])
def test_the_unit_a_question_asks_a_figure_per(question: str, units: set[str]) -> None:
    assert asked_units(question) == units


def test_a_figure_per_the_asked_unit_gains_however_the_minutes_word_it() -> None:
    shape = per_asked_unit(lambda sentence: 0.5, asked_units("Hvad koster det om året?"))
    assert shape("Kontingentet er 110.000 kr. årligt.") == 0.5 + RATE_BONUS
    assert shape("Projektet koster 364.262 kr. i alt over tre år.") == 0.5
    assert shape("Kontingentet betales årligt.") == 0.5  # no figure: it says how, not how much


def test_a_question_without_a_unit_keeps_its_shape() -> None:
    def shape(sentence: str) -> float:
        return 0.8
    assert per_asked_unit(shape, frozenset()) is shape
