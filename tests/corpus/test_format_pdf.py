"""FirstAgenda PDF exports: the Aarhus Byråd minutes of 27 August 2025, and PDFs that cannot be read."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest.formats.furniture import strip_page_furniture
from ingest.formats.general import read_lines, read_pages
from ingest.formats.layout import Line, without_style
from ingest.formats.pdf import read_pdf_pages
from ingest.model import DraftItem, DraftMeeting, SectionKind
from referat.errors import IngestError


def parse_pdf(data: bytes) -> DraftMeeting:
    return read_pages(read_pdf_pages(data))


def read_pdf_lines(data: bytes) -> list[Line]:
    return strip_page_furniture(read_pdf_pages(data))


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
AARHUS_PDF = CORPUS / "aarhus" / "byraadet-2025-08-27-referat.pdf"


@pytest.fixture(scope="module")
def meeting() -> DraftMeeting:
    if not AARHUS_PDF.is_file():
        pytest.skip(f"corpus file not available: {AARHUS_PDF}")
    return parse_pdf(AARHUS_PDF.read_bytes())


def item(meeting: DraftMeeting, number: str) -> DraftItem:
    return next(i for i in meeting.items if i.number == number)


def decision_text(draft: DraftItem) -> str:
    return "\n\n".join(s.text for s in draft.sections if s.kind is SectionKind.BESLUTNING)


def item_text(draft: DraftItem) -> str:
    return "\n".join([draft.title, *(f"{s.heading}\n{s.text}" for s in draft.sections), *draft.attachments])


def blank_pdf() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- the Aarhus minutes -----------------------------------------------------------------------------------------


def test_meeting_header(meeting: DraftMeeting) -> None:
    assert (meeting.municipality, meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Aarhus", "Aarhus Byråd", date(2025, 8, 27), time(16, 0), "Byrådssalen")


def test_items_are_numbered_1_to_21(meeting: DraftMeeting) -> None:
    assert [i.number for i in meeting.items] == [str(n) for n in range(1, 22)]


def test_wrapped_title_is_joined(meeting: DraftMeeting) -> None:
    assert item(meeting, "2").title == (
        "Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø")


def test_title_wrapped_after_hyphen_is_joined_tight(meeting: DraftMeeting) -> None:
    assert item(meeting, "7").title == "Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning"


def test_case_numbers(meeting: DraftMeeting) -> None:
    assert item(meeting, "1").case_number == "EMN-2023-009832"
    assert item(meeting, "2").case_number == "EMN-2025-003383"
    assert all(i.case_number and i.case_number.startswith("EMN-20") for i in meeting.items)


def test_first_decision(meeting: DraftMeeting) -> None:
    assert decision_text(item(meeting, "1")) == "Godkendt."


def test_every_open_item_has_a_decision(meeting: DraftMeeting) -> None:
    assert [i.number for i in meeting.items if not i.has_decision] == ["21"]


def test_decision_ends_where_the_unheaded_proposal_begins(meeting: DraftMeeting) -> None:
    assert decision_text(item(meeting, "2")) == (
        "Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde den 27. august 2025.")
    proposal = item(meeting, "2").sections[1]
    assert (proposal.heading, proposal.kind) == ("", SectionKind.OTHER)
    assert proposal.text.startswith("BESLUTNINGSFORSLAG FRA DD\nBaggrund:\n")


def test_multi_line_decision(meeting: DraftMeeting) -> None:
    assert decision_text(item(meeting, "5")) == (
        "Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet i sit møde den 27. august 2025 har vedtaget\n"
        "Magistratens foranstående indstilling af 19. august 2025.")


def test_sections_in_printed_order(meeting: DraftMeeting) -> None:
    assert [(s.heading, s.kind) for s in item(meeting, "5").sections] == [
        ("Beslutninger", SectionKind.BESLUTNING),
        ("Resume", SectionKind.RESUME),
        ("Beslutningspunkter", SectionKind.INDSTILLING),
        ("Sagsforløb", SectionKind.OTHER),
    ]


def test_body_line_starting_like_a_heading_stays_body(meeting: DraftMeeting) -> None:
    # "Baggrund:" is regular body type inside the proposal, not a field heading.
    assert not any(s.heading.startswith("Baggrund") for s in item(meeting, "2").sections)


def test_attachments_one_per_entry(meeting: DraftMeeting) -> None:
    assert item(meeting, "5").attachments == (
        "Indstilling",
        "Bilag 1: Revisionsberetning nr. 3 fra den 13. juni 2025 vedrørende årsregnskabet 2024",
        "Bilag 2: MBSs bemærkninger til afsluttende revisionsberetning for 2024",
        "Bilag 3: Revisionspåtegning af årsregnskabet 2024",
    )


def test_attachment_name_wrapped_over_two_lines_is_one_entry(meeting: DraftMeeting) -> None:
    assert item(meeting, "10").attachments[1] == (
        "Bilag 1: Forslag til lokalplan nr. 1221, tillæg 2 til lokalplan nr. 411, Erhvervsområde ved Kattrup i "
        "Hasselager-Kolt med tillæg 1")


def test_body_continues_across_page_break(meeting: DraftMeeting) -> None:
    history = next(s for s in item(meeting, "2").sections if s.heading == "Sagsforløb")
    assert history.text.startswith("Udvalg: Aarhus Byråd\nDato: 26-03-2025\nPunktnummer: 21\n")
    assert item(meeting, "2").attachments[-1] == "Meningstilkendegivelse Havnens Perle (påført 27.08.2025)"


def test_closed_item(meeting: DraftMeeting) -> None:
    closed = item(meeting, "21")
    assert (closed.title, closed.closed) == ("Lukket: Køb af landbrugsejendom", True)
    assert [i.number for i in meeting.items if i.closed] == ["21"]


@pytest.mark.parametrize("noise", ["Indholdsfortegnelse", "....", "REFERAT Aarhus Byråd", "Mødested", "Mødedato"])
def test_no_cover_toc_or_page_furniture_in_items(meeting: DraftMeeting, noise: str) -> None:
    assert [i.number for i in meeting.items if noise in item_text(i)] == []


# --- unreadable PDFs --------------------------------------------------------------------------------------------


def test_encrypted_pdf_is_refused() -> None:
    writer = blank_pdf()
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    with pytest.raises(IngestError, match=r"^encrypted PDF: cannot read without a password$"):
        parse_pdf(pdf_bytes(writer))


def test_pdf_without_text_layer_is_refused() -> None:
    with pytest.raises(IngestError, match=r"^PDF has no text layer \(scanned\?\): run OCR first, e\.g\. ocrmypdf$"):
        parse_pdf(pdf_bytes(blank_pdf()))


def test_truncated_pdf_is_refused() -> None:
    data = pdf_bytes(blank_pdf())
    with pytest.raises(IngestError, match=r"^corrupt or truncated PDF: "):
        parse_pdf(data[: len(data) // 2])


# --- the layout over lines, without PDF -------------------------------------------------------------------------


def plain(*texts: str) -> list[Line]:
    return [Line(text) for text in texts]


def test_lines_without_style_hints_fall_back_to_heading_names() -> None:
    meeting = read_lines(plain(
        "DAGSORDEN Beskæftigelsesudvalget d. 20-10-2020",
        "Mødedato Tirsdag d. 20. oktober 2020 kl. 08:00",
        "Mødested A1.158",
        "Indholdsfortegnelse",
        "Udbud danskuddannelsen - efteråret 2020.....3",
        "Punkt 72: Udbud danskuddannelsen -",
        "efteråret 2020",
        "15.00.00-A00-13-20",
        "Resume",
        "Forslag til tidsplan.",
        "Beslutning",
        "Godkendt.",
    ))
    assert (meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Beskæftigelsesudvalget", date(2020, 10, 20), time(8, 0), "A1.158")
    [only] = meeting.items
    assert (only.number, only.title, only.case_number) == ("72", "Udbud danskuddannelsen - efteråret 2020",
                                                           "15.00.00-A00-13-20")
    assert [(s.kind, s.text) for s in only.sections] == [
        (SectionKind.RESUME, "Forslag til tidsplan."), (SectionKind.BESLUTNING, "Godkendt.")]


def test_lines_without_meeting_date_are_refused() -> None:
    with pytest.raises(IngestError, match=r"^no meeting date \(e\.g\. 'Mødedato: 7\. marts 2018'"):
        read_lines(plain("Punkt 1: Godkendelse af dagsorden", "Beslutning", "Godkendt."))


def test_running_footer_with_page_number_is_dropped() -> None:
    bodies = ["Godkendt.", "Sagsforløb", "Udvalg: Magistraten", "Dato: 19-08-2025"]
    pages = [[Line(body, page=n), Line(f"Aarhus Byråd 27-08-2025 · Side {n} af 4", page=n)]
             for n, body in enumerate(bodies, start=1)]
    assert [line.text for line in strip_page_furniture(pages)] == bodies


def test_case_numbers_repeated_at_page_tops_are_kept() -> None:
    pages = [[Line(f"Punkt {n}: Titel", page=n), Line(f"EMN-2025-00{n}11{n}", page=n)] for n in range(1, 5)]
    assert len(strip_page_furniture(pages)) == 8


def test_aarhus_lines_read_as_plain_text_keep_items_and_attachments(meeting: DraftMeeting) -> None:
    # The Markdown/plain-text route: same lines, no typography. Items and attachment lists must survive.
    plain_meeting = read_lines(without_style(read_pdf_lines(AARHUS_PDF.read_bytes())))
    assert [i.number for i in plain_meeting.items] == [i.number for i in meeting.items]
    assert item(plain_meeting, "2").attachments == item(meeting, "2").attachments
