"""Ingest progress as log lines when output is not a terminal, a bar when it is."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from ingest.progress import LineProgress, format_duration, format_progress, ingest_progress
from ingest.reader import SourceResult


def _results(count: int, bad: set[int]) -> list[SourceResult]:
    return [SourceResult(Path(f"m{n}.json"), error="ikke gyldig JSON" if n in bad else None) for n in range(count)]


def _ticks(step: float) -> Iterator[float]:
    now = 100.0
    while True:
        yield now
        now += step


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_line_every_n_files_with_rate_and_time_left() -> None:
    stream = io.StringIO()
    clock = _ticks(0.5)  # every call half a second later: the start, then one call per progress line
    with ingest_progress(7, stream, every=3, clock=lambda: next(clock)) as progress:
        for result in _results(7, bad={4}):
            progress.update(result)
    assert stream.getvalue().splitlines() == [
        "3/7 filer, 6,0 filer/s, ca. 1 s tilbage",
        "m4.json: ikke gyldig JSON",
        "6/7 filer (1 fejl), 6,0 filer/s, ca. 0 s tilbage",
        "7/7 filer (1 fejl), 4,7 filer/s, færdig efter 2 s",
    ]


def test_default_interval_gives_about_twenty_lines() -> None:
    stream = io.StringIO()
    with ingest_progress(373, stream) as progress:
        assert isinstance(progress, LineProgress)
        for result in _results(373, bad=set()):
            progress.update(result)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 20  # every 19th file, then the last
    assert lines[0].startswith("19/373 filer, ") and lines[-1].startswith("373/373 filer, ")


def test_terminal_gets_the_bar_and_no_log_lines() -> None:
    stream = _Terminal()
    with ingest_progress(2, stream) as progress:
        for result in _results(2, bad={1}):
            progress.update(result)
    output = stream.getvalue()
    assert "m1.json: ikke gyldig JSON" in output
    assert "2/2" in output and "filer/s" not in output


def test_progress_wording() -> None:
    assert format_progress(0, 10, 0, 0.0) == "0/10 filer, 0,0 filer/s"
    assert format_progress(120, 373, 2, 30.0) == "120/373 filer (2 fejl), 4,0 filer/s, ca. 1 min 3 s tilbage"
    assert format_duration(3725) == "1 t 2 min"
