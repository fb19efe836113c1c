"""Data folders on a real `chroma run` server: independent collections, repair by a plain re-run, a server killed
mid-ingest, and a hung server that slows one question down to the timeout and stops nobody else."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from gradio_client import Client

from eval.serving import ENV, ROOT, free_port, running_app
from tests.conftest import HERNING_AGENDA, HERNING_MINUTES, SAMPLES, corpus_folder
from tests.e2e.serving import chroma_server, run_cli
from tests.tiny_model import build_tiny_model

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The client's read timeout is 4 s; a question that meets a hung server is answered from the lexical side after it.
HUNG_ANSWER_SECONDS = 10.0
QUESTION = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [HERNING_MINUTES.read_text(encoding="utf-8"), HERNING_AGENDA.read_text(encoding="utf-8")]
    return build_tiny_model(tmp_path_factory.mktemp("model"), texts)


def _stats(data: Path, url: str, model: Path) -> list[str]:
    result = run_cli("index", "stats", "--data", str(data), "--chroma-url", url, "--model", str(model))
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith(("chunks:", "vectors:"))]


def _ingest(data: Path, url: str, model: Path, *paths: Path | str) -> tuple[int, list[str], list[str]]:
    result = run_cli("ingest", "--data", str(data), "--chroma-url", url, "--model", str(model), *map(str, paths))
    return result.returncode, result.stdout.splitlines(), messages(result.stderr)


def messages(stderr: str) -> list[str]:
    """What a command said on stderr, without the model's loading bar and ingest's progress lines (written where
    stderr is not a terminal: "3/20 filer, 0,4 filer/s, ca. 40 s tilbage")."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("Loading weights")
            and not re.match(r"\d+/\d+ filer\b", line)]


def test_folders_stay_independent_and_lost_vectors_come_back(tiny_model: Path, tmp_path: Path) -> None:
    with chroma_server(tmp_path / "chroma", tmp_path / "chroma.log") as (url, _):
        a, b = tmp_path / "a", tmp_path / "b"
        assert _ingest(a, url, tiny_model, SAMPLES)[0] == 0
        assert _ingest(b, url, tiny_model, HERNING_MINUTES)[0] == 0
        assert _stats(b, url, tiny_model) == ["chunks:       39 (39 vectors)"]
        assert _ingest(a, url, tiny_model, "--rebuild", SAMPLES)[0] == 0
        assert _stats(a, url, tiny_model) == ["chunks:       118 (118 vectors)"]
        assert _stats(b, url, tiny_model) == ["chunks:       39 (39 vectors)"]
        # Lose some of B's vectors behind its back; stats shows it, and a plain re-run puts it right.
        drop = ("from pathlib import Path; from index.storage.index import ReferatIndex, writer_lock; "
                "from index.embedding import load_sentence_transformer as load; "
                f"d = Path({str(b)!r})\n"
                f"with writer_lock(d):\n    i = ReferatIndex(d, load({str(tiny_model)!r}, 'cpu'), {url!r}); "
                "i.vectors.delete(sorted(i.vectors.ids())[:7])")
        assert run_cli("tests.e2e.run_code", drop).returncode == 0
        assert _stats(b, url, tiny_model) == [
            "chunks:       39 (32 vectors)",
            "vectors:      7 missing, 0 stale; a plain re-run of `python -m ingest PATH...` repairs them"]
        status, out, _ = _ingest(b, url, tiny_model, HERNING_MINUTES)
        assert status == 0 and out[-1].endswith("vectors repaired for 1 meetings, 0 stale vectors removed")
        assert _stats(b, url, tiny_model) == ["chunks:       39 (39 vectors)"]


def _meetings(data: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data / 'catalog.sqlite'}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_server_killed_mid_ingest_gives_one_line_and_a_rerun_completes(tiny_model: Path, tmp_path: Path) -> None:
    files = sorted(corpus_folder("greve").glob("*.json"))[:20]
    data, port = tmp_path / "data", free_port()
    with chroma_server(tmp_path / "chroma", tmp_path / "chroma.log", port) as (url, server):
        ingest = subprocess.Popen([sys.executable, "-m", "ingest", "--data", str(data), "--chroma-url", url,
                                   "--model", str(tiny_model), *map(str, files)], cwd=ROOT, env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The deadline only guards against a hung ingest: the wait ends as soon as three meetings are in, however
        # slowly a loaded machine gets there (a fixed 120 s was missed at load 6).
        deadline = time.monotonic() + 900
        while _meetings(data) < 3 and time.monotonic() < deadline and ingest.poll() is None:
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        assert ingest.poll() is None, "the ingest ended before the server was killed"
        out, err = ingest.communicate(timeout=300)
    kept = _meetings(data)
    assert ingest.returncode == 2
    assert 3 <= kept < 20
    assert messages(err) == []
    assert len(out.splitlines()) == 1 and "STOPPED: " in out and "the meetings before it are indexed" in out
    with chroma_server(tmp_path / "chroma", tmp_path / "chroma.log", port) as (url, _):
        status, out_lines, _ = _ingest(data, url, tiny_model, *files)
        assert status == 0, out_lines
        assert out_lines[-1].startswith(f"Indexed: {20 - kept} new, 0 replaced, {kept} unchanged, 0 failed")
        stats = _stats(data, url, tiny_model)
        assert len(stats) == 1 and stats[0].startswith("chunks:")
    assert _meetings(data) == 20


def test_unreachable_server_is_one_line_and_exit_2(tiny_model: Path, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    status, out, err = _ingest(tmp_path / "data", url, tiny_model, HERNING_MINUTES)
    assert status == 2 and out == []
    assert len(err) == 1 and err[0].startswith(f"Error: the Chroma server at {url} cannot be reached")


def test_a_hung_server_slows_one_question_to_the_timeout_and_no_one_else(tiny_model: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with chroma_server(tmp_path / "chroma", tmp_path / "chroma.log") as (url, server):
        assert _ingest(data, url, tiny_model, SAMPLES)[0] == 0
        with running_app(data, tmp_path / "app.log", "--chroma-url", url, "--model", str(tiny_model)) as (app, _):
            clients = [Client(app, verbose=False) for _ in range(3)]
            _, citations = clients[0].predict(question=QUESTION, api_name="/ask")
            assert citations
            server.send_signal(signal.SIGSTOP)
            try:
                times: list[float] = [0.0] * 3
                answers: list[int] = [0] * 3

                def ask(n: int) -> None:
                    started = time.monotonic()
                    # Questions not asked before: a remembered reply would not touch the vector store.
                    answers[n] = len(clients[n].predict(question=f"{QUESTION} ({n})", api_name="/ask")[1])
                    times[n] = time.monotonic() - started

                first = threading.Thread(target=ask, args=(0,))
                first.start()
                time.sleep(0.5)
                others = [threading.Thread(target=ask, args=(n,)) for n in (1, 2)]
                for thread in others:
                    thread.start()
                for thread in [first, *others]:
                    thread.join(timeout=60)
                assert all(t < HUNG_ANSWER_SECONDS for t in times), times
                assert all(answers), answers  # answered from the lexical side
                started = time.monotonic()
                assert clients[1].predict(question=f"{QUESTION} (igen)", api_name="/ask")[0]
                assert time.monotonic() - started < 1.0  # once it is known to be down, nobody waits for it
            finally:
                server.send_signal(signal.SIGCONT)
        assert "answering from the lexical side until the vector store is back" in (tmp_path / "app.log").read_text()
