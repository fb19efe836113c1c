"""Issue 12, seventh round: a respelt word counts as a guess; a committee, a day and nothing else ask for the meeting;
a season and a year date the meeting when the question says what the meeting did."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from index.answers.composition import PREFIX_CREDIT, coverage, of_municipality, settled_first
from index.answers.quotes import is_deferral
from index.model import ItemHit
from index.search.everyday import minutes_words
from index.search.periods import Period
from index.search.question import QuestionKind, asked_clause, asked_clauses, asks_only_overview, follow_up, interpret
from ingest.model import AgendaItem, Meeting, MeetingKind, Section, SectionKind

TODAY = date(2025, 12, 31)
COMMITTEES = ("Social- og Handicapudvalget", "Byråd 2022-2025")


def test_a_guessed_term_the_item_holds_counts_as_a_shared_prefix_does() -> None:
    weights = {"indfør": 1.0, "borgerløb": 1.0}
    present = frozenset({"indfør", "borgerløb"})
    assert coverage(weights, present) == 1.0
    assert coverage(weights, present, guessed=frozenset({"borgerløb"})) == (1.0 + PREFIX_CREDIT) / 2


def test_a_guessed_term_the_item_lacks_counts_nothing() -> None:
    assert coverage({"indfør": 1.0, "borgerløb": 1.0}, frozenset({"indfør"}), frozenset({"borgerløb"})) == 0.5


def test_only_the_words_that_ask_about_a_meeting_make_an_overview() -> None:
    assert asks_only_overview("Hvilke sager var oppe i den ?")
    assert asks_only_overview("Hvad behandlede på mødet den ?")
    assert asks_only_overview("Hvad behandlede på sit møde den ?")
    assert not asks_only_overview("Hvilke sager om skolen var oppe i den ?")
    assert not asks_only_overview("?")


def test_a_committee_and_a_day_and_nothing_else_ask_for_the_meeting() -> None:
    question = interpret("Hvilke sager var oppe i Social- og Handicapudvalget den 10. oktober 2022?", COMMITTEES, TODAY)
    assert question.kind is QuestionKind.MEETING
    assert question.period == Period(date(2022, 10, 10), date(2022, 10, 10))


def test_a_topic_beside_the_committee_and_day_is_no_overview() -> None:
    question = interpret("Hvad besluttede Social- og Handicapudvalget om hjemløse den 10. oktober 2022?", COMMITTEES,
                         TODAY)
    assert question.kind is not QuestionKind.MEETING


def test_a_season_and_a_year_date_what_the_meeting_did() -> None:
    question = interpret("Hvad besluttede byrådet om saunaen i efteråret 2022?", COMMITTEES, TODAY)
    assert question.period == Period(date(2022, 9, 1), date(2022, 11, 30))
    assert "efteråret" not in question.topic


def test_a_season_that_dates_no_meeting_stays_in_the_topic() -> None:
    question = interpret("Hvilket byrådsmedlem blev slået til ridder i efteråret 2022?", (), TODAY)
    assert question.period is None
    assert "efteråret 2022" in question.topic


def test_a_text_asking_two_questions_is_read_as_both() -> None:
    assert asked_clauses("Hvor mange penge søgte de, og hos hvilken fond?") == ("Hvor mange penge søgte de",
                                                                               "hos hvilken fond?")
    assert asked_clauses("Hvad koster det? Og hvornår åbner det?") == ("Hvad koster det", "hvornår åbner det?")
    question = interpret("Hvem skal bringe varerne ud, og hvad koster det om måneden?", COMMITTEES, TODAY)
    assert question.clauses == ("Hvem skal bringe varerne ud", "hvad koster det om måneden?")
    assert question.asked == ""  # both ask: neither is a preamble to the other


def test_a_relative_clause_or_a_preamble_is_no_second_question() -> None:
    assert asked_clauses("Hvad skete der på vejen, hvor ulykken skete?") == ()
    assert asked_clauses("Jeg kører tit ad Karlslunde Landevej, og hvor længe bliver den lukket?") == ()


def test_the_question_after_a_dash_is_asked_and_its_indirect_question_belongs_to_it() -> None:
    text = ("Jeg bor ved Strandvejen. De Konservative ville rulle lokalplanen tilbage – hvad endte udvalget med at "
            "beslutte om, hvor højt der må bygges?")
    assert asked_clause(text) == "hvad endte udvalget med at beslutte om, hvor højt der må bygges?"
    assert asked_clause("Jeg kører tit ad Karlslunde Landevej, hvor længe bliver vejen lukket?") == (
        "hvor længe bliver vejen lukket?")


def test_everyday_names_of_municipal_things_get_the_minutes_words() -> None:
    assert minutes_words("Hvor mange stod uden et sted at bo i 2022?") == ["hjemløse hjemløshed"]
    assert minutes_words("Kan man stille spørgsmål til politikerne før møderne?") == ["spørgetid spørgetiden"]
    assert minutes_words("Kommer bussen til at køre sjældnere?") == ["busdrift busbetjening", "frekvens"]
    assert minutes_words("Hvor meget drivhusgas udleder byen?") == ["co2e udledning"]
    assert minutes_words("Hvornår kommer der mere lys i tunnelen?") == ["belysning"]
    assert minutes_words("Hvad koster en plads i vuggestuen?") == ["dagtilbud daginstitutioner"]
    assert minutes_words("Hvornår tømmes skraldespanden?") == ["affald renovation"]


def test_a_decision_that_only_puts_the_case_off_is_a_deferral() -> None:
    assert is_deferral("Sagen blev taget af.")
    assert is_deferral("Udsat.")
    assert is_deferral("Punktet blev udsat til næste møde.")
    assert not is_deferral("2. Ikke godkendt\n\nUdvalget er enig i behovet for yderligere skovrejsning i kommunen.")
    assert not is_deferral("Taget til efterretning.")


def _item(item_id: str, case: str, section: Section) -> AgendaItem:
    """An item of a Greve council meeting with one section."""
    meeting = Meeting("m1", "Greve", "Byråd", date(2023, 4, 17), None, None, MeetingKind.REFERAT, "m1.json")
    return AgendaItem(item_id, meeting, "1", "Punkt", case, (section,))


def test_a_question_naming_a_municipality_is_answered_by_its_items_only() -> None:
    item = _item("i1", "23-004069", Section(SectionKind.SAGSFREMSTILLING, "Sagsbeskrivelse", "48 har fået et arbejde."))
    asked = interpret("Hvor mange ukrainske flygtninge har Aarhus fået i arbejde?", (), TODAY, ("Aarhus", "Greve"))
    assert asked.municipality == "Aarhus"
    assert not of_municipality(asked, item)
    assert of_municipality(interpret("Hvor mange har Greve fået i arbejde?", (), TODAY, ("Aarhus", "Greve")), item)
    assert of_municipality(interpret("Hvor mange har fået arbejde?", (), TODAY, ("Aarhus", "Greve")), item)


def test_the_question_sentence_after_a_preamble_with_a_relative_clause_is_asked() -> None:
    assert asked_clause("Jeg bor i byen, hvor der er støj. Hvad har udvalget besluttet om støjen?") == (
        "Hvad har udvalget besluttet om støjen?")
    assert asked_clause("De ville rulle planen tilbage - hvad endte udvalget med?") == "hvad endte udvalget med?"


def test_a_deferral_gives_its_place_to_the_treatment_that_decided_and_others_keep_theirs() -> None:
    def hit(item_id: str, case: str, decision: str) -> ItemHit:
        return ItemHit(_item(item_id, case, Section(SectionKind.BESLUTNING, "Beslutning", decision)), 1.0, ())
    deferred, other, decided = hit("a1", "24-1", "Sagen blev taget af."), hit("b", "24-2", "Godkendt."), hit(
        "a2", "24-1", "Ikke godkendt.")
    assert [h.item.id for h in settled_first([deferred, other, decided])] == ["a2", "a1", "b"]
    assert [h.item.id for h in settled_first([other, deferred])] == ["b", "a1"]


def test_a_respelt_follow_up_keeps_the_turn_before_it() -> None:
    previous = interpret("Hvad koster den nye kunstgræsbane i Karlslunde?", COMMITTEES, TODAY)
    asked = replace(interpret("og hvornår åbner banen", COMMITTEES, TODAY), spelled="og hvornår åbner banen")
    followed = follow_up(asked, previous)
    assert followed.text == f"og hvornår åbner banen {previous.text}"
    assert followed.spelled == followed.text
