"""Ingest progress: a tqdm bar on a terminal, and a plain line every N files where output goes to a log, cron or CI
(a bar there is one endless line of carriage returns, or nothing at all)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from tqdm import tqdm

from ingest.reader import SourceResult

# Lines per run when output is not a terminal: often enough to see it move, few enough to read.
LINES_PER_RUN = 20


def format_duration(seconds: float) -> str:
    """"45 s", "3 min 5 s", "1 t 2 min"."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} t {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def format_progress(done: int, total: int, failed: int, elapsed: float) -> str:
    """"120/373 filer (2 fejl), 4,0 filer/s, ca. 1 min 3 s tilbage" — Danish decimal comma."""
    failures = f" ({failed} fejl)" if failed else ""
    rate = done / elapsed if elapsed > 0 else 0.0
    line = f"{done}/{total} filer{failures}, {rate:.1f} filer/s".replace(".", ",")
    if done >= total:
        return f"{line}, færdig efter {format_duration(elapsed)}"
    if rate > 0:
        return f"{line}, ca. {format_duration((total - done) / rate)} tilbage"
    return line


@dataclass
class LineProgress:
    """Writes a progress line every `every` files and after the last one."""

    total: int
    stream: TextIO
    every: int
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    failed: int = 0
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def update(self, result: SourceResult) -> None:
        self.done += 1
        self.failed += result.error is not None
        if result.error:
            self.note(f"{result.path}: {result.error}")
        if self.done % self.every == 0 or self.done == self.total:
            self.note(format_progress(self.done, self.total, self.failed, self.clock() - self.started))

    def note(self, message: str) -> None:
        print(message, file=self.stream, flush=True)


@dataclass
class BarProgress:
    """The tqdm bar for a terminal; messages go above it."""

    bar: tqdm
    stream: TextIO

    def update(self, result: SourceResult) -> None:
        self.bar.update()
        if result.error:
            self.note(f"{result.path}: {result.error}")

    def note(self, message: str) -> None:
        tqdm.write(message, file=self.stream)


@contextmanager
def ingest_progress(total: int, stream: TextIO, every: int | None = None,
                    clock: Callable[[], float] = time.monotonic) -> Iterator[LineProgress | BarProgress]:
    """The progress display for `total` files on `stream`: a bar when it is a terminal, else log lines every
    `every` files (default: about LINES_PER_RUN lines per run)."""
    if stream.isatty():
        with tqdm(total=total, unit="fil", file=stream) as bar:
            yield BarProgress(bar, stream)
        return
    yield LineProgress(total, stream, every or max(1, math.ceil(total / LINES_PER_RUN)), clock)
