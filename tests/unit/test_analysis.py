from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import Stemmer

from index.search import analysis
from index.search.analysis import Analyzer, Decompounder, analyse_text, fold, stem_words, words
from index.search.periods import Period, find_period
from index.search.question import committee_aliases, find_committee

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

COMMITTEES = ["Økonomiudvalget", "Klima-, Teknik- og Miljøudvalget", "Kultur- og Fritidsudvalget", "Byråd 2022-2025"]


def test_compound_meets_its_parts() -> None:
    analyzer = Analyzer(Decompounder(["affald", "indsamling"]))
    assert {"affald", "indsamling"} <= set(analyzer.terms("Affaldsindsamling"))
    assert set(analyzer.terms("indsamling af affald")) == {"affald", "indsamling"}


def test_case_numbers_stay_whole_terms() -> None:
    terms = Analyzer().terms("Sag 15.00.00-A00-8-21 og EMN-2025-003383")
    assert "15.00.00-a00-8-21" in terms and "emn-2025-003383" in terms


@pytest.mark.parametrize("text", [
    "Sag 15.00.00-A00-8-21 og EMN-2025-003383, jf. 25/26257.", "ab-cd./1", "_x.1_ og x_1-2", "12.3.4- slut",
    "-1-", "x/y/2 z.3", "1½-2", "٣-٤", "ab–12", "é1-ø", "budget 2025-2028 (bilag 3.a)", "kl. 17.00-19.30"])
def test_codes_are_what_the_code_pattern_finds_in_the_whole_text(text: str) -> None:
    # codes() reads only the runs around digits, for speed; it must find exactly what the pattern finds.
    assert analysis.codes(text) == [code.lower() for code in analysis._CODE.findall(text)]


def test_samples_codes_are_what_the_code_pattern_finds_in_the_whole_text() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SAMPLES.iterdir()) if path.is_file())
    found = analysis.codes(text)
    assert len(found) > 100 and found == [code.lower() for code in analysis._CODE.findall(text)]


def test_aa_and_aa_letter_fold_together() -> None:
    analyzer = Analyzer()
    assert analyzer.terms("Århus") == analyzer.terms("Aarhus") == ["aarhus"]
    assert fold("øæå") == "oeaeaa"


def test_ordinal_matches_number() -> None:
    analyzer = Analyzer()
    assert "2" in analyzer.terms("anden behandling") and "2" in analyzer.terms("2. behandling")


def test_danish_stop_words_are_dropped() -> None:
    assert Analyzer().terms("og i at det er") == []


def test_committee_initials_and_names() -> None:
    assert {"øu", "økonomiudvalget"} <= committee_aliases("Økonomiudvalget")
    assert "ktm" in committee_aliases("Klima-, Teknik- og Miljøudvalget")
    assert find_committee("Hvad har KTM besluttet om cykelstier?", COMMITTEES) == "Klima-, Teknik- og Miljøudvalget"
    assert find_committee("Hvad besluttede byrådet?", COMMITTEES) == "Byråd 2022-2025"
    assert find_committee("Hvad med en ny skole?", COMMITTEES) is None


def test_month_and_year_become_a_period() -> None:
    period, month = find_period("Hvad besluttede Kultur- og Fritidsudvalget i marts 2024?", date(2026, 1, 1))
    assert (period, month) == (Period(date(2024, 3, 1), date(2024, 3, 31)), None)


def test_last_year_is_relative_to_today() -> None:
    period, _ = find_period("Hvad skete der sidste år?", date(2026, 11, 25))
    assert period == Period(date(2025, 1, 1), date(2025, 12, 31))


def test_after_the_election_starts_at_the_latest_election() -> None:
    period, _ = find_period("Hvad er besluttet efter valget?", date(2024, 6, 1))
    assert period == Period(date(2021, 11, 16), date(2024, 6, 1))


def test_remembered_stems_are_snowball_stems_folded() -> None:
    tokens = words("Kommunerne godkendte affaldsplanerne, og kommunerne godkendte budgettet for skolerne")
    direct = [fold(stem) for stem in Stemmer.Stemmer("danish").stemWords(tokens)]
    assert stem_words(tokens) == direct and stem_words(tokens) == direct  # first from Snowball, then remembered
    assert direct[:3] == ["kommun", "godkend", "affaldsplan"]


def test_full_memos_start_afresh_and_analysis_stays_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Affaldsindsamling ved skolevejen og affaldsplanerne for kommunerne"
    expected = Analyzer(Decompounder(["affald", "indsamling", "skole", "plan"])).terms(text)
    full = {"a": "a", "b": "b", "c": "c"}
    monkeypatch.setattr(analysis, "_stems", full)
    monkeypatch.setattr(analysis, "MEMO_WORDS", 3)  # every new word now overflows both memos
    analyzer = Analyzer(Decompounder(["affald", "indsamling", "skole", "plan"]))
    assert analyzer.terms(text) == analyzer.terms(text) == expected
    # Replaced, not cleared: a thread reading the full memo meanwhile still finds what it put there.
    assert analysis._stems is not full and full == {"a": "a", "b": "b", "c": "c"}


def test_text_analysed_ahead_gets_the_terms_of_text_analysed_at_once() -> None:
    analyzer = Analyzer(Decompounder(["affald", "indsamling", "skole"]))
    text = "Sag 15.00.00-A00-8-21: affaldsindsamling ved skolevejen, anden behandling"
    assert analyzer.terms_of(analyse_text(text)) == analyzer.terms(text) == [
        "15.00.00-a00-8-21", "sag", "15", "00", "00", "a00", "8", "21", "affaldsindsamling", "skolevej", "2", "and",
        "behandling", "affald", "indsamling"]


def test_the_samples_get_the_same_terms_analysed_at_once_as_analysed_ahead() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.iterdir())]
    analyzer = Analyzer(Decompounder.from_texts(texts))
    assert [analyzer.terms(text) for text in texts] == [analyzer.terms_of(analyse_text(text)) for text in texts]
