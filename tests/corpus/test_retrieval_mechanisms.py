"""Each retrieval mechanism on real minutes, on and off (index/search/retrieval.py SearchOptions): one case through
three Greve meetings (Skole-, Børne- og Ungeudvalget 9 January 2024 → Økonomiudvalget 24 January → Byrådet 29
January), the published list of questions to Greve's council, both Aarhus meetings and the Herning samples."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from index import Settings, open_engine
from index.embedding import HashingEmbedder
from index.search.feedback import Feedback, expansion_terms
from index.search.items import FieldWeights
from index.search.question import Question, follow_up, interpret
from index.search.retrieval import Retriever, SearchOptions
from index.search.treatments import TreatmentOrder
from index.storage.index import Snapshot, open_snapshot
from tests.conftest import SAMPLES, corpus_folder

TODAY = date(2025, 12, 1)
GREVE_FILES = ("byraad-2022-2025_2024-01-29_c4a8ac14.json", "oekonomiudvalget_2024-01-24_c5a91c52.json",
               "skole-boerne-og-ungeudvalget_2024-01-09_9f79b7b8.json",
               "svar-til-byraadet-2022-2025_2024-12-31_4173e720.json")
# "Godkendelse af ensartet frokosttakst for vuggestue- og børnehavebørn" (case 23-013356) in each committee.
LUNCH_COUNCIL, LUNCH_SCHOOLS, LUNCH_FINANCE = "7e33cd48866cb01f", "9c5d189527ab672c", "9bc5a892ac778302"
LUNCH = "Hvornår træder den ensartede frokosttakst for vuggestue- og børnehavebørn i kraft?"
DEFAULT = SearchOptions()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshot]:
    greve = corpus_folder("greve")
    folder = tmp_path_factory.mktemp("mechanisms")
    engine = open_engine(Settings(data_dir=folder, offline=True))
    summary = engine.ingest([*(greve / name for name in GREVE_FILES), corpus_folder("aarhus"), SAMPLES])
    engine.close()
    assert not summary.failures and summary.items == 157
    opened = open_snapshot(folder, HashingEmbedder(), None)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def retriever(snapshot: Snapshot) -> Retriever:
    return Retriever(snapshot)


def _ask(retriever: Retriever, text: str, previous: Question | None = None) -> Question:
    catalog = retriever.snapshot.catalog
    question = interpret(text, catalog.committees(), TODAY, catalog.municipalities())
    return follow_up(question, previous) if previous is not None else question


def _ranked(retriever: Retriever, question: Question, k: int = 5, **changes: Any) -> list[str]:
    options = replace(DEFAULT, **changes)
    searcher = Retriever(retriever.snapshot, item_index=retriever.item_index, options=options)
    return [hit.item.id for hit in searcher.search(question, k=k)]


def test_the_council_treatment_leads_when_no_committee_is_named(retriever: Retriever) -> None:
    question = _ask(retriever, LUNCH)
    assert _ranked(retriever, question, 3) == [LUNCH_COUNCIL, LUNCH_SCHOOLS, LUNCH_FINANCE]
    assert _ranked(retriever, question, 3, treatments=TreatmentOrder.AS_RANKED) == [
        LUNCH_SCHOOLS, LUNCH_FINANCE, LUNCH_COUNCIL]


def test_a_named_committee_keeps_its_own_treatment_first(retriever: Retriever) -> None:
    question = _ask(retriever, "Hvad besluttede Økonomiudvalget om den ensartede frokosttakst?")
    assert question.committee == "Økonomiudvalget"
    assert _ranked(retriever, question, 3) == [LUNCH_FINANCE, LUNCH_COUNCIL, LUNCH_SCHOOLS]


def test_byraadet_is_the_council_not_the_list_of_questions_to_it(retriever: Retriever) -> None:
    question = _ask(retriever, "Hvad besluttede byrådet om frokosttakst?")
    assert question.committee == "Byråd 2022-2025"
    assert _ask(retriever, "Hvad besluttede byrådet i Aarhus om lokalplanen?").committee == "Aarhus Byråd"
    assert _ranked(retriever, question, 1) == [LUNCH_COUNCIL]


def test_a_named_committee_never_buries_the_one_item_about_the_topic(retriever: Retriever) -> None:
    """Only Skole-, Børne- og Ungeudvalget's own calendar is about "mødekalender 2024": Økonomiudvalget's unrelated
    items are not lifted above it."""
    question = _ask(retriever, "Hvad besluttede Økonomiudvalget om mødekalenderen for 2024?")
    calendar = "0139e1a8836097c9"
    assert _ranked(retriever, question).index(calendar) == 2
    assert calendar not in _ranked(retriever, question, 10, scope_gate=0.0)


def test_a_follow_up_searches_with_the_topic_of_the_turn_before(retriever: Retriever) -> None:
    first = _ask(retriever, "Hvad besluttede Skole-, Børne- og Ungeudvalget om frokosttaksten?")
    second = _ask(retriever, "Og Økonomiudvalget?", first)
    assert second.context == "Hvad besluttede om frokosttaksten?"
    assert second.text == "Og Økonomiudvalget? Hvad besluttede Skole-, Børne- og Ungeudvalget om frokosttaksten?"
    assert _ranked(retriever, second, 1) == [LUNCH_FINANCE]


def test_a_word_in_the_title_counts_more_than_in_the_body(retriever: Retriever) -> None:
    question = _ask(retriever, "misbrug tilsyn")
    oversight = "c93c00e9398be6e9"  # Aarhus: "Justering af ramme for kvalitetsopfølgning og tilsyn i Børn og Unge"
    assert _ranked(retriever, question, 3) == ["f23675536c560616", oversight, "92fda1b2de046aa6"]
    assert _ranked(retriever, question, 3, fields=FieldWeights()) == ["f23675536c560616", "92fda1b2de046aa6",
                                                                      oversight]


def test_items_that_hold_a_place_word_for_word_stay_ahead(retriever: Retriever) -> None:
    question = _ask(retriever, "Hvad sker der på Tune Skole?")
    texts = retriever.item_index.texts
    assert all("tune skole" in texts[i] for i in _ranked(retriever, question))
    assert [("tune skole" in texts[i]) for i in _ranked(retriever, question, name_boost=0.0)] == [
        True, True, True, False, False]


def test_a_named_municipality_lifts_its_items(retriever: Retriever) -> None:
    question = _ask(retriever, "Hvad besluttede Greve om daginstitutioner?")
    assert question.municipality == "Greve"
    where = retriever.item_index.municipalities
    assert [where[i] for i in _ranked(retriever, question, 3)] == ["Greve", "Greve", "Greve"]
    assert [where[i] for i in _ranked(retriever, question, 3, municipality_boost=0.0)] == ["Greve", "Greve",
                                                                                         "Aarhus"]


def test_feedback_adds_the_words_the_best_items_share(retriever: Retriever) -> None:
    items, lexical = retriever.item_index, retriever.snapshot.lexical
    top = items.rank("frokosttakst", 3)
    vocabulary = list({t for i in top.item_ids for t in items.window_terms(i)})
    extra = expansion_terms(lexical.terms("frokosttakst"), list(zip(top.item_ids, top.scores, strict=True)),
                            items.window_terms, lexical.idf(vocabulary), Feedback(0.3, 3, 6))
    assert sorted(extra) == ["boern", "boernehav", "boernehaveboern", "frokostordning", "institution", "vuggestu"]
    assert max(extra.values()) == pytest.approx(0.3)
    assert _ranked(retriever, _ask(retriever, LUNCH), 3, feedback=Feedback(0.3)) == [
        LUNCH_COUNCIL, LUNCH_SCHOOLS, LUNCH_FINANCE]


def test_spelling_leaves_inflections_of_known_words(retriever: Retriever) -> None:
    assert retriever.item_index.correct("Hvad besluttede de om frokosttaksten?") == (
        "Hvad besluttede de om frokosttaksten?")
    assert retriever.item_index.correct("Hvad besluttede de om frokosttakstne?") == (
        "Hvad besluttede de om frokosttakst?")

