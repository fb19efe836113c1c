"""The meeting brief as Word: python-docx reads back the meeting's items, their decisions and earlier treatments."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import docx

from index.answers.brief_docx import brief_to_docx
from index.answers.preparation import BriefEntry, MeetingBrief
from ingest.model import Publication


def _read_back(minutes: Publication, agenda: Publication) -> list[tuple[str, str]]:
    earlier = {item.case_number: item for item in agenda.items}
    entries = tuple(BriefEntry(item, (earlier[item.case_number],) if item.case_number in earlier else (), ())
                    for item in minutes.items)
    document = docx.Document(BytesIO(brief_to_docx(MeetingBrief(minutes.meeting, entries))))
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def test_word_brief_has_a_heading_per_item(herning_minutes: Publication, herning_agenda: Publication) -> None:
    paragraphs = _read_back(herning_minutes, herning_agenda)
    assert paragraphs[:2] == [("Heading 1", "Forberedelse: Beskæftigelsesudvalget, 23. juni 2021"),
                              ("Normal", "Mødested: C3.40")]
    assert [text.split(":")[0] for style, text in paragraphs if style == "Heading 2"] == [
        f"Punkt {n}" for n in range(1, 8)]
    assert ("Heading 2", "Punkt 5: Nøgletal på beskæftigelsesområdet (sag 00.00.00-P19-1719-10)") in paragraphs


def test_word_brief_carries_decision_and_earlier_treatment(herning_minutes: Publication,
                                                           herning_agenda: Publication) -> None:
    paragraphs = _read_back(herning_minutes, herning_agenda)
    headings = [i for i, (style, _) in enumerate(paragraphs) if style == "Heading 2"]
    section = paragraphs[headings[4]:headings[5]]
    assert section[0] == ("Heading 2", "Punkt 5: Nøgletal på beskæftigelsesområdet (sag 00.00.00-P19-1719-10)")
    assert ("Normal", "Beslutning: Taget til efterretning.") in section
    assert section[-2:] == [("Normal", "Tidligere behandlinger af sagen:"),
                            ("List Bullet", ("20. oktober 2020, Beskæftigelsesudvalget, punkt 81: "
                                             "ingen beslutning (dagsorden)"))]


def test_word_brief_keeps_source_characters(herning_minutes: Publication) -> None:
    quoted = replace(herning_minutes.items[0], title="KL's \"plan\" & <mål>")
    paragraphs = [p.text for p in docx.Document(BytesIO(brief_to_docx(MeetingBrief(
        herning_minutes.meeting, (BriefEntry(quoted, (), ()),))))).paragraphs]
    assert "Punkt 1: KL's \"plan\" & <mål> (sag 15.00.00-A00-8-21)" in paragraphs
    assert paragraphs[-1] == "Ingen tidligere behandlinger fundet."
