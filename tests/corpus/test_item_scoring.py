"""Item-level scoring on the Herning samples: every item seen whole (summary window, then text windows), ranked by
its best window, within the filters; and the spelling corrector built over the same items."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.model import Filters
from index.search.items import OVERLAP, WINDOW, ItemIndex, item_windows
from index.storage.catalog import Catalog
from index.storage.lexical import LexicalIndex


@pytest.fixture(scope="module")
def items_index(herning_data: Path) -> ItemIndex:
    catalog = Catalog(herning_data / "catalog.sqlite")
    lexical = LexicalIndex.build(catalog.chunk_rows(), catalog.version())
    built = ItemIndex.build(catalog.all_items(), lexical)
    catalog.close()
    return built


def test_items_rank_by_their_best_window(items_index: ItemIndex) -> None:
    ranking = items_index.rank("Socialtilsynets rapport om Misbrugscenter Herning", 3)
    assert ranking.item_ids == ("f23675536c560616", "cb8357e573a89da1", "027cb334a4df93f2")
    assert ranking.scores[0] > 4 * ranking.scores[1]


def test_the_summary_window_and_the_body_both_count(items_index: ItemIndex) -> None:
    assert items_index.rank("udbud af danskuddannelse", 3).item_ids == (
        "c25aa3a05dbebc08", "b3cb560c22e4ef27", "e9c3b41b3bfb4198")


def test_filters_keep_only_their_items(items_index: ItemIndex) -> None:
    october = Filters(date_from=date(2020, 10, 1), date_to=date(2020, 10, 31))
    in_october = items_index.rank("Socialtilsynets rapport om Misbrugscenter Herning", 10, october).item_ids
    assert in_october and "f23675536c560616" not in in_october
    assert items_index.rank("Misbrugscenter", 3, Filters(committee="Ingen sådan")).item_ids == ()


def test_windows_lead_with_title_recommendation_and_decision(herning_data: Path) -> None:
    catalog = Catalog(herning_data / "catalog.sqlite")
    item = catalog.item("f23675536c560616")
    catalog.close()
    assert item is not None
    windows = item_windows(item)
    assert windows[0].startswith(item.title) and (item.decision or "")[:40] in windows[0]
    assert windows[1] == item.text[:1500]


def test_spelling_corrector_knows_the_samples_vocabulary(items_index: ItemIndex) -> None:
    assert items_index.correct("Hvad skete der med misbrugscentr Herning?") == (
        "Hvad skete der med misbrugscenter Herning?")
    assert items_index.correct("Hvad besluttede udvalget om Eurovision?") == (
        "Hvad besluttede udvalget om Eurovision?")


def test_an_items_terms_are_read_off_its_windows(items_index: ItemIndex, herning_data: Path) -> None:
    # What answers count coverage in, without analysing the item again: every term of its title and text, and for an
    # item of one text window nothing else.
    catalog = Catalog(herning_data / "catalog.sqlite")
    items = catalog.all_items()
    catalog.close()
    vocabulary = items_index.lexical
    for item in items:
        from_windows = items_index.item_terms(item.id)
        assert from_windows is not None
        analysed = frozenset(vocabulary.terms(f"{item.title}\n{item.text}"))
        assert analysed <= from_windows, item.id
        if len(item.text) <= WINDOW - OVERLAP:
            assert from_windows == analysed, item.id
    assert items_index.item_terms("no such item") is None
