from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from index import Engine, Filters, Mode, Settings, open_engine
from index.embedding import HashingEmbedder, SentenceTransformerEmbedder, load_embedder, load_sentence_transformer
from index.search.question import unscoped
from index.search.retrieval import Retriever
from index.storage.index import ReferatIndex, open_snapshot
from index.storage.ingestion import ingest_into
from ingest.model import MeetingKind
from ingest.reader import find_sources
from referat.errors import EmbedderMismatch
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES, SAMPLES
from tests.tiny_model import build_tiny_model


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [HERNING_MINUTES.read_text(encoding="utf-8"), HERNING_AGENDA.read_text(encoding="utf-8")]
    return build_tiny_model(tmp_path_factory.mktemp("model"), texts)


def _chroma_ids(index: ReferatIndex) -> set[str]:
    return {i for m in index.catalog.meetings() for i in index.vectors.ids_for_meeting(m.id)}


def test_full_pipeline_with_a_sentence_transformers_model(tiny_model: Path, tmp_path: Path) -> None:
    embedder = load_sentence_transformer(str(tiny_model), device="cpu")
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.dimension == 32
    engine = open_engine(Settings(data_dir=tmp_path), embedder=embedder)
    summary = engine.ingest([SAMPLES])
    stats = engine.status().stats
    assert (summary.meetings, summary.items, summary.items_with_decision) == (2, 20, 7)
    assert (stats.chunks, stats.vectors) == (118, 118)
    assert stats.embedder == f"sentence-transformers:{tiny_model}"
    dense = engine.search("danskuddannelse rammeaftale", k=20, mode=Mode.DENSE)
    assert len(dense) == 20 and len({h.item.id for h in dense}) == 20
    hybrid = engine.search("Hvad skete der i sag 15.00.00-A00-10-21?", k=3)
    assert hybrid[0].item.case_number == "15.00.00-A00-10-21"
    engine.close()


def test_offline_mode_starts_without_the_hub_within_seconds() -> None:
    started = time.monotonic()
    embedder = load_embedder("intfloat/multilingual-e5-small", hub_offline=True)
    assert isinstance(embedder, HashingEmbedder)
    assert "HF_HUB_OFFLINE" in embedder.reason
    assert time.monotonic() - started < 10


def test_explicit_offline_mode_needs_no_model() -> None:
    embedder = load_embedder("no/such-model", offline=True)
    assert embedder.offline and embedder.name == "offline-hashing-v1-1024"
    assert embedder.embed_documents(["affald", "skole"]).shape == (2, 1024)


def test_index_refuses_another_embedder(tiny_model: Path, tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path, HashingEmbedder())
    ingest_into(index, [HERNING_MINUTES])
    index.close()
    with pytest.raises(EmbedderMismatch,
                       match=r"rebuild it with `python -m ingest --rebuild PATH\.\.\.` \(or run with --offline\)"):
        ReferatIndex(tmp_path, load_sentence_transformer(str(tiny_model), device="cpu"))


def test_reingest_changes_nothing(tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path, HashingEmbedder())
    ingest_into(index, find_sources([SAMPLES]))
    ids_before, chunks_before = _chroma_ids(index), index.catalog.chunk_ids()
    summary = ingest_into(index, find_sources([SAMPLES]))
    assert (summary.new, summary.replaced, summary.unchanged, summary.repaired) == (0, 0, 2, 0)
    assert _chroma_ids(index) == ids_before
    assert index.catalog.chunk_ids() == chunks_before == ids_before and len(ids_before) == 118
    index.close()


def _firstagenda(decisions: bool, when: str = "2024-03-12T17:00:00+01:00") -> str:
    """A small FirstAgenda meeting; the minutes version adds decisions and a longer case description."""
    def fields(title: str, decision: str) -> str:
        body = (f"<h3>Resume</h3><p>{title} behandles.</p>"
                f"<h3>Indstilling</h3><p>Administrationen indstiller, at {title} godkendes.</p>")
        if decisions:
            filler = "<p>" + "Supplerende tekst. " * 80 + "</p>"
            body = f"<div><h3>Beslutning</h3><span>{decision}</span></div>" + body + filler
        return body

    items = [{"Punktnummer": str(n), "Navn": title, "SagsNummer": f"24-00{n}", "Bilag": [],
              "Felter": [{"Html": fields(title, "Godkendt.")}]}
             for n, title in ((1, "Ny skolevej"), (2, "Sauna i svømmehallen"))]
    return json.dumps({"Udvalg": {"Navn": "Kultur- og Fritidsudvalget"},
                       "Moede": {"Dato": when, "Sted": "Rådhuset"},
                       "Dagsordenpunkter": items}, ensure_ascii=False)


