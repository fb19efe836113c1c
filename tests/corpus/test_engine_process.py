"""The engine in a process of its own (what the app answers with): the same answers as the engine in this process,
progress and results of an ingest through it, and a clear error — never a hang — when that process is gone."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import index.process as process_module
from index import Answer, Engine, EngineProcess, Filters, Settings
from index.answering import pool_for
from ingest.reader import SourceResult
from referat.errors import EngineBusy, EngineStopped

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
QUESTION = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"


@pytest.fixture(scope="module")
def engine_process(herning_data: Path) -> Iterator[EngineProcess]:
    process = EngineProcess(Settings(data_dir=herning_data, offline=True))
    yield process
    process.close()


def test_answers_are_the_engines_own(engine_process: EngineProcess, herning_engine: Engine) -> None:
    here = herning_engine.ask(QUESTION, Filters())
    there = engine_process.ask(QUESTION, Filters())
    assert there.text == here.text
    assert [c.item.id for c in there.citations] == [c.item.id for c in here.citations]
    assert there.citations[0].item.case_number == here.citations[0].item.case_number


def test_answers_awaited_on_an_event_loop_are_the_engines_own(engine_process: EngineProcess,
                                                              herning_engine: Engine) -> None:
    async def ask_both() -> list[Answer]:
        return list(await asyncio.gather(engine_process.ask_async(QUESTION, Filters()),
                                         herning_engine.ask_async(QUESTION, Filters())))

    there, here = asyncio.run(ask_both())
    assert there.text == here.text == herning_engine.ask(QUESTION, Filters()).text
    assert [c.item.id for c in there.citations] == [c.item.id for c in here.citations]


def test_briefs_and_rebuilds_run_beside_the_questions_never_before_them() -> None:
    asked = pool_for("ask")
    assert {pool_for(m) for m in ("item", "case_history", "status", "committees")} == {asked}
    assert pool_for("prepare") != asked and pool_for("ingest") == pool_for("refresh") != asked


def test_lookups_come_back_whole(engine_process: EngineProcess, herning_engine: Engine) -> None:
    assert engine_process.meetings() == herning_engine.meetings()
    assert engine_process.committees() == herning_engine.committees()
    newest = engine_process.recent_decisions(3)
    assert newest == herning_engine.recent_decisions(3)
    assert all(item.decision for item in newest)


def test_an_ingest_with_reading_workers_runs_in_the_engine_process(tmp_path: Path) -> None:
    """Eight files or more are read by worker processes, which only a non-daemonic engine process may start."""
    process = EngineProcess(Settings(data_dir=tmp_path / "data", offline=True))
    try:
        summary = process.ingest([_eight_files(tmp_path)])
        assert (len(summary.failures), summary.new) == (0, 2)
        assert process.ask(QUESTION, Filters()).citations
    finally:
        process.close()


def test_a_failing_progress_callback_stops_neither_the_ingest_nor_later_calls(tmp_path: Path) -> None:
    def broken(_result: SourceResult) -> None:
        raise RuntimeError("boom")

    process = EngineProcess(Settings(data_dir=tmp_path / "data", offline=True))
    try:
        assert not process.ingest([SAMPLES], on_result=broken).failures
        assert process.committees()
    finally:
        process.close()


def test_a_call_past_its_time_limit_says_the_engine_is_busy(engine_process: EngineProcess,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_module, "CALL_SECONDS", 1e-6)
    with pytest.raises(EngineBusy):  # the app gave up waiting, or the engine process saw the deadline pass first
        engine_process.committees()
    monkeypatch.undo()
    assert engine_process.committees()  # the late reply was dropped; the next call is answered


def test_a_question_awaited_past_its_time_limit_says_the_engine_is_busy(engine_process: EngineProcess,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_module, "CALL_SECONDS", 1e-6)
    with pytest.raises(EngineBusy):
        asyncio.run(engine_process.ask_async(QUESTION, Filters()))
    monkeypatch.undo()
    assert asyncio.run(engine_process.ask_async(QUESTION, Filters())).found


def test_a_question_whose_caller_went_away_is_answered_into_the_void(engine_process: EngineProcess) -> None:
    # A browser that disconnects cancels its question after it was sent; the reply then settles a cancelled future,
    # and the reply thread must go on: the same engine process answers the next question.
    pid = engine_process.pid

    async def ask_and_leave() -> None:
        asked = asyncio.create_task(engine_process.ask_async(QUESTION, Filters()))
        await asyncio.sleep(0)  # sent
        asked.cancel()
        deadline = time.monotonic() + 30
        while engine_process._waiting and time.monotonic() < deadline:  # until its reply came
            await asyncio.sleep(0.01)

    asyncio.run(ask_and_leave())
    assert not engine_process._waiting and engine_process._unanswered == 0
    assert asyncio.run(engine_process.ask_async(QUESTION, Filters())).found
    assert engine_process.pid == pid


def test_calls_are_refused_while_too_many_are_unanswered(engine_process: EngineProcess,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A hung engine process reads nothing; the web server must not block on a full pipe.
    monkeypatch.setattr(engine_process, "_unanswered", process_module.UNANSWERED_LIMIT)
    with pytest.raises(EngineBusy, match="unanswered"):
        engine_process.committees()
    monkeypatch.undo()
    assert engine_process.committees()


def test_closing_fails_a_running_ingest_at_once(tmp_path: Path) -> None:
    process = EngineProcess(Settings(data_dir=tmp_path / "data", offline=True))
    failed: list[BaseException] = []

    def ingest() -> None:
        try:
            process.ingest([_eight_files(tmp_path)])  # long enough (reading workers start) to be closed in between
        except EngineStopped as error:
            failed.append(error)

    running = threading.Thread(target=ingest)
    running.start()
    time.sleep(0.2)
    process.close()
    running.join(30)
    assert not running.is_alive()
    assert len(failed) == 1 and "closed" in str(failed[0])
    assert process.pid is None


def test_an_ingest_reports_each_file_and_answers_from_the_result(tmp_path: Path) -> None:
    process = EngineProcess(Settings(data_dir=tmp_path / "data", offline=True))
    try:
        assert process.is_empty()
        reported: list[SourceResult] = []
        summary = process.ingest([SAMPLES], on_result=reported.append)
        assert sorted(r.path.name for r in reported) == sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
        assert not summary.failures
        assert not process.is_empty()
        assert process.ask(QUESTION, Filters()).citations
    finally:
        process.close()


def test_a_dead_engine_process_fails_calls_in_one_line_until_a_new_one_answers(herning_data: Path) -> None:
    process = EngineProcess(Settings(data_dir=herning_data, offline=True))
    try:
        first = process.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        with pytest.raises(EngineStopped):
            _call_until_failure(process)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(EngineStopped):
                assert process.ask(QUESTION, Filters()).citations
                break
            time.sleep(0.5)
        else:
            pytest.fail("no new engine process answered within 120 s")
        assert process.pid != first
    finally:
        process.close()


def _call_until_failure(process: EngineProcess) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        process.committees()
        time.sleep(0.05)


ORPHAN_CHECK = """
import sys
from pathlib import Path
from index import EngineProcess, Settings
process = EngineProcess(Settings(data_dir=Path(sys.argv[1]), offline=True))
print(process.pid, flush=True)
sys.stdin.read()
"""


def test_the_engine_process_ends_with_the_app(herning_data: Path) -> None:
    app = subprocess.Popen([sys.executable, "-c", ORPHAN_CHECK, str(herning_data)], cwd=ROOT, text=True,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert app.stdout is not None
    engine_pid = int(app.stdout.readline())
    app.kill()  # no goodbye: the engine process must notice by itself
    app.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(engine_pid):
        time.sleep(0.2)
    assert not _alive(engine_pid)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped by its (new) parent."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _eight_files(tmp_path: Path) -> Path:
    """The two bundled samples, four copies each under other names: enough files for ingest's reading workers."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for copy in range(4):
        for sample in SAMPLES.iterdir():
            (folder / f"{sample.stem}-{copy}{sample.suffix}").write_bytes(sample.read_bytes())
    return folder
