"""Committee names: cleaned for display, matched by part of the name, question lists recognised — on Greve's names."""

from __future__ import annotations

import json

import pytest

from referat.committees import committee_matches, display_committee, is_pseudo_meeting, matching_committees
from tests.conftest import corpus_folder


@pytest.fixture(scope="module")
def greve_committees() -> set[str]:
    return {json.loads(path.read_text(encoding="utf-8"))["Udvalg"]["Navn"]
            for path in corpus_folder("greve").glob("*.json")}


def test_greve_names_are_shown_without_period_or_leading_dot(greve_committees: set[str]) -> None:
    assert sorted(display_committee(name) for name in greve_committees) == [
        "Beskæftigelses- og Erhvervsudvalget", "Byråd", "Klima-, Teknik- og Miljøudvalget",
        "Kultur- og Fritidsudvalget", "Plan- og Tryghedsudvalget", "Skole-, Børne- og Ungeudvalget",
        "Social- og Handicapudvalget", "Spørgsmål / Svar til Byrådet", "Sundheds- og Omsorgsudvalget",
        "Økonomiudvalget"]


def test_display_name_normalises_spacing_and_period_spellings() -> None:
    assert display_committee("  Byråd   (2018 – 2021) ") == "Byråd"
    assert display_committee("Økonomiudvalget") == "Økonomiudvalget"


def test_only_the_question_list_is_a_pseudo_meeting(greve_committees: set[str]) -> None:
    assert sorted(name for name in greve_committees if is_pseudo_meeting(name)) == [
        ".Spørgsmål / Svar til Byrådet 2022-2025"]


@pytest.mark.parametrize(("query", "expected"), [
    ("kultur", ["Kultur- og Fritidsudvalget"]),
    ("KULTUR", ["Kultur- og Fritidsudvalget"]),
    ("byråd", [".Spørgsmål / Svar til Byrådet 2022-2025", "Byråd 2022-2025"]),
    ("byraad", [".Spørgsmål / Svar til Byrådet 2022-2025", "Byråd 2022-2025"]),
    ("okonomi", ["Økonomiudvalget"]),
    ("oekonomi", ["Økonomiudvalget"]),
    ("teknik og miljø", ["Klima-, Teknik- og Miljøudvalget"]),
    ("teknik- og miljø", ["Klima-, Teknik- og Miljøudvalget"]),
    ("spørgsmål/svar", [".Spørgsmål / Svar til Byrådet 2022-2025"]),
    ("skoleudvalg", []),
])
def test_committee_filter_matches_part_of_a_name(greve_committees: set[str], query: str,
                                                 expected: list[str]) -> None:
    assert sorted(name for name in greve_committees if committee_matches(query, name)) == expected


def test_empty_filter_matches_every_committee(greve_committees: set[str]) -> None:
    assert all(committee_matches("  ", name) for name in greve_committees)


def test_a_filter_selects_by_exact_name_then_shown_name_then_part(greve_committees: set[str]) -> None:
    assert matching_committees("Kultur", greve_committees) == {"Kultur- og Fritidsudvalget"}
    assert matching_committees("byråd", greve_committees) == {"Byråd 2022-2025"}  # not the question list
    assert matching_committees("Byråd 2022-2025", greve_committees) == {"Byråd 2022-2025"}
    assert matching_committees("svømmehal", greve_committees) == set()
