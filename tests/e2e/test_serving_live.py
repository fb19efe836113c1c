"""The app in model mode keeps answering while `python -m ingest` adds 20 Greve meetings to its data folder from
another process: no request fails, none takes over 5 s, and a new meeting is cited without a restart."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from gradio_client import Client

from eval.serving import rss_bytes, running_app
from ingest.reader import read_publication
from tests.conftest import corpus_folder
from tests.e2e.serving import run_cli
from tests.tiny_model import build_tiny_model

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SLOWEST_SECONDS = 5.0
MAX_ROUNDS = 400
QUESTIONS = ["Hvad besluttede udvalget om budgettet?", "Hvad er indstillingen om skolerne?",
             "Godkendelse af referat", "Hvad skete der med ældreområdet?"]


def _ask_until(url: str, done: threading.Event, timings: list[float], errors: list[str], filtered: bool) -> None:
    """One citizen: questions back to back (half of them filtered) until the ingest is over, and three rounds more."""
    client = Client(url, verbose=False)
    after = 0
    for n in range(MAX_ROUNDS):
        if done.is_set():
            after += 1
            if after > 3:
                return
        started = time.monotonic()
        try:
            dates = ("2022-01-01", "2022-12-31") if filtered and n % 2 else ("", "")
            answer, _ = client.predict(question=QUESTIONS[n % len(QUESTIONS)], committee="Alle",
                                       date_from=dates[0], date_to=dates[1], only_decisions=False, api_name="/ask")
            assert isinstance(answer, str) and answer
        except Exception as error:  # every failure is recorded, and fails the test below
            errors.append(f"{type(error).__name__}: {error}")
        timings.append(time.monotonic() - started)


def test_answers_stay_fast_and_current_while_another_process_ingests(tmp_path: Path) -> None:
    files = sorted(corpus_folder("greve").glob("*.json"))
    first, added = files[:20], files[100:120]
    model = build_tiny_model(tmp_path / "model", [f.read_text(encoding="utf-8") for f in first + added])
    data = tmp_path / "data"
    built = run_cli("ingest", "--data", str(data), "--model", str(model), *map(str, first))
    assert built.returncode == 0, built.stderr[-2000:]
    newest = read_publication(added[-1])
    day = newest.meeting.date.isoformat()
    with running_app(data, tmp_path / "app.log", "--model", str(model)) as (url, app):
        done = threading.Event()
        timings: list[float] = []
        errors: list[str] = []
        citizens = [threading.Thread(target=_ask_until, args=(url, done, timings, errors, filtered))
                    for filtered in (False, True)]
        for citizen in citizens:
            citizen.start()
        try:
            ingest = run_cli("ingest", "--data", str(data), "--model", str(model), *map(str, added))
        finally:
            done.set()
            for citizen in citizens:
                citizen.join(timeout=300)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        assert "20 new, 0 replaced, 0 unchanged, 0 failed meetings" in ingest.stdout
        assert errors == []
        assert len(timings) > 20 and max(timings) < SLOWEST_SECONDS, sorted(timings)[-5:]
        client = Client(url, verbose=False)
        cited: set[str] = set()
        for _ in range(30):  # the app swaps the new index in within a second or two
            _, citations = client.predict(question=newest.items[0].title, committee="Alle", date_from=day,
                                          date_to=day, only_decisions=False, api_name="/ask")
            cited = {c["date"] for c in citations}
            if cited:
                break
            time.sleep(0.5)
        assert cited == {day}
        assert rss_bytes(app.pid) < 1024**3
