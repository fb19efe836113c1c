"""Items are read for answers once per snapshot: remembered by the item itself, bounded, and the same as read afresh."""

from __future__ import annotations

from datetime import date

import Stemmer

from index.answers.reading import ItemReadings
from index.answers.sentences import item_terms, read_sentences
from index.search.analysis import fold, stem_words
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

MEETING = Meeting("m1", "Greve", "Økonomiudvalget", date(2024, 3, 4), None, None, MeetingKind.REFERAT, "m1.json")
VOCABULARY = LexicalIndex.build([], 0)


def _item(number: int, decision: str = "Indstillingen blev godkendt med den ændring, at vejen lukkes.") -> AgendaItem:
    return AgendaItem(f"i{number}", MEETING, str(number), f"Lukning af Rådhusvej {number}", "05.01.00-P20-1-24", (
        Section(SectionKind.SAGSFREMSTILLING, "Sagsfremstilling",
                "Bruttoledighed:\nStatus april 2021: Greve 3,3% mod 4,2% i hele landet.\n\n"
                "Vejen har været lukket i tre uger på grund af ledningsarbejde."),
        Section(SectionKind.BESLUTNING, "Beslutning", decision)))


def test_an_item_is_read_once_and_remembered() -> None:
    readings = ItemReadings(VOCABULARY)
    first = readings.sentences(_item(1))
    assert readings.sentences(_item(1)) is first  # an equal item from another request: the remembered reading
    assert readings.terms(_item(1)) is readings.terms(_item(1))
    assert readings.remembered() == (1, 1)


def test_the_remembered_reading_is_the_fresh_one() -> None:
    readings = ItemReadings(VOCABULARY)
    readings.sentences(_item(1))
    assert readings.sentences(_item(1)) == read_sentences(_item(1), VOCABULARY)
    assert readings.terms(_item(1)) == item_terms(_item(1), VOCABULARY)
    assert [(s.quote.text, s.quote.about) for s in readings.sentences(_item(1)).sentences] == [
        ("Status april 2021: Greve 3,3% mod 4,2% i hele landet.", "Bruttoledighed:"),
        ("Vejen har været lukket i tre uger på grund af ledningsarbejde.", None),
        ("Indstillingen blev godkendt med den ændring, at vejen lukkes.", None),
    ]


def test_an_item_rewritten_under_its_id_is_read_afresh() -> None:
    readings = ItemReadings(VOCABULARY)
    readings.terms(_item(1))
    rewritten = readings.terms(_item(1, "Sagen blev udsat til næste møde."))
    assert "udsat" in rewritten and "godkendt" not in rewritten
    assert readings.remembered() == (2, 0)


def test_the_least_recently_used_items_are_forgotten_first() -> None:
    readings = ItemReadings(VOCABULARY, size=2)
    one = readings.terms(_item(1))
    readings.terms(_item(2))
    readings.terms(_item(1))  # used again: item 2 is now the oldest
    readings.terms(_item(3))
    assert readings.remembered() == (2, 0)
    assert readings.terms(_item(1)) is one


def test_size_zero_remembers_nothing() -> None:
    readings = ItemReadings(VOCABULARY, size=0)
    assert readings.sentences(_item(1)) == readings.sentences(_item(1))
    assert readings.remembered() == (0, 0)


def test_remembered_stems_are_snowball_stems_folded() -> None:
    words = ["affaldsindsamlingen", "kommunerne", "udvalgets", "børnehaverne", "århus", "gået", "gået"]
    assert stem_words(words) == [fold(stem) for stem in Stemmer.Stemmer("danish").stemWords(words)]


def test_terms_the_item_index_holds_are_taken_as_they_are() -> None:
    held = frozenset({"lukning", "raadhusvej", "05.01.00-p20-1-24"})
    readings = ItemReadings(VOCABULARY, indexed=lambda item_id: held if item_id == "i1" else None)
    assert readings.terms(_item(1)) is held
    assert readings.terms(_item(2)) == item_terms(_item(2), VOCABULARY)  # not held: analysed


def test_a_newer_snapshot_reads_again_the_items_read_before_as_they_now_are() -> None:
    before = ItemReadings(VOCABULARY)
    for number in (1, 2, 3):
        before.sentences(_item(number))
    rewritten = _item(2, "Sagen blev udsat.")
    current = {"i1": _item(1), "i2": rewritten}  # i3 is no longer indexed
    readings = ItemReadings(VOCABULARY)
    assert readings.read_again(before, lambda ids: {i: current[i] for i in ids if i in current}) == 2
    assert readings.remembered() == (0, 2)
    assert readings.sentences(rewritten) == read_sentences(rewritten, VOCABULARY)
    assert readings.remembered() == (0, 2)  # read ahead: nothing read now


def test_items_that_fail_to_load_are_left_for_the_questions_to_read() -> None:
    before = ItemReadings(VOCABULARY)
    before.terms(_item(1))

    def failing(ids: object) -> dict[str, AgendaItem]:
        raise OSError("database is locked")
    readings = ItemReadings(VOCABULARY)
    assert readings.read_again(before, failing) == 0
    assert readings.remembered() == (0, 0)
