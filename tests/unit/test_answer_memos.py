"""What answers read of a whole item for every question is read once per item (by value)."""

from __future__ import annotations

from datetime import date

from index.answers.composition import stated_numbers, states_values
from index.answers.quotes import same_words_body
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

MEETING = Meeting("m1", "Greve", "Byråd", date(2024, 3, 4), None, None, MeetingKind.REFERAT, "m1.json")


def _item(text: str) -> AgendaItem:
    return AgendaItem("i1", MEETING, "3", "Budget 2025", None,
                      (Section(SectionKind.BESLUTNING, "Beslutning", text),))


def test_an_items_numbers_are_its_text_numbers_and_its_dates() -> None:
    assert stated_numbers(_item("Vedtaget med 19 for og 1,5   imod.")) == frozenset(
        {"3", "2025", "19", "1,5", "2024", "03", "04", "4"})


def test_an_equal_item_is_answered_from_memory() -> None:
    assert stated_numbers(_item("19 for")) is stated_numbers(_item("19 for"))
    assert states_values(_item("19 for"), frozenset({"19", "2025"}))


def test_a_rewritten_item_is_read_afresh() -> None:
    assert states_values(_item("19 for"), frozenset({"19"}))  # read, and remembered
    assert not states_values(_item("20 for"), frozenset({"19"}))  # the same item id, rewritten


def test_an_items_body_has_single_spaces() -> None:
    body = same_words_body(_item("Vedtaget\n\nmed   19 for."))
    assert body == "Punkt 3: Budget 2025 Beslutning Vedtaget med 19 for."
    assert same_words_body(_item("Vedtaget\n\nmed   19 for.")) is body
