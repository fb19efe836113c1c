"""SBSYS eDagsorden publication XML: Ballerup KMB IT-udvalget 15 May 2013 and Region Hovedstaden's
Forretningsudvalget 25 September 2012."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from ingest.formats.sbsys import looks_like_sbsys, parse_sbsys
from ingest.model import MeetingKind, Publication, SectionKind
from ingest.reader import find_sources, read_publication, read_sources
from referat.errors import IngestError
from tests.conftest import corpus_folder

BALLERUP = "ballerup-kmb-it-udvalget-2013-05-15-dagsorden.xml"
REGION = "region-hovedstaden-forretningsudvalget-2012-09-25-dagsorden.xml"


@pytest.fixture(scope="module")
def ballerup() -> Publication:
    return read_publication(corpus_folder("sbsys") / BALLERUP)


@pytest.fixture(scope="module")
def region() -> Publication:
    return read_publication(corpus_folder("sbsys") / REGION)


def test_ballerup_meeting(ballerup: Publication) -> None:
    meeting = ballerup.meeting
    assert (meeting.committee, meeting.date, meeting.time, meeting.place, meeting.kind) == (
        "KMB IT-udvalget", date(2013, 5, 15), time(16, 30), "Mødecenter A, Lokale 3 på Ballerup Rådhus",
        MeetingKind.DAGSORDEN)


def test_ballerup_items(ballerup: Publication) -> None:
    assert [(i.number, i.title) for i in ballerup.items] == [
        ("1", "Meddelelser"),
        ("2", "Oplæg til standard it-arbejdsplads for Kommunalbestyrelsens medlemmer i 2014-2018"),
        ("3", "Indførelse af systemet SAPA (Sagsoverblik/Partskontakt)"),
        ("4", "Regler for indkøb af it-udstyr"),
        ("5", "Status på eDagsorden"),
    ]


def test_ballerup_field_captions_are_sections(ballerup: Publication) -> None:
    assert [(s.heading, s.kind) for s in ballerup.items[1].sections] == [
        ("Tidligere behandling", SectionKind.OTHER),
        ("Sammendrag", SectionKind.RESUME),
        ("Baggrund", SectionKind.SAGSFREMSTILLING),
        ("Sagsfremstilling", SectionKind.SAGSFREMSTILLING),
        ("Økonomiske konsekvenser og finansiering", SectionKind.OEKONOMI),
        ("Beslutningen træffes af", SectionKind.OTHER),
        ("Indstilling", SectionKind.INDSTILLING),
    ]


def test_ballerup_html_entities_are_decoded(ballerup: Publication) -> None:
    assert ballerup.items[3].recommendation == (
        "Center for It og Digitalisering indstiller, at\n\nRegler for indkøb af it-udstyr tages til efterretning.")


def test_empty_decision_fields_are_no_decision(ballerup: Publication) -> None:
    assert [i.decision for i in ballerup.items] == [None] * 5
    assert ballerup.items[0].sections == ()


def test_enclosures_are_attachments(ballerup: Publication) -> None:
    assert [i.attachments for i in ballerup.items] == [
        (), (), ("Brev fra KL til Kommunalbestyrelsen vedr Monopolbrud",), (), ()]


def test_region_meeting(region: Publication) -> None:
    meeting = region.meeting
    assert (meeting.committee, meeting.date, meeting.time, meeting.place, meeting.kind) == (
        "Forretningsudvalget", date(2012, 9, 25), time(15, 30), "H2", MeetingKind.REFERAT)


def test_region_items(region: Publication) -> None:
    assert [(i.number, i.title) for i in region.items] == [
        ("1", "2. behandling af forslag til styrelsesvedtægt – nedsættelse af stående udvalg"),
        ("2", "Anvendelse af beløb til hospitalsudstyr og patientnære arealer"),
        ("3", "Særpublikation og konference om infrastruktur og vækst"),
        ("4", "Anmodning fra Hans Toft (C) om offentliggørelse af beslutning truffet af Movias bestyrelse"),
    ]


def test_region_capital_captions_are_classified(region: Publication) -> None:
    assert [(s.heading, s.kind) for s in region.items[1].sections] == [
        ("ADMINISTRATIONENS INDSTILLING", SectionKind.INDSTILLING),
        ("RESUME", SectionKind.RESUME),
        ("SAGSFREMSTILLING", SectionKind.SAGSFREMSTILLING),
        ("KOMMUNIKATION", SectionKind.OTHER),
        ("ØKONOMISKE KONSEKVENSER", SectionKind.OEKONOMI),
        ("SAGEN AFGØRES AF", SectionKind.OTHER),
    ]


def test_region_decision_with_its_committee_and_date(region: Publication) -> None:
    [decision] = region.items[0].decisions
    assert (decision.heading, decision.committee, decision.date) == (
        "FORRETNINGSUDVALGETS BESLUTNING", "Forretningsudvalget", date(2012, 9, 18))
    assert decision.text == (
        "18. september 2012: Sagen udsat til behandling på ekstraordinært forretningsudvalgsmøde den 25. september, "
        "såfremt godkendelse fra Økonomi- og Indenrigsministeriet foreligger forinden.\n\n"
        "Julie Herdal Molbech (F) deltog ikke i sagens behandling.")


def test_tomt_indhold_is_no_decision(region: Publication) -> None:
    assert [i.number for i in region.items if i.decision] == ["1"]


def test_twice_escaped_html_is_read() -> None:
    text = (CORPUS_XML.replace("{content}", "&lt;p&gt;Godkendt &amp;amp; anbefalet.&lt;/p&gt;"))
    [item] = parse_sbsys(text).items
    assert item.sections[0].text == "Godkendt & anbefalet."


def test_xml_folder_files_are_found_and_read() -> None:
    results = list(read_sources(find_sources([corpus_folder("sbsys")])))
    assert [(r.path.name, r.error, len(r.publication.items) if r.publication else 0) for r in results] == [
        (BALLERUP, None, 5), (REGION, None, 4)]


def test_sniffing() -> None:
    assert looks_like_sbsys(CORPUS_XML)
    assert not looks_like_sbsys("<?xml version='1.0'?><rss><channel/></rss>")


def test_publication_without_agenda_is_refused() -> None:
    with pytest.raises(IngestError, match=r"^SBSYS XML has no Agendas/Agenda$"):
        parse_sbsys("<Publication><Agendas></Agendas><ItemField/></Publication>")


CORPUS_XML = """<?xml version="1.0" encoding="utf-8"?>
<Publication><Agendas><Agenda><Meeting><When>01-02-2024 09:00:00</When><Where>Rådhuset</Where></Meeting>
<Committee><Name>ØKONOMIUDVALGET</Name></Committee><Items><Item><Caption>Budget</Caption><Number>1</Number>
<IsPublic>True</IsPublic><Fields><ItemField><Caption>BESLUTNING</Caption><FieldTypeAsEnum>Html</FieldTypeAsEnum>
<IsFeedback>True</IsFeedback><Content>{content}</Content></ItemField></Fields></Item></Items></Agenda></Agendas>
</Publication>"""


def test_unknown_xml_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><rss><channel><title>Nyheder</title></channel></rss>", encoding="utf-8")
    [result] = read_sources(find_sources([tmp_path]))
    assert result.error == "XML that is not an SBSYS eDagsorden publication or an HTML page"
