"""The treatments of one case sharing its places in a ranking (index/search/treatments.py)."""

from __future__ import annotations

from datetime import date

import pytest

from index.search.treatments import TreatmentOrder, is_council, order_treatments
from index.storage.lexical import ItemFacts

FACTS = {
    "committee": ItemFacts("Klima-, Teknik- og Miljøudvalget", date(2024, 11, 21), "24-011148"),
    "finance": ItemFacts("Økonomiudvalget", date(2024, 11, 27), "24-011148"),
    "council": ItemFacts("Byråd 2022-2025", date(2024, 12, 11), "24-011148"),
    "next_year": ItemFacts("Byråd 2022-2025", date(2025, 9, 8), "24-011148"),
    "other": ItemFacts("Økonomiudvalget", date(2024, 11, 27), "24-009260"),
    "no_case": ItemFacts("Økonomiudvalget", date(2024, 11, 27), None),
}
DECIDED = dict.fromkeys(FACTS, True)


@pytest.mark.parametrize(("committee", "council"), [
    ("Byråd 2022-2025", True), ("Aarhus Byråd", True), ("Kommunalbestyrelsen", True), ("Regionsrådet", True),
    (".Spørgsmål / Svar til Byrådet 2022-2025", False), ("Økonomiudvalget", False),
    ("Børne- og Ungebyrådet", False),
])
def test_councils_by_name(committee: str, council: bool) -> None:
    assert is_council(committee) is council


def test_the_council_that_concluded_the_round_takes_the_case_s_first_place() -> None:
    ranked = ["finance", "no_case", "committee", "other", "council"]
    assert order_treatments(ranked, FACTS, DECIDED, TreatmentOrder.FINAL) == [
        "council", "no_case", "finance", "other", "committee"]


def test_a_council_treatment_of_a_later_round_stays_where_it_ranked() -> None:
    ranked = ["committee", "next_year", "finance"]
    assert order_treatments(ranked, FACTS, DECIDED, TreatmentOrder.FINAL) == ranked


def test_an_undecided_council_agenda_does_not_lead() -> None:
    ranked = ["committee", "council"]
    assert order_treatments(ranked, FACTS, {**DECIDED, "council": False}, TreatmentOrder.FINAL) == ranked


def test_latest_takes_the_last_decided_treatment_of_the_round() -> None:
    ranked = ["committee", "finance", "next_year"]
    assert order_treatments(ranked, FACTS, DECIDED, TreatmentOrder.LATEST) == ["finance", "committee", "next_year"]
    assert order_treatments(ranked, FACTS, DECIDED, TreatmentOrder.AS_RANKED) == ranked
