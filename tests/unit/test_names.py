"""Names and places typed in a question, matched word for word (index/search/names.py)."""

from __future__ import annotations

import re

import pytest

from index.search.names import find_names, holds_name, matched_share, name_matches


@pytest.mark.parametrize(("question", "names"), [
    ("Hvor længe blev Heidi Serny Jacobsens orlov forlænget?", ("heidi serny jacobsen",)),
    ("Hvem er den nye forpagter af Café Langsiden på Greve Idrætscenter?", ("café langsiden", "greve idrætscenter")),
    ("Må der komme solceller på garagetaget på Tofteholmen 52?", ("tofteholmen 52",)),
    ("Hvad Skete der med skolen?", ()),
    ("Blev Hundige Bygade lukket?", ("hundige bygade",)),
    ("hvad skete der med hundige bygade", ()),
])
def test_names_of_two_words_or_a_street_and_number(question: str, names: tuple[str, ...]) -> None:
    assert find_names(question) == names


def test_a_name_matches_word_for_word_not_word_by_word() -> None:
    assert matched_share(("tune skole",), "renovering af tune skole og hallen") == 1.0
    assert matched_share(("tune skole",), "skole i tune") == 0.0
    assert matched_share(("heidi serny jacobsen",), "heidi serny jacobsens orlov") == 1.0


def test_a_name_most_candidates_hold_tells_nothing() -> None:
    texts = {"a": "greve kommune tune skole", "b": "greve kommune hallen", "c": "greve kommune svømmehal"}
    assert name_matches(("greve kommune", "tune skole"), texts, ["a", "b", "c"]) == {"a": 1.0}
    assert name_matches(("greve kommune",), texts, ["a", "b", "c"]) == {}


@pytest.mark.parametrize("text", ["tune skole", "i tune skole", "distune skole og tune skole", "distune skole",
                                  "_tune skole", "ætune skole", "(tune skole)", "", "tune"])
def test_holds_name_finds_what_the_word_boundary_pattern_finds(text: str) -> None:
    assert holds_name("tune skole", text) == bool(re.search(r"(?<!\w)tune skole", text))
