"""The answer mechanisms of issue 12's fourth round on real minutes: what the question itself asks (a follow-up's own
question word, the clause after a preamble, a value question whose topic holds a decision word), values of the
asked shape (an address, a count written in words, a place the question does not name itself), the continuation of
a counting sentence, a named proposer's own proposal, what a printed proposal proposes, the item whose title states
the topic's year, and citizens' chatter that does not count against "found". One small index of the meetings these
examples come from, built once for the module; the questions are dev questions (eval/questions/dev)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from index import Engine
from index.answers.types import Answer
from ingest.model import SectionKind
from tests.conftest import corpus_folder, engine_over, greve_meeting_files

GREVE_MEETINGS = (
    "kultur-og-fritidsudvalget_2025-10-22", "byraad-2022-2025_2023-09-04", "klima-teknik-og-miljoeudvalget_2023-08-17",
    "kultur-og-fritidsudvalget_2024-03-20", "kultur-og-fritidsudvalget_2025-03-26", "byraad-2022-2025_2023-12-11",
    "byraad-2022-2025_2022-06-20", "byraad-2022-2025_2022-09-05",
)
TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    files = greve_meeting_files(GREVE_MEETINGS)
    aarhus = [corpus_folder("aarhus") / name for name in ("byraadet-2025-10-08-dagsorden.html",
                                                          "byraadet-2025-08-27-referat.pdf")]
    with engine_over(tmp_path_factory.mktemp("asked-index"), [*aarhus, *files]) as built:
        yield built


def _ask(engine: Engine, question: str, previous: Answer | None = None) -> Answer:
    return engine.ask(question, today=TODAY, previous=previous.scope if previous else None)


def _quoted(answer: Answer) -> list[str]:
    return [quote.text for quote in answer.citations[0].quotes]


def test_a_follow_up_with_its_own_question_word_asks_for_that_value(engine: Engine) -> None:
    first = _ask(engine, "hvad besluttede kultur og fritidsudvalget om kunst i rundkørslen ved holmeagervej")
    follow = _ask(engine, "Og hvem ville lave skulpturen?", first)
    assert follow.citations[0].item.case_number == "25-011618"
    assert "Bothe Design" in _quoted(follow)[0]
    assert "Bothe Design" in follow.lead


def test_a_value_question_whose_topic_holds_a_decision_word_quotes_the_value(engine: Engine) -> None:
    answer = _ask(engine, "Hvor mange anbefalinger er der i betænkningen fra udvalget om Nyt Byråd?")
    assert answer.citations[0].item.case_number == "EMN-2025-010585"
    assert "i alt 36 anbefalinger" in answer.lead


def test_an_elliptic_follow_up_with_a_question_word_is_answered_from_the_text(engine: Engine) -> None:
    first = _ask(engine, "Hvad skal byrådet i Aarhus godkende om negativ social kontrol?")
    follow = _ask(engine, "Og hvilken lov kræver det?", first)
    assert follow.citations[0].item.case_number == "EMN-2025-009868"
    assert "Barnets lov" in follow.lead


def test_the_continuation_of_a_counting_sentence_names_what_it_counted(engine: Engine) -> None:
    answer = _ask(engine, "Hvilke plejecentre ejer Greve Kommune som KAB administrerer?")
    assert answer.citations[0].item.case_number == "23-007223"
    assert _quoted(answer)[:2] == [
        "Greve Kommune ejer fem almene plejeboligafdelinger, som administreres af KAB.",
        "Det er de fire plejecentre Strandcentret, Langagergård, Hedebo og Nældebjerg samt botilbuddet Vangeleddet."]


def test_an_address_answers_where(engine: Engine) -> None:
    answer = _ask(engine, "Hvor skal den nye Lidl i Mosede ligge?")
    assert answer.citations[0].item.case_number == "23-005053"
    assert "Mosede Strandvej 42" in _quoted(answer)[0]


def test_a_count_written_in_words_answers_how_many(engine: Engine) -> None:
    answer = _ask(engine, "Hvor mange fraktioner skal affaldet sorteres i på de kommunale bygninger?")
    assert answer.citations[0].item.case_number == "22-006228"
    assert "sorteres i ti fraktioner" in _quoted(answer)[0]


def test_vote_words_frame_the_question_and_the_vote_is_quoted(engine: Engine) -> None:
    # The item says "Med stemmerne …", never "afstemning" or "endte": counted as topic, they declined the question.
    answer = _ask(engine, "Hvordan endte afstemningen i byrådet om brugen af spørgsmål/svar?")
    assert answer.found
    assert answer.citations[0].item.case_number == "23-012734"
    assert "Med stemmerne 11 for og 10 imod" in answer.lead


def test_a_named_proposer_s_own_proposal_leads_before_the_recommendation(engine: Engine) -> None:
    answer = _ask(engine, "hvad foreslog børne og ungebyrådet om to-voksentimer")
    first = answer.citations[0]
    assert first.item.case_number == "EMN-2025-006131"
    assert first.quotes[0].text.startswith("Derfor foreslår Børne- og ungebyrådet at:\n1. Der afsættes flere midler "
                                           "til to-voksenordninger i folkeskolen.")
    assert first.quotes[1].section is SectionKind.INDSTILLING


def test_the_administration_s_proposal_is_its_recommendation(engine: Engine) -> None:
    answer = _ask(engine, "Hvad foreslog administrationen om huslejestigningen på plejecentrene?")
    assert answer.citations[0].item.case_number == "23-007223"
    assert answer.citations[0].quotes[0].section is SectionKind.INDSTILLING


def test_the_item_whose_title_states_the_topic_s_year_answers_and_its_place_follows(engine: Engine) -> None:
    first = _ask(engine, "hvor mange billeter blev der solgt til nytårskoncerten 2024")
    assert first.citations[0].item.case_number == "24-001948"
    follow = _ask(engine, "Og hvor blev den holdt?", first)
    assert follow.citations[0].item.case_number == "24-001948"
    assert "i Portalens store sal" in _quoted(follow)[0]


def test_a_citizen_s_chatter_does_not_make_the_question_unanswerable(engine: Engine) -> None:
    answer = _ask(engine, "Min niece er SOSU-elev i Greve, og jeg har hørt at nogle elever er blevet flyttet over på "
                          "en ny ordning for voksne. Hvor mange elever drejede det sig egentlig om?")
    assert answer.found
    assert answer.citations[0].item.case_number == "22-008110"
    assert "otte elever" in _quoted(answer)[0]



def test_what_a_printed_proposal_proposes_is_quoted_as_the_case_s_text(engine: Engine) -> None:
    # The PDF export files the proposal under "Beslutninger"; the lines under its "Forslag" heading say what it is.
    answer = _ask(engine, "Hvad går forslaget International Aarhus 2.0 ud på?")
    first = answer.citations[0]
    assert first.item.case_number == "EMN-2025-008892"
    assert first.quotes[0].section is SectionKind.OTHER
    assert first.quotes[0].text.startswith("Byrådet anmoder Magistraten om at udarbejde en model for ”International "
                                           "Aarhus 2.0”, der skal fokusere på:\n- At styrke indsatsen for "
                                           "internationale borgere efter 3-4 år i Aarhus")
