"""Layout fuzzing: real Greve items printed as PDF and Word in twelve seeded layouts (tests/layout_fuzz.py) must
read back with every item's number, title, case number and decision word for word."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.formats.firstagenda_json import parse_firstagenda_json
from ingest.model import DraftMeeting, SectionKind
from ingest.reader import parse_bytes
from tests.conftest import corpus_folder
from tests.layout_fuzz import (
    VARIANTS,
    Variant,
    choose_items,
    expected_decision,
    layout_blocks,
    pdf_safe,
    render_docx,
    render_pdf,
)

MEETINGS = (
    "klima-teknik-og-miljoeudvalget_2023-09-14_eecda3a4.json",
    "oekonomiudvalget_2024-06-12_ccaaefcb.json",
    "social-og-handicapudvalget_2024-04-22_8104a4a0.json",
    "beskaeftigelses-og-erhvervsudvalget_2022-01-10_02e86ff6.json",
)
Renderer = Callable[[Variant, list, DraftMeeting], bytes]
MEDIA: dict[str, tuple[Renderer, Callable[[str], str]]] = {
    "pdf": (render_pdf, pdf_safe),
    "docx": (render_docx, lambda text: text),
}


def _source(seed: int) -> DraftMeeting:
    path = corpus_folder("greve") / MEETINGS[seed % len(MEETINGS)]
    return parse_firstagenda_json(path.read_text(encoding="utf-8"))


def _words(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


@pytest.mark.parametrize("medium", sorted(MEDIA))
@pytest.mark.parametrize("seed", range(len(VARIANTS)), ids=[v.name for v in VARIANTS])
def test_layout_variant_reads_back(seed: int, medium: str) -> None:
    variant = VARIANTS[seed]
    source = _source(seed)
    items = choose_items(source, seed)
    render, printable = MEDIA[medium]
    data = render(variant, layout_blocks(variant, source, items, seed), source)
    read = parse_bytes(data)
    expected = [(str(n + variant.number_offset), _words(printable(i.title)), i.case_number,
                 _words(printable(expected_decision(variant, i) or "")) or None)
                for n, i in enumerate(items, start=1)]
    got = [(i.number, i.title, i.case_number,
            _words(" ".join(s.text for s in i.sections if s.kind is SectionKind.BESLUTNING)) or None)
           for i in read.items]
    assert got == expected
    assert (read.date, _words(read.committee)) == (source.date, _words(printable(source.committee)))


@pytest.mark.parametrize("medium", sorted(MEDIA))
def test_case_history_keeps_each_decision_apart(medium: str) -> None:
    seed = next(n for n, v in enumerate(VARIANTS) if v.name == "case-history")
    variant, source = VARIANTS[seed], _source(seed)
    items = choose_items(source, seed)
    render, _ = MEDIA[medium]
    read = parse_bytes(render(variant, layout_blocks(variant, source, items, seed), source))
    decided = next(i for i in read.items if i.has_decision)
    assert [(s.committee, s.date) for s in decided.sections if s.kind is SectionKind.BESLUTNING] == [
        ("Økonomiudvalget", _earlier_day()), (source.committee, source.date)]


def test_attendance_is_meeting_data_not_an_item() -> None:
    seed = next(n for n, v in enumerate(VARIANTS) if v.name == "inline-decision")
    variant, source = VARIANTS[seed], _source(seed)
    read = parse_bytes(render_docx(variant, layout_blocks(variant, source, choose_items(source, seed), seed),
                                   source))
    assert read.attendance == ("Til stede: Pernille Beckmann (V), Jens Jensen (A), Anna Holm (F)",
                               "Afbud: Simon Østergaard (V)")


def _earlier_day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2023, 5, 2)
