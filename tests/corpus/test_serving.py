"""Readers and one writer on one data folder: snapshots that follow another process's ingest, the writer lock,
vectors repaired by a re-run, and summaries that say what changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from index import Filters, Mode, Settings, open_engine
from index.__main__ import main as index_main
from index.embedding import HashingEmbedder, load_sentence_transformer
from index.storage.index import ReferatIndex, Snapshot, writer_lock
from index.storage.lexical import LEXICAL_LINK
from ingest.__main__ import main as ingest_main
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES, ROOT, SAMPLES
from tests.tiny_model import build_tiny_model

MINUTES_DAY = date(2021, 6, 23)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [HERNING_MINUTES.read_text(encoding="utf-8"), HERNING_AGENDA.read_text(encoding="utf-8")]
    return build_tiny_model(tmp_path_factory.mktemp("model"), texts)


def _ingest_elsewhere(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m ingest` in a process of its own, as an operator runs it beside the app."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "ingest", "--data", str(data), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_a_reader_sees_another_process_ingest_after_refresh_with_a_model(tiny_model: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _ingest_elsewhere(data, "--model", str(tiny_model), str(HERNING_AGENDA))
    assert first.returncode == 0, first.stderr
    engine = open_engine(Settings(data_dir=data), embedder=load_sentence_transformer(str(tiny_model), device="cpu"))
    only_minutes = Filters(date_from=MINUTES_DAY, date_to=MINUTES_DAY)
    assert engine.search("danskuddannelse", only_minutes, mode=Mode.DENSE) == []
    second = _ingest_elsewhere(data, "--model", str(tiny_model), str(HERNING_MINUTES))
    assert second.returncode == 0, second.stderr
    # Until it refreshes, the reader answers from the state it opened.
    assert engine.search("danskuddannelse", only_minutes, mode=Mode.DENSE) == []
    opened = engine.serving_version()
    assert engine.refresh() is True
    assert engine.serving_version() > opened
    filtered = engine.search("danskuddannelse", only_minutes, k=20, mode=Mode.DENSE)
    assert len(filtered) == 7 and {h.item.meeting.date for h in filtered} == {MINUTES_DAY}
    unfiltered = engine.search("danskuddannelse rammeaftale", k=20, mode=Mode.DENSE)
    assert {h.item.meeting.date for h in unfiltered} == {MINUTES_DAY, date(2020, 10, 20)}
    assert engine.refresh() is False
    engine.close()


def test_a_second_writer_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from index.storage.index import writer_lock\n"
         f"with writer_lock(Path({str(data)!r})):\n    print('held', flush=True); sys.stdin.read()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        status = ingest_main([str(SAMPLES), "--offline", "--data", str(data)])
    finally:
        holder.communicate("", timeout=30)
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines() == [f"Error: another ingest is writing to {data} (it holds {data / 'writer.lock'}); "
                                "wait until it has finished and try again"]


def test_the_lexical_index_is_published_through_a_link_to_a_folder_of_its_own(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert ingest_main([str(HERNING_AGENDA), "--offline", "--data", str(data)]) == 0
    first = (data / LEXICAL_LINK).resolve()
    assert ingest_main([str(HERNING_MINUTES), "--offline", "--data", str(data)]) == 0
    second = (data / LEXICAL_LINK).resolve()
    assert (data / LEXICAL_LINK).is_symlink() and first != second
    assert sorted(p.name for p in data.glob(f"{LEXICAL_LINK}-*")) == sorted([first.name, second.name])
    assert not list(data.glob("*.tmp")) and not list(data.glob("*.link"))


def test_summaries_say_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert ingest_main([str(HERNING_AGENDA), "--offline", "--data", str(data)]) == 0
    assert ingest_main([str(SAMPLES), "--offline", "--data", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == ("Indexed: 1 new, 0 replaced, 1 unchanged, 0 failed meetings; 7 items (7 with a decision), "
                       "39 chunks written")


def test_lost_vectors_are_shown_by_stats_and_repaired_by_a_plain_rerun(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert ingest_main([str(SAMPLES), "--offline", "--data", str(data)]) == 0
    with writer_lock(data):
        index = ReferatIndex(data, HashingEmbedder())
        lost = sorted(index.vectors.ids())[:5]
        index.vectors.delete(lost)
        index.close()
    capsys.readouterr()
    assert index_main(["stats", "--offline", "--data", str(data)]) == 0
    assert ("vectors:      5 missing, 0 stale; a plain re-run of `python -m ingest PATH...` repairs them"
            in capsys.readouterr().out.splitlines())
    assert ingest_main([str(SAMPLES), "--offline", "--data", str(data)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Indexed: 0 new, 0 replaced, 1 unchanged, 0 failed meetings; 0 items (0 with a decision), 0 chunks written; "
        "vectors repaired for 1 meetings, 0 stale vectors removed")
    assert index_main(["stats", "--offline", "--data", str(data)]) == 0
    assert "chunks:       118 (118 vectors)" in capsys.readouterr().out.splitlines()


def test_a_swap_that_fails_leaves_no_snapshot_open_and_the_next_try_swaps(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    engine = open_engine(Settings(data_dir=tmp_path / "data", offline=True))
    try:
        engine.ingest([HERNING_MINUTES])
        writer = open_engine(Settings(data_dir=tmp_path / "data", offline=True))
        writer.ingest([HERNING_AGENDA], answer=False)
        writer.close()
        opened: list[Snapshot] = []
        open_snapshot = engine._open

        def recorded(lexical: object = None) -> Snapshot:
            opened.append(open_snapshot(lexical))  # type: ignore[arg-type]
            return opened[-1]

        def failing(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the item index could not be built")
        with monkeypatch.context() as patched:
            patched.setattr(engine, "_open", recorded)
            patched.setattr("index.engine.Retriever", failing)
            with pytest.raises(RuntimeError):
                engine.refresh()
        assert len(opened) == 1
        with pytest.raises(sqlite3.ProgrammingError):  # its catalog is closed
            opened[0].catalog.stats()
        assert engine.refresh() is True
        assert engine.ask("Hvad er indstillingen om udbud af danskuddannelsen?").found
    finally:
        engine.close()
