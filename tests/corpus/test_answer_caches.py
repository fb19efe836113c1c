"""What the engine remembers (items read for answers, replies) never changes an answer, and goes with its snapshot."""

from __future__ import annotations

from pathlib import Path

from index import Engine, QuestionKind, Settings, open_engine
from index.answers.composition import compose_answer
from index.answers.reading import ItemReadings
from index.storage.lexical import LexicalIndex
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES

# Decision, recommendation, factual (a figure, a count, a list), summary and yes/no questions on the samples.
QUESTIONS = (
    "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?",
    "Hvad er indstillingen om udbud af danskuddannelsen?",
    "Hvad var bruttoledigheden i april 2021?",
    "Hvor mange borgere er i småjob?",
    "Hvilke problemer nævnes i tilsynsrapporten for Misbrugscenter Herning?",
    "Hvad handler punktet om strategien for socialt udsatte om?",
    "Skal kommunen tilslutte sig rammeaftalen for danskuddannelse?",
    "Hvad besluttede byrådet om saunaen i svømmehallen?",
)


def test_answers_composed_from_remembered_items_are_those_composed_afresh(herning_engine: Engine,
                                                                          herning_data: Path) -> None:
    lexical = LexicalIndex.load(herning_data)
    assert lexical is not None
    readings = ItemReadings(lexical)
    kinds = set()
    for question in QUESTIONS:
        scope, hits = herning_engine.interpret(question), herning_engine.search(question)
        afresh = compose_answer(scope, hits, lexical)
        compose_answer(scope, hits, lexical, readings=readings)  # reads the items
        remembered = compose_answer(scope, hits, lexical, readings=readings)
        assert remembered == afresh, question
        kinds.add((afresh.kind, afresh.found))
    assert {(QuestionKind.DECISION, True), (QuestionKind.FACTUAL, True), (QuestionKind.SUMMARY, True),
            (QuestionKind.YES_NO, True), (QuestionKind.DECISION, False)} <= kinds
    assert readings.remembered()[1] > 0  # the sentences were read, and remembered


def test_a_newer_snapshot_reads_again_the_items_read_before_it_is_swapped_in(tmp_path: Path) -> None:
    question = "Hvad var bruttoledigheden i april 2021?"
    engine = open_engine(Settings(data_dir=tmp_path / "data", offline=True))
    try:
        engine.ingest([HERNING_MINUTES])
        engine.ask(question)
        before = engine.remembered()
        assert before.item_terms > 0 and before.item_sentences > 0
        engine.ingest([HERNING_AGENDA])  # publishes a newer version, which the engine swaps in
        after = engine.remembered()
        # The same items, read again from the newer snapshot before it answers anything.
        assert (after.item_terms, after.item_sentences) == (before.item_terms, before.item_sentences)
        answer = engine.ask(question)
        # Read with the newer snapshot's vocabulary: the answer is the one an engine opened afresh gives.
        fresh = open_engine(Settings(data_dir=tmp_path / "data", offline=True))
        try:
            assert answer == fresh.ask(question)
        finally:
            fresh.close()
    finally:
        engine.close()


def test_replies_are_remembered_unless_turned_off(herning_data: Path) -> None:
    question = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"
    for remember in (True, False):
        engine = open_engine(Settings(data_dir=herning_data, offline=True, reply_cache=remember))
        try:
            first, again = engine.reply(question), engine.reply(question)
            assert first == again
            assert (first is again) is remember
            assert engine.remembered().replies == (1 if remember else 0)
        finally:
            engine.close()
