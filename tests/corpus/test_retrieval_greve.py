"""The lexical side alone on the whole Greve corpus: exact case numbers, people and titles in the top 5."""

from __future__ import annotations

from datetime import date

import pytest

from index import Engine, Filters, Mode

pytestmark = pytest.mark.slow


def _top5(engine: Engine, query: str) -> list[tuple[str, str, str]]:
    hits = engine.search(query, k=5, mode=Mode.LEXICAL)
    return [(h.item.meeting.date.isoformat(), h.item.number, h.item.title) for h in hits]


@pytest.mark.parametrize(("query", "expected"), [
    ("23-007629", ("2023-09-14", "5", "Jordflytning- og erhvervsaffaldsgebyr 2024")),
    ("Hvad handler sag 22-016138 om?", ("2023-02-09", "15", "Byggesagsgebyrer - Mulighed for fast beløb")),
    ("Jane Petersen", ("2022-01-31", "2", "Temamøde - Introduktion af kommunal økonomi")),
    ("Madelene Eriksen", ("2022-03-14", "2", "Introduktion til ældreområdet 2022")),
    ("Jordflytning- og erhvervsaffaldsgebyr 2024", ("2023-09-14", "5", "Jordflytning- og erhvervsaffaldsgebyr 2024")),
    ("Godkendelse af medlemmer til Bevillingsnævnet", ("2022-04-04", "11",
                                                      "Godkendelse af medlemmer til Bevillingsnævnet 2022-2025")),
])
def test_lexical_finds_exact_lookups(greve_engine: Engine, query: str, expected: tuple[str, str, str]) -> None:
    assert expected in _top5(greve_engine, query)


def test_case_history_in_date_order(greve_engine: Engine) -> None:
    history = greve_engine.case_history("22-011409")
    days = [i.meeting.date for i in history]
    assert days == sorted(days)
    assert len(history) == 32
    assert (days[0], days[-1]) == (date(2022, 9, 12), date(2023, 11, 16))
    assert (history[-1].meeting.committee, history[-1].number) == ("Byråd 2022-2025", "2")
    assert {i.case_number for i in history} == {"22-011409"}
    committees = {i.meeting.committee for i in history}
    assert {"Økonomiudvalget", "Byråd 2022-2025", "Kultur- og Fritidsudvalget"} <= committees


def test_question_scope_ranks_the_named_committee_and_month_first(greve_engine: Engine) -> None:
    hits = greve_engine.search(
        "Hvad besluttede Kultur- og Fritidsudvalget i marts 2023 om energitiltag i svømmehallen?", k=5,
        today=date(2026, 1, 1))
    top = hits[0].item
    assert (top.meeting.committee, top.meeting.date, top.case_number) == (
        "Kultur- og Fritidsudvalget", date(2023, 3, 6), "22-011409")


def test_the_readme_committee_example_finds_greve_items(greve_engine: Engine) -> None:
    """`python -m index search "renovering af svømmehallen" --committee "Kultur" --from 2023-01-01 --decided -k 5`:
    part of the committee's name is enough."""
    hits = greve_engine.search("renovering af svømmehallen", Filters(committee="Kultur", date_from=date(2023, 1, 1),
                                                                     with_decision=True), k=5)
    assert len(hits) == 5
    assert {h.item.meeting.committee for h in hits} == {"Kultur- og Fritidsudvalget"}
    assert all(h.item.meeting.municipality == "Greve" and h.item.decision for h in hits)
