"""The general reader on layouts no adapter knows: plain text and HTML as other publishing systems write them."""

from __future__ import annotations

from datetime import date, time

from ingest.model import SectionKind
from ingest.reader import parse_bytes

ACADRE_LIKE = """Greve Kommune
Referat fra Økonomiudvalgets møde onsdag den 7. marts 2018, kl. 16:00
Sted: Rådhuset, mødelokale 2

Til stede: Anna Hansen (A), Bo Berg (V)
Afbud: Carl Dahl (F)

Indholdsfortegnelse
Sag nr. 1 Godkendelse af dagsorden ........ 2
Sag nr. 2 Salg af grund ved Havnen ........ 3

Sag nr. 1 Godkendelse af dagsorden
Sagsnr.: 17/4402   Dok.nr.: 55123/18
Beslutning
Godkendt.

Sag nr. 2 Salg af grund ved
Havnen
Sagsnr.: 2017-11873
Dok.nr.: 12/2018
SAGSFREMSTILLING
Kommunen har modtaget et bud på grunden.
1. Buddet er på 2 mio. kr.
2. Køberen overtager den 1. maj 2018.
INDSTILLING
Administrationen indstiller, at grunden sælges.
Beslutning i Økonomiudvalget den 7. marts 2018
Anbefales.
Beslutning i Byrådet den 20. marts 2018
Godkendt.
"""


def test_plain_text_layout_reads_header_items_and_decisions() -> None:
    meeting = parse_bytes(ACADRE_LIKE.encode("utf-8"))
    assert (meeting.municipality, meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Greve", "Økonomiudvalget", date(2018, 3, 7), time(16, 0), "Rådhuset, mødelokale 2")
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", "17/4402"), ("2", "Salg af grund ved Havnen", "2017-11873")]


def test_attendance_is_kept_apart() -> None:
    meeting = parse_bytes(ACADRE_LIKE.encode("utf-8"))
    assert meeting.attendance == ("Til stede: Anna Hansen (A), Bo Berg (V)", "Afbud: Carl Dahl (F)")


def test_numbered_list_inside_an_item_is_not_an_item() -> None:
    sale = parse_bytes(ACADRE_LIKE.encode("utf-8")).items[1]
    assert [s.kind for s in sale.sections] == [SectionKind.SAGSFREMSTILLING, SectionKind.INDSTILLING,
                                               SectionKind.BESLUTNING, SectionKind.BESLUTNING]
    assert "1. Buddet er på 2 mio. kr." in sale.sections[0].text


def test_two_dated_decisions_keep_their_bodies_and_dates() -> None:
    sale = parse_bytes(ACADRE_LIKE.encode("utf-8")).items[1]
    assert [(s.committee, s.date, s.text) for s in sale.sections if s.kind is SectionKind.BESLUTNING] == [
        ("Økonomiudvalget", date(2018, 3, 7), "Anbefales."), ("Byrådet", date(2018, 3, 20), "Godkendt.")]


def test_running_footer_inside_a_sentence_is_removed() -> None:
    pages = [
        ("Beslutningsprotokol\nSocialudvalget\nDato: 07.03.2018\n1. Budget\nBeslutning\n"
         "Udvalget godkendte budgettet med\nSocialudvalget 07.03.2018 - side 1"),
        ("Socialudvalget 07.03.2018 - side 2\nde ændringer, som blev foreslået.\n2. Eventuelt\nBeslutning\nIntet.\n"
        "Socialudvalget 07.03.2018 - side 2"),
        ("Socialudvalget 07.03.2018 - side 3\n3. Underskrifter\nBeslutning\nUnderskrevet.\n"
        "Socialudvalget 07.03.2018 - side 3"),
    ]
    meeting = parse_bytes("\f".join(pages).encode("utf-8"))
    assert [" ".join(i.sections[0].text.split()) for i in meeting.items] == [
        "Udvalget godkendte budgettet med de ændringer, som blev foreslået.", "Intet.", "Underskrevet."]


def test_generic_html_page() -> None:
    html = """<html><body><nav>Forside | Dagsordener</nav>
    <h1>Dagsorden til Kultur- og Fritidsudvalget</h1><p>Dato: 12-05-2023 kl. 17.00</p><p>Sted: Byrådssalen</p>
    <h2>Punkt 3: Tilskud til foreninger</h2><p>Sagsnr.: 22-011409</p>
    <p><strong>Resumé</strong></p><p>Der søges om tilskud.</p>
    <p><strong>Beslutning:</strong> Bevilget.</p>
    <h2>Punkt 4: Eventuelt</h2><h3>Beslutning</h3><p>Intet.</p></body></html>"""
    meeting = parse_bytes(html.encode("utf-8"))
    assert (meeting.committee, meeting.date, meeting.time, meeting.place) == (
        "Kultur- og Fritidsudvalget", date(2023, 5, 12), time(17, 0), "Byrådssalen")
    assert [(i.number, i.title, i.case_number, [(s.kind, s.text) for s in i.sections]) for i in meeting.items] == [
        ("3", "Tilskud til foreninger", "22-011409",
         [(SectionKind.RESUME, "Der søges om tilskud."), (SectionKind.BESLUTNING, "Bevilget.")]),
        ("4", "Eventuelt", None, [(SectionKind.BESLUTNING, "Intet.")]),
    ]