def test_minutes_replace_their_agenda_without_orphans(tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    agenda = tmp_path / "dagsorden.json"
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    ingest_into(index, [agenda])
    agenda_chunks = set(index.catalog.stored_chunks(index.catalog.meetings()[0].id))
    minutes = tmp_path / "referat.json"
    minutes.write_text(_firstagenda(decisions=True), encoding="utf-8")
    ingest_into(index, [minutes])
    meetings = index.catalog.meetings()
    assert [(m.kind, m.source) for m in meetings] == [(MeetingKind.REFERAT, str(minutes))]
    stored = set(index.catalog.stored_chunks(meetings[0].id))
    assert stored != agenda_chunks
    assert _chroma_ids(index) == stored
    assert len(index.refresh_lexical()) == len(stored)
    assert [i.decision for i in index.catalog.meeting_items(meetings[0].id)] == ["Godkendt.", "Godkendt."]
    index.close()


def test_an_agenda_read_after_its_minutes_leaves_the_minutes(tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    minutes, agenda = tmp_path / "referat.json", tmp_path / "dagsorden.json"
    minutes.write_text(_firstagenda(decisions=True), encoding="utf-8")
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    ingest_into(index, [minutes])
    chunks = set(index.catalog.stored_chunks(index.catalog.meetings()[0].id))
    summary = ingest_into(index, [agenda])
    assert summary.unchanged == 1
    assert [(m.kind, m.source) for m in index.catalog.meetings()] == [(MeetingKind.REFERAT, str(minutes))]
    assert _chroma_ids(index) == chunks
    index.close()


def test_minutes_without_a_time_replace_the_agenda_that_states_one(tmp_path: Path) -> None:
    index = ReferatIndex(tmp_path / "data", HashingEmbedder())
    agenda, minutes = tmp_path / "dagsorden.json", tmp_path / "referat.json"
    agenda.write_text(_firstagenda(decisions=False), encoding="utf-8")
    minutes.write_text(_firstagenda(decisions=True, when="2024-03-12"), encoding="utf-8")
    ingest_into(index, [agenda])
    ingest_into(index, [minutes])
    meetings = index.catalog.meetings()
    assert [(m.kind, m.time) for m in meetings] == [(MeetingKind.REFERAT, None)]
    stored = set(index.catalog.stored_chunks(meetings[0].id))
    assert _chroma_ids(index) == stored
    hits = Retriever(open_snapshot(tmp_path / "data", HashingEmbedder(), None)).search(unscoped("sauna svømmehallen"),
                                                                                     k=10)
    assert {h.item.meeting.kind for h in hits} == {MeetingKind.REFERAT}
    index.close()


@pytest.mark.parametrize("mode", list(Mode))
def test_filters_apply_inside_retrieval(herning_engine: Engine, mode: Mode) -> None:
    query = "danskuddannelse udbud beskæftigelse"
    only_2021 = herning_engine.search(query, Filters(date_from=date(2021, 1, 1)), k=20, mode=mode)
    assert only_2021 and {h.item.meeting.date for h in only_2021} == {date(2021, 6, 23)}
    agendas = herning_engine.search(query, Filters(kind=MeetingKind.DAGSORDEN), k=20, mode=mode)
    assert agendas and {h.item.meeting.kind for h in agendas} == {MeetingKind.DAGSORDEN}
    decided = herning_engine.search(query, Filters(with_decision=True), k=20, mode=mode)
    assert decided and all(h.item.decision for h in decided)
    by_case = herning_engine.search(query, Filters(case_number="00.00.00-P19-1719-10"), k=20, mode=mode)
    assert sorted(h.item.meeting.date for h in by_case) == [date(2020, 10, 20), date(2021, 6, 23)]
    none = herning_engine.search(query, Filters(committee="Økonomiudvalget"), k=20, mode=mode)
    assert none == []


def test_results_are_items_each_once(herning_engine: Engine) -> None:
    hits = herning_engine.search("Nøgletal bruttoledighed beskæftigelse", k=20)
    ids = [h.item.id for h in hits]
    assert len(ids) == len(set(ids))
    assert all(h.chunks and all(c.item_id == h.item.id for c in h.chunks) for h in hits)


def test_case_history_across_meetings(herning_engine: Engine) -> None:
    history = herning_engine.case_history("00.00.00-P19-1719-10")
    assert [(i.meeting.date, i.number) for i in history] == [(date(2020, 10, 20), "81"), (date(2021, 6, 23), "5")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_chroma_server_mode(tmp_path: Path) -> None:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma command is not installed next to this Python")
    port = _free_port()
    server = subprocess.Popen([str(chroma), "run", "--host", "127.0.0.1", "--port", str(port),
                               "--path", str(tmp_path / "server")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "chroma server did not start in 60 s"
                time.sleep(0.3)
        engine = open_engine(Settings(data_dir=tmp_path / "data", offline=True,
                                      chroma_url=f"http://127.0.0.1:{port}"))
        engine.ingest([SAMPLES])
        assert engine.status().stats.vectors == 118
        assert not (tmp_path / "data" / "chroma").exists()
        hits = engine.search("Rammeaftale danskuddannelse", k=3, mode=Mode.DENSE)
        assert hits[0].item.case_number == "15.00.00-A00-10-21"
        engine.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
