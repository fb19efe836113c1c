"""Meeting preparation: earlier treatments of each item's case, as a Markdown brief with the minutes text escaped."""

from __future__ import annotations

from datetime import date

from index import Engine, brief_to_markdown, escape_markdown


def _minutes_brief(engine: Engine) -> str:
    meeting = next(m for m in engine.meetings() if m.date == date(2021, 6, 23))
    brief = engine.prepare(meeting.id, with_similar=False)
    assert brief is not None
    return brief_to_markdown(brief)


def test_brief_lists_the_earlier_agenda_treatment_of_a_case(herning_engine: Engine) -> None:
    brief = _minutes_brief(herning_engine)
    assert brief.startswith("# Forberedelse: Beskæftigelsesudvalget, 23. juni 2021\n\nMødested: C3.40\n")
    section = brief.split("## Punkt 5: Nøgletal på beskæftigelsesområdet (sag 00.00.00-P19-1719-10)")[1]
    assert section.split("## Punkt 6")[0].strip().endswith(
        "**Tidligere behandlinger af sagen:**\n"
        "- 20. oktober 2020, Beskæftigelsesudvalget, punkt 81: ingen beslutning (dagsorden)")


def test_brief_has_one_heading_per_item(herning_engine: Engine) -> None:
    headings = [line for line in _minutes_brief(herning_engine).splitlines() if line.startswith("## Punkt")]
    assert [h.split(":")[0] for h in headings] == [f"## Punkt {n}" for n in range(1, 8)]


def test_minutes_text_cannot_inject_markdown() -> None:
    assert escape_markdown("*vigtigt* [link](x) <b>#1</b> a_b") == r"\*vigtigt\* \[link\](x) \<b\>\#1\</b\> a\_b"
    assert escape_markdown("15.00.00-A00-10-21") == "15.00.00-A00-10-21"


def _similar_by_item(engine: Engine) -> dict[str, list[str]]:
    meeting = next(m for m in engine.meetings() if m.date == date(2021, 6, 23))
    brief = engine.prepare(meeting.id)
    assert brief is not None
    return {entry.item.number: [h.item.title for h in entry.similar] for entry in brief.entries}


def test_related_items_are_listed_only_above_the_similarity_bar(herning_engine: Engine) -> None:
    """The earlier framework agreement is related to this year's (0.58 of the item's own score); "Udbud
    danskuddannelsen", the next hit by fused rank, is not (0.22), nor is anything for the misbrug inspection."""
    similar = _similar_by_item(herning_engine)
    assert [title[:50] for title in similar["3"]] == ["Godkendelse af Rammeaftale 2021-22 på det speciali"]
    assert similar["2"] == []
    assert similar["6"] == []  # "Generel orientering" shares only the word orientering with other items
