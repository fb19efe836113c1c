"""FirstAgenda meeting web pages: the Aarhus Byråd agenda of 8 October 2025."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from ingest.formats.firstagenda_html import looks_like_firstagenda_html, parse_firstagenda_html
from ingest.model import DraftItem, DraftMeeting, SectionKind
from referat.errors import IngestError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
AARHUS_HTML = CORPUS / "aarhus" / "byraadet-2025-10-08-dagsorden.html"


@pytest.fixture(scope="module")
def page() -> str:
    if not AARHUS_HTML.is_file():
        pytest.skip(f"corpus file not available: {AARHUS_HTML}")
    return AARHUS_HTML.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def meeting(page: str) -> DraftMeeting:
    return parse_firstagenda_html(page)


def item(meeting: DraftMeeting, number: str) -> DraftItem:
    return next(i for i in meeting.items if i.number == number)


def test_sniffs_the_page(page: str) -> None:
    assert looks_like_firstagenda_html(page)


def test_sniff_rejects_other_html() -> None:
    assert not looks_like_firstagenda_html("<html><body><h1>Dagsorden</h1><p>Punkt 1</p></body></html>")


def test_meeting_header(meeting: DraftMeeting) -> None:
    assert (meeting.municipality, meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Aarhus", "Aarhus Byråd", date(2025, 10, 8), time(16, 0), "Byrådssalen")


def test_items_are_numbered_1_to_33(meeting: DraftMeeting) -> None:
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, 34)]


def test_first_and_last_titles(meeting: DraftMeeting) -> None:
    assert meeting.items[0].title == "Godkendelse af dagsorden"
    assert meeting.items[-1].title == "Forslag fra V, KF, LA og DD om afledte konsekvenser af lukning af Vesterbro Torv"


def test_case_numbers(meeting: DraftMeeting) -> None:
    assert item(meeting, "1").case_number == "EMN-2023-009832"
    assert item(meeting, "2").case_number == "EMN-2025-008308"
    assert item(meeting, "33").case_number == "EMN-2025-010810"


def test_agenda_has_no_decisions(meeting: DraftMeeting) -> None:
    assert [i.number for i in meeting.items if i.has_decision] == []


def test_no_closed_items(meeting: DraftMeeting) -> None:
    assert [i.number for i in meeting.items if i.closed] == []


def test_sections_from_h3_headings(meeting: DraftMeeting) -> None:
    assert [(s.heading, s.kind) for s in item(meeting, "12").sections] == [
        ("", SectionKind.OTHER),
        ("Resume", SectionKind.RESUME),
        ("Beslutningspunkter", SectionKind.INDSTILLING),
        ("Borgmesterens afdelings påtegning", SectionKind.OTHER),
        ("Sagsforløb", SectionKind.OTHER),
    ]


def test_recommendation_text(meeting: DraftMeeting) -> None:
    recommendation = next(s for s in item(meeting, "2").sections if s.kind is SectionKind.INDSTILLING)
    assert recommendation.text == (
        "Det indstilles:\nAt 1) Byrådet drøfter og godkender eventuelle ændringer til budgetforslaget 2026.")


def test_empty_field_placeholder_is_dropped(meeting: DraftMeeting) -> None:
    # Item 2 opens with an unheaded field holding only ".".
    assert item(meeting, "2").sections[0].heading == "Resume"


def test_item_without_fields_has_no_sections(meeting: DraftMeeting) -> None:
    assert item(meeting, "1").sections == ()


def test_attachments_from_bilag_list(meeting: DraftMeeting) -> None:
    assert item(meeting, "25").attachments == ("Beslutningsforslag S, KF, SF, V og RV 21.09.2025",)
    assert item(meeting, "2").attachments[:2] == ("Indstilling", "Bilag 1: Budgetredegørelsen 2026-2029")


def test_page_furniture_is_not_content(meeting: DraftMeeting) -> None:
    texts = [s.text for i in meeting.items for s in i.sections]
    for furniture in ("Hent som PDF", "Kopier link", "Meeting_Copy_Link", "Tilbage til forsiden"):
        assert not any(furniture in text for text in texts), furniture


def test_page_without_meeting_heading_is_refused() -> None:
    with pytest.raises(IngestError, match=r"^no meeting heading \(h1\.dato"):
        parse_firstagenda_html('<html><body><table id="dagsordenDetaljer"></table></body></html>')


def test_page_without_items_is_refused() -> None:
    html = ('<html><body><h1 class="green dato">Dagsorden 8. oktober 2025 kl. 16.00</h1>'
            '<span class="udvalg">Aarhus Byråd</span><table id="dagsordenDetaljer"></table></body></html>')
    with pytest.raises(IngestError, match=r"^no agenda items"):
        parse_firstagenda_html(html)
