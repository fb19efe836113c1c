from __future__ import annotations

from ingest.chunking import ChunkingConfig, chunk_item, context_line
from ingest.model import Publication, SectionKind


def test_decision_with_its_recommendation_is_the_first_chunk(herning_minutes: Publication) -> None:
    item = herning_minutes.items[2]
    first = chunk_item(item)[0]
    assert first.section_kind is SectionKind.BESLUTNING
    assert first.text == (
        "Beskæftigelsesudvalget · 23.06.2021 · Punkt 3: Rammeaftale for KKR Midtjylland om samarbejde og "
        "koordinering af tilbud om danskuddannelse · Sag 15.00.00-A00-10-21\n"
        "Beslutning: Indstillingen blev tiltrådt.\n\nIndstilling: Direktøren for Social, Sundhed og Beskæftigelse "
        "indstiller\n\nat Herning Kommune tilslutter sig rammeaftalen om samarbejde og koordinering af tilbud om "
        "danskuddannelse til voksne udlændinge.")


def test_agenda_item_leads_with_its_recommendation(herning_agenda: Publication) -> None:
    first = chunk_item(herning_agenda.items[0])[0]
    assert first.section_kind is SectionKind.INDSTILLING
    assert "Indstilling: - at Beskæftigelsesudvalget beslutter at genudbyde Danskuddannelsen" in first.text


def test_every_chunk_belongs_to_one_item_and_starts_with_its_context(herning_agenda: Publication) -> None:
    for item in herning_agenda.items:
        for chunk in chunk_item(item):
            assert chunk.item is item
            assert chunk.text.startswith(context_line(item) + "\n")


def test_chunks_respect_the_size_limit(herning_agenda: Publication) -> None:
    config = ChunkingConfig(chunk_size=600, chunk_overlap=80)
    for item in herning_agenda.items:
        for chunk in chunk_item(item, config):
            assert len(chunk.text) - len(context_line(item)) - 1 <= 600


def test_chunk_ids_are_stable_and_unique(herning_agenda: Publication) -> None:
    first = [c.id for item in herning_agenda.items for c in chunk_item(item)]
    again = [c.id for item in herning_agenda.items for c in chunk_item(item)]
    assert first == again
    assert len(set(first)) == len(first) == 79


def test_item_body_is_fully_covered(herning_agenda: Publication) -> None:
    item = herning_agenda.items[1]
    joined = "\n".join(c.text for c in chunk_item(item))
    for section in item.sections:
        for line in section.text.splitlines():
            assert line.strip() in joined
