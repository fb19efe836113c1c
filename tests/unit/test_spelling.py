"""Spelling tolerance from a small corpus vocabulary: unknown words become the nearest corpus word, nothing else."""

from __future__ import annotations

from collections import Counter

from index.search.spelling import SpellingCorrector

VOCABULARY = Counter({"strandrensning": 5, "ledighedsprocenten": 3, "busserne": 4, "byrådet": 9, "besluttede": 9,
                      "greve": 9, "hvad": 9, "udlændinge": 2, "sjælden": 1})


def test_a_typo_becomes_the_corpus_word() -> None:
    corrector = SpellingCorrector(VOCABULARY)
    assert corrector.correct("Hvad besluttede byrådet om strandrensing?") == (
        "Hvad besluttede byrådet om strandrensning?")


def test_two_edits_in_a_long_word() -> None:
    assert SpellingCorrector(VOCABULARY).suggest("ledihgedsprocenten") == "ledighedsprocenten"
    assert SpellingCorrector(VOCABULARY).suggest("udlænding") == "udlændinge"


def test_stop_words_and_two_edits_in_a_shorter_word_are_left() -> None:
    corrector = SpellingCorrector(VOCABULARY)
    assert corrector.suggest("mellem") is None and corrector.suggest("blevet") is None
    assert corrector.suggest("bussernes") == "busserne"
    assert corrector.suggest("bussenes") is None  # two edits in an 8-letter word


def test_known_short_and_far_words_are_left_as_typed() -> None:
    corrector = SpellingCorrector(VOCABULARY)
    assert corrector.suggest("busserne") is None  # known
    assert corrector.suggest("grevv") is None  # too short to correct safely
    assert corrector.suggest("kommuneplan") is None  # nothing near
    assert corrector.suggest("sjældne") is None  # a word seen once is no suggestion


def test_compounds_of_known_words_are_not_corrected() -> None:
    corrector = SpellingCorrector(VOCABULARY)
    assert corrector.correct("busserne i Greve", is_compound=lambda word: word == "busserne") == "busserne i Greve"
    assert corrector.correct("strandrensing", is_compound=lambda word: True) == "strandrensing"
