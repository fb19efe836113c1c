"""The ingest pipeline over real files: file order, grouping for the model, the embedding cache across a rebuild,
worker processes, interruption, and precedence between versions of a meeting read in one run."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from index.embedding import HashingEmbedder, SentenceTransformerEmbedder, load_sentence_transformer
from index.search.analysis import analyse_text
from index.storage.catalog import Catalog
from index.storage.index import ReferatIndex
from index.storage.ingestion import ingest_into
from index.storage.lexical import LexicalIndex, Scoring
from ingest.model import MeetingKind
from ingest.reader import SourceResult, find_sources
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES, SAMPLES
from tests.corpus.test_index import _firstagenda
from tests.tiny_model import build_tiny_model


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [HERNING_MINUTES.read_text(encoding="utf-8"), HERNING_AGENDA.read_text(encoding="utf-8")]
    return build_tiny_model(tmp_path_factory.mktemp("model"), texts)


def _counting(model: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SentenceTransformerEmbedder, list[int]]:
    """The tiny model, with the number of texts of each call to it recorded."""
    embedder = load_sentence_transformer(str(model), device="cpu")
    calls: list[int] = []
    encode = embedder.embed_documents

    def counted(texts: list[str], progress: bool = False) -> np.ndarray:
        calls.append(len(texts))
        return encode(texts, progress)

    monkeypatch.setattr(embedder, "embed_documents", counted)
    return embedder, calls


def _chroma_ids(index: ReferatIndex) -> set[str]:
    return {i for m in index.catalog.meetings() for i in index.vectors.ids_for_meeting(m.id)}


def _catalog_ids(index: ReferatIndex) -> set[str]:
    return {c for m in index.catalog.meetings() for c in index.catalog.stored_chunks(m.id)}


def test_the_model_encodes_both_meetings_in_one_call(tiny_model: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    embedder, calls = _counting(tiny_model, monkeypatch)
    index = ReferatIndex(tmp_path, embedder)
    summary = ingest_into(index, find_sources([SAMPLES]), workers=0)
    assert calls == [118]  # 118 chunks of two meetings, under one group of 8 batches of 32
    assert (summary.meetings, summary.chunks, summary.encoded, summary.cached) == (2, 118, 118, 0)
    index.close()


def test_a_rebuild_takes_every_vector_from_the_cache(tiny_model: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    embedder, calls = _counting(tiny_model, monkeypatch)
    index = ReferatIndex(tmp_path, embedder)
    ingest_into(index, find_sources([SAMPLES]), workers=0)
    first = index.vectors.similarities(embedder.embed_query("rammeaftale"), sorted(_chroma_ids(index)))
    index.close()
    calls.clear()
    index = ReferatIndex.rebuild(tmp_path, embedder)
    summary = ingest_into(index, find_sources([SAMPLES]), workers=0)
    assert calls == []
    assert (summary.chunks, summary.encoded, summary.cached) == (118, 0, 118)
    again = index.vectors.similarities(embedder.embed_query("rammeaftale"), sorted(_chroma_ids(index)))
    assert sorted(again) == sorted(first)
    index.close()


def test_a_republished_meeting_encodes_only_its_new_texts(tiny_model: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    embedder, calls = _counting(tiny_model, monkeypatch)
    index = ReferatIndex(tmp_path / "data", embedder)
    agenda, minutes = tmp_path / "dagsorden.json", tmp_path / "referat.json"
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    minutes.write_text(_firstagenda(decisions=True), encoding="utf-8")
    ingest_into(index, [agenda], workers=0)
    agenda_texts = set(index.catalog.stored_chunks(index.catalog.meetings()[0].id).values())
    calls.clear()
    summary = ingest_into(index, [minutes], workers=0)
    minutes_texts = set(index.catalog.stored_chunks(index.catalog.meetings()[0].id).values())
    assert sum(calls) == summary.encoded == len(minutes_texts - agenda_texts) > 0
    index.close()


@pytest.mark.parametrize("workers", [0, 1])
def test_results_come_in_file_order_and_a_bad_file_stops_nothing(tmp_path: Path, workers: int) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"Udvalg": ', encoding="utf-8")
    paths = [HERNING_AGENDA, bad, HERNING_MINUTES]
    seen: list[SourceResult] = []
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    summary = ingest_into(index, paths, on_result=seen.append, workers=workers)
    assert [r.path for r in seen] == paths
    assert [r.publication is None for r in seen] == [False, True, False]
    assert (summary.meetings, summary.chunks, [p for p, _ in summary.failures]) == (2, 118, [bad])
    assert _chroma_ids(index) == _catalog_ids(index) and len(_catalog_ids(index)) == 118
    index.close()


def test_workers_make_the_same_vectors_as_the_writer(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    here, there = ReferatIndex(tmp_path / "here", embedder), ReferatIndex(tmp_path / "there", embedder)
    ingest_into(here, find_sources([SAMPLES]), workers=0)
    ingest_into(there, find_sources([SAMPLES]), workers=1)
    query, ids = embedder.embed_query("rammeaftale"), sorted(_catalog_ids(here))
    assert ids == sorted(_catalog_ids(there))
    assert here.vectors.similarities(query, ids) == there.vectors.similarities(query, ids)
    here.close()
    there.close()


def test_an_interrupted_ingest_rerun_has_no_gaps_or_duplicates(tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path, HashingEmbedder())

    def stop(result: SourceResult) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_into(index, [HERNING_AGENDA, HERNING_MINUTES], on_result=stop, workers=0)
    assert len(index.catalog.meetings()) == 1
    assert _chroma_ids(index) == _catalog_ids(index)
    summary = ingest_into(index, [HERNING_AGENDA, HERNING_MINUTES], workers=0)
    assert (summary.new, summary.unchanged) == (1, 1)
    assert _chroma_ids(index) == _catalog_ids(index) and len(_catalog_ids(index)) == 118
    assert len(index.refresh_lexical()) == 118
    index.close()


@pytest.mark.parametrize("minutes_first", [False, True])
def test_agenda_and_minutes_in_one_run_leave_the_minutes(tmp_path: Path, minutes_first: bool) -> None:
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    agenda, minutes = tmp_path / "dagsorden.json", tmp_path / "referat.json"
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    minutes.write_text(_firstagenda(decisions=True), encoding="utf-8")
    summary = ingest_into(index, [minutes, agenda] if minutes_first else [agenda, minutes], workers=0)
    assert summary.unchanged == (1 if minutes_first else 0)
    assert [(m.kind, m.source) for m in index.catalog.meetings()] == [(MeetingKind.REFERAT, str(minutes))]
    assert _chroma_ids(index) == _catalog_ids(index)
    index.close()


def test_texts_analysed_ahead_index_as_texts_analysed_at_the_end(herning_data: Path) -> None:
    catalog = Catalog(herning_data / "catalog.sqlite")
    rows = catalog.chunk_rows()
    catalog.close()
    ahead = LexicalIndex.build(rows, 1, {r.text: analyse_text(r.text) for r in rows[::2]})
    at_end = LexicalIndex.build(rows, 1)
    for question in ["Socialtilsynets rapport om Misbrugscenter Herning", "udbud af danskuddannelse",
                     "15.00.00-A00-10-21"]:
        hits = ahead.search(question, 10)
        assert hits and hits == at_end.search(question, 10)


def test_the_lexical_scoring_made_ahead_serves_only_the_same_texts(herning_data: Path) -> None:
    catalog = Catalog(herning_data / "catalog.sqlite")
    rows = catalog.chunk_rows()
    catalog.close()
    texts = [r.text for r in rows]
    same, other = Scoring.of(texts), Scoring.of(texts[1:])
    assert LexicalIndex.build(rows, 1, ahead=same).analyzer is same.analyzer
    rescored = LexicalIndex.build(rows, 1, ahead=other)
    assert rescored.analyzer is not other.analyzer
    assert rescored.search("udbud af danskuddannelse", 10) == LexicalIndex.build(rows, 1).search(
        "udbud af danskuddannelse", 10)


@pytest.mark.parametrize("minutes_first", [False, True])
def test_an_ingest_foresees_the_texts_its_catalog_ends_with(tmp_path: Path, minutes_first: bool,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """The lexical index scored while the last vectors are written is the one published: the texts foreseen are
    the catalog's, also when a meeting replaces another in the same run and when one was indexed before."""
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    agenda, minutes = tmp_path / "dagsorden.json", tmp_path / "referat.json"
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    minutes.write_text(_firstagenda(decisions=True), encoding="utf-8")
    ingest_into(index, [HERNING_AGENDA], workers=0)
    with caplog.at_level(logging.INFO, logger="index.storage.lexical"):
        ingest_into(index, [minutes, agenda, HERNING_MINUTES] if minutes_first else [agenda, minutes, HERNING_MINUTES],
                    workers=1)
    assert "scoring it again" not in caplog.text
    published, anew = index.refresh_lexical(), LexicalIndex.build(index.catalog.chunk_rows(), 1)
    for question in ["rammeaftale", "udbud af danskuddannelse", "budget"]:
        assert published.search(question, 10) == anew.search(question, 10)
    index.close()
