"""The chunk table's filter masks: committees, kinds, case keys and municipalities are matched by code, and a mask
is made once per filters."""

from __future__ import annotations

from datetime import date

import numpy as np

from index.model import Filters
from index.storage.catalog import ChunkRow
from index.storage.lexical import ChunkTable, Codes
from ingest.model import MeetingKind


def _row(n: int, committee: str, day: date, kind: MeetingKind, case: str | None, municipality: str) -> ChunkRow:
    return ChunkRow(f"c{n}", f"i{n}", f"m{n}", f"tekst {n}", "body", committee, day, kind, case, n % 2 == 0,
                    municipality)


ROWS = [
    _row(0, "Byråd 2022-2025", date(2024, 5, 1), MeetingKind.REFERAT, "24-001", "Greve"),
    _row(1, "Kultur- og Fritidsudvalget 2022-2025", date(2023, 2, 1), MeetingKind.DAGSORDEN, "23-002", "Greve Kommune"),
    _row(2, "Byråd 2022-2025", date(2023, 9, 4), MeetingKind.DAGSORDEN, None, "Herning"),
    _row(3, "Kultur- og Fritidsudvalget 2022-2025", date(2024, 11, 21), MeetingKind.REFERAT, "24-001", "Herning"),
]
TABLE = ChunkTable.from_rows(ROWS)


def _selected(filters: Filters) -> list[bool]:
    mask = TABLE.mask(filters)
    assert mask is not None
    return [bool(m) for m in mask]


def test_codes_give_back_every_rows_value() -> None:
    values = ["b", "a", "b", "c", "a"]
    codes = Codes.of(values)
    assert [codes.names[c] for c in codes.codes] == values


def test_codes_pick_the_rows_holding_a_wanted_name() -> None:
    assert Codes.of(["b", "a", "b", "c"]).rows_in({"b", "c", "x"}).tolist() == [True, False, True, True]


def test_a_committee_part_selects_that_committees_chunks() -> None:
    assert _selected(Filters(committee="kultur")) == [False, True, False, True]


def test_kind_case_and_municipality_filters_select_by_row() -> None:
    filters = Filters(kind=MeetingKind.REFERAT, case_number="24-001 ", municipality="herning kommune")
    assert _selected(filters) == [False, False, False, True]


def test_a_period_selects_by_date() -> None:
    assert _selected(Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))) == [True, False, False, True]


def test_no_filters_give_no_mask() -> None:
    assert TABLE.mask(Filters()) is None


def test_a_mask_is_made_once_and_cannot_be_changed() -> None:
    filters = Filters(committee="byråd")
    first = TABLE.mask(filters)
    assert isinstance(first, np.ndarray)
    assert TABLE.mask(filters) is first
    assert not first.flags.writeable
