from __future__ import annotations

from index import Engine, QuestionKind
from index.answers.quotes import is_pointer_decision
from index.answers.sentences import split_sentences
from index.search.question import classify_question
from ingest.model import SectionKind


def test_decision_is_quoted_verbatim_with_the_recommendation_it_approves(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede udvalget om rammeaftalen for danskuddannelse?")
    assert answer.found and answer.kind is QuestionKind.DECISION
    first = answer.citations[0]
    assert first.item.case_number == "15.00.00-A00-10-21"
    assert [(q.section, q.text) for q in first.quotes] == [
        (SectionKind.BESLUTNING, "Indstillingen blev tiltrådt."),
        (SectionKind.INDSTILLING, first.item.recommendation),
    ]
    assert "besluttede: «Indstillingen blev tiltrådt.» [1]" in answer.text
    assert "at Herning Kommune tilslutter sig rammeaftalen" in answer.text


def test_a_decision_with_content_is_quoted_alone(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede udvalget om strategien for socialt udsatte?")
    first = answer.citations[0]
    assert first.item.title == "Strategi for socialt udsatte området"
    assert [q.text for q in first.quotes] == [
        "Udvalget drøftede oplægget og tog herefter orienteringen til efterretning."]


def test_agenda_item_is_answered_with_no_decision(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad blev besluttet om udbuddet af danskuddannelsen i efteråret 2020?")
    first = answer.citations[0]
    assert (first.item.number, first.item.meeting.kind.value) == ("72", "dagsorden")
    assert "Der er endnu ingen beslutning – punktet er fra dagsordenen for Beskæftigelsesudvalget" in answer.text
    assert "besluttede:" not in answer.text


def test_factual_question_quotes_the_sentence_with_the_figure(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad var bruttoledigheden i april 2021?")
    assert answer.kind is QuestionKind.FACTUAL
    assert "Status april 2021: Herning 3,3%; Hele landet 4,2%" in [q.text for q in answer.citations[0].quotes]


def test_question_about_something_absent_abstains(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede byrådet om saunaen i svømmehallen?")
    assert not answer.found
    assert answer.citations == ()
    assert answer.text.startswith("Jeg kunne ikke finde")


def test_every_quote_occurs_verbatim_in_its_item(herning_engine: Engine) -> None:
    for question in ("Hvad besluttede udvalget om tilsynsrapporten for Misbrugscenter Herning?",
                     "Hvad er indstillingen om udbud af danskuddannelsen?",
                     "Hvor mange borgere er i småjob?"):
        for citation in herning_engine.ask(question).citations:
            for quote in citation.quotes:
                assert quote.text.removesuffix(" …") in citation.item.text


def test_pointer_decisions_are_recognised() -> None:
    assert is_pointer_decision("Indstillingen blev tiltrådt.")
    assert is_pointer_decision("Byrådet godkendte Økonomiudvalgets indstilling.")
    assert not is_pointer_decision("Udvalget drøftede oplægget og tog herefter orienteringen til efterretning.")


def test_question_kinds() -> None:
    assert classify_question("Hvad besluttede byrådet om skolen?") is QuestionKind.DECISION
    assert classify_question("Hvordan er sagen blevet behandlet gennem udvalgene?") is QuestionKind.HISTORY
    assert classify_question("Hvor mange elever går på skolen?") is QuestionKind.FACTUAL


def test_sentences_keep_danish_abbreviations_whole() -> None:
    assert split_sentences("Prisen er 887 kr. pr. time. Det er nyt.") == ["Prisen er 887 kr. pr. time.", "Det er nyt."]


def test_citation_label_names_committee_date_kind_item_and_case(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad besluttede udvalget om rammeaftalen for danskuddannelse?")
    assert answer.citations[0].label == (
        "[1] Beskæftigelsesudvalget, 23. juni 2021 (referat), punkt 3: Rammeaftale for KKR Midtjylland om "
        "samarbejde og koordinering af tilbud om danskuddannelse · sag 15.00.00-A00-10-21")


def test_how_many_question_quotes_the_count_with_its_noun(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvor mange borgere har været omfattet af småjobsprojektet i Drift og Service?")
    assert answer.citations[0].quotes[0].text == "- 114 borgere har indtil nu været omfattet af projektet"


def test_yes_no_question_on_an_agenda_item_says_no_decision_yet(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Blev budgetopfølgningen pr. 31. august 2020 taget til efterretning af "
                                "Beskæftigelsesudvalget?")
    assert answer.kind is QuestionKind.YES_NO
    assert answer.lead == ("Ingen beslutning endnu: punktet «Politisk budgetopfølgning 31. august 2020» står på "
                           "dagsordenen for Beskæftigelsesudvalget den 20. oktober 2020 [1].")
    assert answer.body.startswith("Der er endnu ingen beslutning – punktet er fra dagsordenen for "
                                  "Beskæftigelsesudvalget den 20. oktober 2020, punkt 73")


def test_yes_no_question_adds_the_sentence_that_answers_it(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Gav Socialtilsynets tilsyn med Misbrugscenter Herning i januar 2021 anledning "
                                "til påbud eller sanktioner?")
    quotes = answer.citations[0].quotes
    assert [q.section for q in quotes] == [SectionKind.BESLUTNING, SectionKind.INDSTILLING,
                                           SectionKind.SAGSFREMSTILLING]
    assert quotes[0].text == "Taget til efterretning."
    assert "Det gennemførte tilsyn har ikke givet anledning til påbud, sanktioner" in quotes[2].text


def test_what_is_case_about_quotes_the_summary_and_decision(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvad handler sag 15.00.00-A00-10-21 om?")
    assert answer.kind is QuestionKind.SUMMARY
    first = answer.citations[0]
    assert first.item.case_number == "15.00.00-A00-10-21"
    assert first.quotes[0].text.startswith("Under punktet orienteres Udvalget om et centralt krav om, at "
                                           "kommunalbestyrelserne udarbejder en regional rammeaftale")
    assert "besluttede: «Indstillingen blev tiltrådt.» [1]" in answer.text


def test_who_question_prefers_the_sentence_naming_them(herning_engine: Engine) -> None:
    answer = herning_engine.ask("Hvem har kommunen inviteret til dialog om strategien for socialt udsatte?")
    assert "Der har været dialog med Blå Kors Varmestue og Den Blå Mølle" in answer.text


def test_pdf_line_wraps_do_not_cut_sentences() -> None:
    text = "Venstre ønsker at sænke hastigheden på Grenåvej – først og fremmest af hensyn til\nbørnene. Næste.\nTabel"
    assert split_sentences(text) == ["Venstre ønsker at sænke hastigheden på Grenåvej – først og fremmest af hensyn "
                                     "til børnene.", "Næste.", "Tabel"]
