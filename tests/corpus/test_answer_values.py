"""The answer mechanisms of issue 12 on real minutes: the asked value is quoted (a name under its label, a supplier,
a count, a sum with its unit), a recommendation question quotes the recommendation, a committee's own decision
answers a question about what it did, the item stating the question's numbers is answered from, a follow-up keeps
the previous turn's topic, and a prefix match is no reason to answer. One small index of the meetings these
examples come from (Herning samples, a dozen Greve meetings, the Aarhus minutes), built once for the module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import pytest

from index import Engine, Settings, open_engine
from index.answers.sentences import answer_shape
from index.search.question import AnswerType
from ingest.model import SectionKind
from tests.conftest import SAMPLES, corpus_folder

GREVE_MEETINGS = (
    "beskaeftigelses-og-erhvervsudvalget_2023-05-22", "beskaeftigelses-og-erhvervsudvalget_2023-10-09",
    "byraad-2022-2025_2022-03-07", "byraad-2022-2025_2022-10-03", "byraad-2022-2025_2024-10-02",
    "byraad-2022-2025_2024-12-11", "oekonomiudvalget_2022-02-28", "oekonomiudvalget_2022-09-26",
    "oekonomiudvalget_2024-08-28", "oekonomiudvalget_2024-11-27", "sundheds-og-omsorgsudvalget_2022-02-07",
    "sundheds-og-omsorgsudvalget_2024-11-18", "kultur-og-fritidsudvalget_2025-02-03",
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    greve = corpus_folder("greve")
    files = [path for name in GREVE_MEETINGS for path in greve.glob(f"{name}_*.json")]
    assert len(files) == len(GREVE_MEETINGS)
    aarhus = corpus_folder("aarhus") / "byraadet-2025-08-27-referat.pdf"
    built = open_engine(Settings(data_dir=tmp_path_factory.mktemp("values-index"), offline=True))
    summary = built.ingest([SAMPLES, aarhus, *files])
    assert not summary.failures
    yield built
    built.close()


def test_the_question_s_own_date_is_not_the_asked_value() -> None:
    shape = answer_shape("Gav tilsynet i januar 2021 anledning til påbud?", _NoTerms(), AnswerType.NUMBER)
    assert shape("Under punktet orienteres udvalget om tilsynet med Misbrugscenter Herning, januar 2021.") == 0
    assert shape("Greve er rangeret som nr. 18 ud af landets 98 kommuner.") > 0


def test_a_name_under_its_label_answers_who(engine: Engine) -> None:
    answer = engine.ask("Hvem stillede Venstres forslag om lavere hastighed på Grenåvej?")
    first = answer.citations[0]
    assert first.item.case_number == "EMN-2025-004084"
    assert first.quotes[0].text == "Gert Bjerregaard (V), byrådsmedlem og gruppeformand."
    assert first.quotes[0].about == "Stillet af:"
    assert answer.lead.startswith("«Stillet af:» «Gert Bjerregaard (V), byrådsmedlem og gruppeformand.» [1]")


def test_the_supplier_is_named_not_the_municipality(engine: Engine) -> None:
    answer = engine.ask("Hvem leverer madservice til borgerne i Greve i dag?")
    assert answer.citations[0].item.case_number == "24-010873"
    assert answer.citations[0].quotes[0].text == ("Greve Kommune har kontrakt med Det Danske Madhus, der er "
                                                  "leverandør af madservice.")


def test_a_count_without_a_noun_quotes_the_labelled_row(engine: Engine) -> None:
    answer = engine.ask("Hvor mange er arbejdsløse i Herning?")
    first = answer.citations[0]
    assert first.item.case_number == "00.00.00-P19-1719-10"
    assert (first.quotes[0].about, first.quotes[0].text) == ("Bruttoledighed:",
                                                             "Status april 2021: Herning 3,3%; Hele landet 4,2%")


def test_a_sum_is_quoted_with_its_unit(engine: Engine) -> None:
    answer = engine.ask("Hvor meget betaler kommunen om året for at leje kontorlokaler til hjemmeplejen i "
                        "§ 60-fællesskabet?")
    assert answer.citations[0].item.case_number == "21-015415"
    assert "kan leje 1.100 m² kontorarealer for en årlig leje på 0,960 mio. kr." in answer.lead


def test_a_recommendation_question_quotes_the_recommendation_not_only_the_note(engine: Engine) -> None:
    answer = engine.ask("Hvad anbefalede administrationen om den ekstra indsats for langtidssygemeldte i maj 2023?")
    first = answer.citations[0]
    assert first.item.case_number == "23-005249"
    assert first.quotes[0].section is SectionKind.INDSTILLING
    assert "at den fokuserede indsats overfor langtidssygemeldte ophører ved udgangen af 2023" in first.quotes[0].text
    assert answer.lead.startswith("Indstilling til Beskæftigelses- og Erhvervsudvalget den 22. maj 2023: «")
    assert "Beslutning: «1. Blev taget til efterretning." in answer.lead


def test_a_proposal_question_quotes_the_recommendation_a_bare_approval_refers_to(engine: Engine) -> None:
    answer = engine.ask("Hvad foreslog administrationen om fordelingen af undervisningstilskud til aftenskolerne?")
    first = answer.citations[0]
    assert first.item.case_number == "25-000168"
    assert [q.section for q in first.quotes] == [SectionKind.INDSTILLING, SectionKind.BESLUTNING]
    assert "fremover foretages af administrationen" in first.quotes[0].text
    assert first.quotes[1].text == "Godkendt."


def test_what_a_named_committee_did_is_its_decision(engine: Engine) -> None:
    answer = engine.ask("Hvilken betingelse satte Økonomiudvalget for sansehaven ved Greve Borgerhus?")
    first = answer.citations[0]
    assert (first.item.case_number, first.item.meeting.date) == ("24-006131", date(2024, 8, 28))
    assert first.quotes[0].section is SectionKind.BESLUTNING
    assert "udgifter til afledt drift påhviler FrivilligCenter Greve" in first.quotes[0].text


def test_the_item_stating_the_question_s_year_is_answered_from(engine: Engine) -> None:
    answer = engine.ask("Hvad blev udskrivningsprocenten i Greve for 2025?")
    first = answer.citations[0]
    assert (first.item.case_number, first.item.meeting.date) == ("24-000963", date(2024, 10, 2))
    assert "24,59 pct." in answer.text


def test_a_follow_up_keeps_the_topic_and_asks_its_own_value(engine: Engine) -> None:
    first = engine.ask("hvor mange stillinger forsvinder i jobcentret pga nytænkning af beskæftigelsesindsatsen")
    assert first.citations[0].item.case_number == "23-010634"
    assert "syv stillinger" in first.lead
    second = engine.ask("Og fra hvornår?", previous=first.scope)
    assert second.scope is not None and second.scope.answer_type is AnswerType.DATE
    assert second.citations[0].item.case_number == "23-010634"
    assert "1. januar 2024" in second.lead


def test_a_word_sharing_only_a_prefix_is_not_found(engine: Engine) -> None:
    # "borgerløb" (a course in the IV-treatment case) is not "borgerløn".
    answer = engine.ask("Skal Greve Kommune indføre borgerløn?")
    assert not answer.found and answer.citations == ()


class _NoTerms:
    """A vocabulary that knows no terms: answer shapes for value types do not need any."""

    def terms(self, text: str) -> list[str]:
        return []

    def terms_each(self, texts: Sequence[str]) -> list[list[str]]:
        return [[] for _ in texts]

    def idf(self, terms: list[str]) -> dict[str, float]:
        return dict.fromkeys(terms, 1.0)


