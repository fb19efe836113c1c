from __future__ import annotations

from datetime import date, time

import pytest

from ingest.model import MeetingKind, Publication
from ingest.reader import read_publication
from tests.conftest import corpus_folder

pytestmark = pytest.mark.slow


def test_greve_corpus_counts(greve_publications: list[Publication]) -> None:
    items = [i for p in greve_publications for i in p.items]
    assert len(greve_publications) == 373
    assert len(items) == 5553
    assert sum(1 for i in items if i.decision is not None) == 4866


def test_greve_ids_are_unique(greve_publications: list[Publication]) -> None:
    meeting_ids = [p.meeting.id for p in greve_publications]
    item_ids = [i.id for p in greve_publications for i in p.items]
    assert len(set(meeting_ids)) == 373
    assert len(set(item_ids)) == 5553


def test_city_council_met_twice_on_2025_09_08(greve_publications: list[Publication]) -> None:
    same_day = sorted((p for p in greve_publications
                       if p.meeting.date == date(2025, 9, 8) and p.meeting.committee == "Byråd 2022-2025"),
                      key=lambda p: p.meeting.time)
    assert [p.meeting.time for p in same_day] == [time(17, 15), time(17, 30)]
    assert [len(p.items) for p in same_day] == [3, 49]
    first_items = [p.items[0] for p in same_day]
    assert [i.title for i in first_items] == ["Godkendelse af dagsorden"] * 2
    assert first_items[0].id != first_items[1].id


def test_greve_item_fields_and_decision() -> None:
    publication = read_publication(corpus_folder("greve") / "klima-teknik-og-miljoeudvalget_2023-09-14_eecda3a4.json")
    meeting = publication.meeting
    assert (meeting.municipality, meeting.committee, meeting.date, meeting.time, meeting.kind) == (
        "Greve", "Klima-, Teknik- og Miljøudvalget", date(2023, 9, 14), time(8, 0), MeetingKind.REFERAT)
    item = publication.items[4]
    assert (item.number, item.title, item.case_number) == ("5", "Jordflytning- og erhvervsaffaldsgebyr 2024",
                                                           "23-007629")
    assert item.decision == "Anbefales.\n\nIkke til stede: Simon Østergaard (V)"
    assert item.recommendation is not None and "887 kr." in item.recommendation
    assert item.attachments == ("Bilag 1. Beregning af gebyrer",)


def test_greve_closed_items_are_flagged(greve_publications: list[Publication]) -> None:
    closed = [i for p in greve_publications for i in p.items if i.closed]
    assert len(closed) == 385
    assert all(i.title.startswith("Lukket") for i in closed)
