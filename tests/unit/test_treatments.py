"""The treatments of one case sharing its places in a ranking (index/search/treatments.py)."""

from __future__ import annotations

from datetime import date

import pytest

from index.search.treatments import TreatmentOrder, is_council, order_treatments, same_subject, title_words
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


def test_only_items_about_the_same_subject_are_treatments_of_one_case() -> None:
    """Greve files a committee's whole meeting under one case number at times (23-001975)."""
    facts = {"prize": ItemFacts("Sundheds- og Omsorgsudvalget", date(2023, 4, 24), "23-001975"),
             "policy": ItemFacts("Byråd 2022-2025", date(2023, 5, 15), "23-001975")}
    titles = {"prize": "Planlægning af dialogmøde mellem SOU og frivillige foreninger",
              "policy": "Sundheds- og Psykiatripolitik 2023-2026, endelig godkendelse"}
    decided = dict.fromkeys(facts, True)
    assert order_treatments(["prize", "policy"], facts, decided, TreatmentOrder.FINAL) == ["policy", "prize"]
    assert order_treatments(["prize", "policy"], facts, decided, TreatmentOrder.FINAL, titles=titles) == [
        "prize", "policy"]
    assert same_subject("Energibesparelsesprojekter, frigivelse af LED-pulje, 2024",
                        "Energibesparelsesprojekter, LED-pulje 2025, anlægsbevilling")


def test_a_topic_year_picks_the_round_of_a_case_that_comes_back_every_year() -> None:
    facts = {"led_2024": ItemFacts("Byråd 2022-2025", date(2024, 4, 17), "21-002860"),
             "led_2025_committee": ItemFacts("Klima-, Teknik- og Miljøudvalget", date(2025, 3, 27), "21-002860"),
             "led_2025_council": ItemFacts("Byråd 2022-2025", date(2025, 4, 23), "21-002860")}
    decided = dict.fromkeys(facts, True)
    ranked = ["led_2024", "led_2025_committee", "led_2025_council"]
    assert order_treatments(ranked, facts, decided, TreatmentOrder.FINAL) == ranked
    assert order_treatments(ranked, facts, decided, TreatmentOrder.FINAL, on_topic=lambda i: "2025" in i) == [
        "led_2025_council", "led_2025_committee", "led_2024"]


def test_a_titles_words_are_its_case_folded_words_of_three_letters_or_more() -> None:
    assert title_words("Energibesparelsesprojekter, LED-pulje 2025, af") == frozenset(
        {"energibesparelsesprojekter", "led", "pulje"})


@pytest.mark.parametrize("places", [0, 1, 2, 3, 5, 8])
def test_the_first_places_come_out_as_of_the_whole_ranking(places: int) -> None:
    ranked = ["finance", "no_case", "committee", "other", "council", "next_year"]
    for order in TreatmentOrder:
        whole = order_treatments(ranked, FACTS, DECIDED, order)
        assert order_treatments(ranked, FACTS, DECIDED, order, places=places) == whole[:places]
