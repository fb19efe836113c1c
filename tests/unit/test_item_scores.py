"""Item-level scores for several filter sets come from one scoring of the items: each is what scoring for that
filter set alone gives."""

from __future__ import annotations

from datetime import date

import numpy as np

from index.model import Filters
from index.search.items import FieldWeights, ItemIndex, term_weights
from index.storage.catalog import ChunkRow
from index.storage.lexical import LexicalIndex
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

TEXTS = ["Budget for skoler og daginstitutioner i 2025.", "Renovering af tag på Tune Skole.",
         "Anlæg af veje og stier, budget 2024.", "Affaldsindsamling hver 14. dag."]
MEETINGS = [Meeting(f"m{n}", "Greve", committee, day, None, None, MeetingKind.REFERAT, f"m{n}.json")
            for n, (committee, day) in enumerate([("Byråd 2022-2025", date(2024, 5, 1)),
                                                  ("Økonomiudvalget", date(2023, 2, 1))])]
ITEMS = [AgendaItem(f"i{n}", MEETINGS[n % 2], str(n), text.split(".")[0], None,
                    (Section(SectionKind.SAGSFREMSTILLING, "Sagsfremstilling", text),)) for n, text in enumerate(TEXTS)]
ROWS = [ChunkRow(f"c{n}", item.id, item.meeting.id, item.text, "body", item.meeting.committee, item.meeting.date,
                 MeetingKind.REFERAT, None, False) for n, item in enumerate(ITEMS)]
INDEX = ItemIndex.build(ITEMS, LexicalIndex.build(ROWS, 1))


def test_each_filter_set_zeroes_the_unfiltered_scores_of_the_items_outside_it() -> None:
    weighted = term_weights(INDEX.lexical.terms("budget skoler veje"))
    fields = FieldWeights(title=0.3, resume=0.3)
    unfiltered, council, before_2024 = INDEX.item_scores_within(
        weighted, [Filters(), Filters(committee="Byråd"), Filters(date_to=date(2023, 12, 31))], fields)
    assert np.array_equal(unfiltered, INDEX.item_scores(weighted, Filters(), fields))
    assert np.array_equal(council, unfiltered * np.array([i.meeting.committee.startswith("Byråd") for i in ITEMS]))
    assert np.array_equal(before_2024, unfiltered * np.array([i.meeting.date.year < 2024 for i in ITEMS]))
    assert [bool(s) for s in council] == [True, False, True, False]
