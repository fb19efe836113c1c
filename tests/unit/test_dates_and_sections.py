from __future__ import annotations

from datetime import date, time

import pytest

from ingest.dates import find_date, find_time
from ingest.model import SectionKind
from ingest.sections import classify_heading, find_municipality, make_section


@pytest.mark.parametrize(("text", "expected"), [
    ("23. juni 2021", date(2021, 6, 23)),
    ("Tirsdag d. 20. oktober 2020 kl. 08:00", date(2020, 10, 20)),
    ("20-10-2020", date(2020, 10, 20)),
    ("2025-09-08T17:15:00+02:00", date(2025, 9, 8)),
    ("den 3. feb. 2024", date(2024, 2, 3)),
    ("ingen dato her", None),
])
def test_find_date(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Tirsdag d. 20. oktober 2020 kl. 08:00", time(8, 0)),
    ("8. oktober 2025 kl. 16.00", time(16, 0)),
    ("2025-09-08T17:30:00+02:00", time(17, 30)),
    ("23. juni 2021", None),
])
def test_find_time(text: str, expected: time | None) -> None:
    assert find_time(text) == expected


@pytest.mark.parametrize(("heading", "kind"), [
    ("Beslutning", SectionKind.BESLUTNING),
    ("Beslutninger", SectionKind.BESLUTNING),
    ("**Beslutning i Økonomiudvalget den 12. maj 2023**", SectionKind.BESLUTNING),
    ("Sagsresume", SectionKind.RESUME),
    ("Sagsbeskrivelse", SectionKind.SAGSFREMSTILLING),
    ("Direktøren for Social, Sundhed og Beskæftigelse indstiller", SectionKind.INDSTILLING),
    ("Beslutningspunkter", SectionKind.INDSTILLING),
    ("Økonomiske  konsekvenser", SectionKind.OEKONOMI),
    ("Bilag", SectionKind.BILAG),
    ("Sagsforløb:", SectionKind.OTHER),
    ("Udbudsmaterialet", None),
])
def test_classify_heading(heading: str, kind: SectionKind | None) -> None:
    assert classify_heading(heading) is kind


def test_decision_heading_keeps_its_committee_and_date() -> None:
    section = make_section("Beslutning i Økonomiudvalget den 12. maj 2023", "Anbefales.")
    assert (section.committee, section.date, section.text) == ("Økonomiudvalget", date(2023, 5, 12), "Anbefales.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Aarhus Byråd", "Aarhus"), ("Byrådet i Herning", "Herning"), ("Greve Kommune", "Greve"),
    ("Økonomiudvalget", None),
])
def test_find_municipality(text: str, expected: str | None) -> None:
    assert find_municipality(text) == expected
