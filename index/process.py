"""An engine in a process of its own, called like the engine.

One Python process answers on one core at a time: the web server's own work (HTTP, Gradio's queue, some 7 ms a
request) and the engine's (some 4-6 ms a question) took turns on one core while the other idled. With the engine here
the web process only serves pages, and the engine's heavy background work — reopening the index after an ingest, tens
of CPU seconds — no longer stalls a page.

Calls go over a pipe as (call id, method, arguments) and come back as (call id, outcome, value); a pool of threads in
the engine process answers them concurrently, as the engine allows. Every call has a time limit. When the process
stops, every waiting call fails with `EngineStopped`, one line for the user, and so does every call until a new
engine process has opened the index.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from enum import Enum
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkProcess, SpawnContext, SpawnProcess
from pathlib import Path
from typing import Any

from index.answers.preparation import MeetingBrief
from index.answers.types import Answer
from index.engine import Engine, EngineStatus, open_engine
from index.model import Filters
from index.search.question import Question
from index.search.retrieval import Mode
from index.storage.ingestion import IngestSummary
from ingest.model import AgendaItem, Meeting
from ingest.reader import SourceResult
from referat.errors import EngineStopped, ReferatError
from referat.memory import settle_memory
from referat.settings import Settings

log = logging.getLogger(__name__)

# Questions the engine process works on at once; more wait in its pool. They would only take turns on its one core
# anyway: two threads measured no better than one in the load benchmark (p95 343-382 vs 363-398 ms).
ANSWERING_THREADS = 1
# Longest wait for an answer, a case history or a brief; opening a large index with a model takes minutes.
CALL_SECONDS = 60.0
OPEN_SECONDS = 900.0
# Calls that build or rebuild what the engine answers from: minutes on a large corpus, and no user waits on them.
_UNBOUNDED = frozenset({"ingest", "refresh"})
# The pause before starting a new engine process after one died, doubled after each failed try up to the second.
RESTART_SECONDS = (1.0, 60.0)
# How often the engine process looks whether the app is still there.
PARENT_CHECK_SECONDS = 1.0
_CLOSE = "close"


class _Outcome(Enum):
    OPENED = "opened"
    DONE = "done"
    FAILED = "failed"
    PROGRESS = "progress"


def _process_context() -> ForkContext | SpawnContext:
    """Fork while this process runs no other thread (the app makes the engine process before it starts any): the
    child shares the imported modules' memory and starts at once. Otherwise spawn, which is safe with threads."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class EngineProcess:
    """The engine's reads and the app's writes (the first-start sample ingest), answered by an `Engine` opened with
    the same settings in a process of its own. Thread-safe: any number of callers at a time. When the process dies,
    calls fail with `EngineStopped` while a new one is started (a pause between tries that grows while they fail)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._sending = threading.Lock()
        self._waiting: dict[int, Future[Any]] = {}
        self._progress: dict[int, Callable[[SourceResult], None]] = {}
        self._ids = itertools.count(1)
        self._stopped: str | None = "the engine process is starting"
        self._closed = False
        self._restarting = False
        self._connection: Connection | None = None
        self._process: ForkProcess | SpawnProcess | None = None
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        """Start an engine process and wait until it has opened the index; its own error (e.g. an index built by
        another model) is raised here."""
        context = _process_context()
        connection, child = context.Pipe()
        process = context.Process(target=serve_engine,
                                  args=(self._settings, child, os.getpid(), logging.getLogger().getEffectiveLevel()),
                                  name="referat-engine", daemon=True)
        process.start()
        child.close()
        opened: Future[Any] = Future()
        with self._sending:
            self._connection, self._process = connection, process
            self._waiting[0] = opened
        threading.Thread(target=self._receive, args=(connection, process), name="engine-replies", daemon=True).start()
        try:
            opened.result(OPEN_SECONDS)
        except FutureTimeout:
            process.terminate()
            raise EngineStopped(f"the engine process did not open the index within {OPEN_SECONDS:.0f} s") from None
        self._stopped = None
        log.info("answering in engine process %d", process.pid)

    def _restart(self) -> None:
        pause = RESTART_SECONDS[0]
        try:
            while not self._closed:
                time.sleep(pause)
                try:
                    self._start()
                    return
                except Exception as error:
                    log.error("the engine process could not be restarted: %s", error)
                    pause = min(pause * 2, RESTART_SECONDS[1])
        finally:
            self._restarting = False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # -- the wire ---------------------------------------------------------------------------------------------

    def _receive(self, connection: Connection, process: ForkProcess | SpawnProcess) -> None:
        while True:
            try:
                call, outcome, value = connection.recv()
            except (EOFError, OSError):
                break
            except Exception as error:  # a reply that cannot be read: its caller cannot be told which it was
                log.error("unreadable reply from the engine process: %s", error)
                continue
            if outcome is _Outcome.PROGRESS:
                if (report := self._progress.get(call)) is not None:
                    report(value)
                continue
            waiting = self._waiting.pop(call, None)
            self._progress.pop(call, None)
            if waiting is None:
                continue
            if outcome is _Outcome.FAILED:
                waiting.set_exception(value)
            else:
                waiting.set_result(value)
        if self._closed:
            return
        process.join(1)
        self._stop_waiting(f"the engine process stopped (exit code {process.exitcode}); a new one is being started")
        if not self._restarting and self._waiting.get(0) is None:  # an opening that fails is `_start`'s to report
            self._restarting = True
            threading.Thread(target=self._restart, name="engine-restart", daemon=True).start()

    def _stop_waiting(self, why: str) -> None:
        self._stopped = why
        log.error("%s", why)
        for call in list(self._waiting):
            if (waiting := self._waiting.pop(call, None)) is not None and not waiting.done():
                waiting.set_exception(EngineStopped(why))

    def _call(self, method: str, *args: Any, progress: Callable[[SourceResult], None] | None = None) -> Any:
        if self._stopped is not None:
            raise EngineStopped(self._stopped)
        call = next(self._ids)
        waiting: Future[Any] = Future()
        self._waiting[call] = waiting
        if progress is not None:
            self._progress[call] = progress
        if self._stopped is not None:  # stopped while this call was being registered: no reply will come
            self._waiting.pop(call, None)
            raise EngineStopped(self._stopped)
        try:
            with self._sending:
                if self._connection is None:
                    raise OSError("not started")
                self._connection.send((call, method, args))
        except (OSError, ValueError) as error:
            self._waiting.pop(call, None)
            raise EngineStopped(f"the engine process cannot be reached: {error}") from None
        try:
            return waiting.result(None if method in _UNBOUNDED else CALL_SECONDS)
        except FutureTimeout:
            self._waiting.pop(call, None)
            raise EngineStopped(f"the engine gave no answer to {method} within {CALL_SECONDS:.0f} s") from None

    # -- the engine's methods, as the app calls them --------------------------------------------------------

    def ask(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
            today: date | None = None, previous: Question | None = None) -> Answer:
        answer: Answer = self._call("ask", question, filters, mode, today, previous)
        return answer

    def prepare(self, meeting_id: str, with_similar: bool = True) -> MeetingBrief | None:
        brief: MeetingBrief | None = self._call("prepare", meeting_id, with_similar)
        return brief

    def item(self, item_id: str) -> AgendaItem | None:
        item: AgendaItem | None = self._call("item", item_id)
        return item

    def case_history(self, case_number: str) -> list[AgendaItem]:
        items: list[AgendaItem] = self._call("case_history", case_number)
        return items

    def meetings(self) -> list[Meeting]:
        meetings: list[Meeting] = self._call("meetings")
        return meetings

    def committees(self) -> list[str]:
        committees: list[str] = self._call("committees")
        return committees

    def municipalities(self) -> list[str]:
        municipalities: list[str] = self._call("municipalities")
        return municipalities

    def recent_decisions(self, count: int) -> list[AgendaItem]:
        items: list[AgendaItem] = self._call("recent_decisions", count)
        return items

    def status(self, compare: bool = False) -> EngineStatus:
        status: EngineStatus = self._call("status", compare)
        return status

    def vector_problem(self) -> str | None:
        problem: str | None = self._call("vector_problem")
        return problem

    def serving_version(self) -> int:
        version: int = self._call("serving_version")
        return version

    def refresh(self) -> bool:
        swapped: bool = self._call("refresh")
        return swapped

    def is_empty(self) -> bool:
        empty: bool = self._call("is_empty")
        return empty

    def ingest(self, paths: Sequence[Path], on_result: Callable[[SourceResult], None] | None = None) -> IngestSummary:
        summary: IngestSummary = self._call("ingest", list(paths), progress=on_result)
        return summary

    def close(self) -> None:
        """Stop the engine process: it closes its engine and exits."""
        self._closed = True
        self._stopped = "the engine process was closed"
        with self._sending:
            connection, process = self._connection, self._process
            if connection is not None:
                with contextlib.suppress(OSError, ValueError):
                    connection.send((0, _CLOSE, ()))
                connection.close()
        if process is not None:
            process.join(10)
            if process.is_alive():
                process.terminate()
                process.join(5)


# -- the engine process --------------------------------------------------------------------------------------------


def _sendable(error: BaseException) -> BaseException:
    """The error itself when it survives the pipe, else a ReferatError with its message (an exception whose
    constructor takes other arguments than its message cannot be rebuilt on the other side)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ReferatError(f"{type(error).__name__}: {error}")
    return error


def _answer(engine: Engine, connection: Connection, sending: threading.Lock, call: int, method: str,
            args: tuple[Any, ...]) -> None:
    def send(outcome: _Outcome, value: Any) -> None:
        with sending:
            connection.send((call, outcome, value))

    try:
        if method == "ingest":
            value: Any = engine.ingest(args[0], on_result=lambda result: send(_Outcome.PROGRESS, result))
        else:
            value = getattr(engine, method)(*args)
        if method == "ingest" or (method == "refresh" and value):
            settle_memory()  # a new snapshot came in: see settle_memory
        send(_Outcome.DONE, value)
    except Exception as error:
        with contextlib.suppress(OSError, ValueError):  # the app is gone
            send(_Outcome.FAILED, _sendable(error))


# What the app may call: a call naming anything else is refused (the pipe is ours, but a typo should fail loudly).
_METHODS = frozenset({"ask", "prepare", "item", "case_history", "meetings", "committees", "municipalities",
                      "recent_decisions", "status", "vector_problem", "serving_version", "refresh", "is_empty",
                      "ingest"})


def serve_engine(settings: Settings, connection: Connection, app_pid: int, log_level: int = logging.INFO) -> None:
    """The engine process: open the engine, say so, answer calls until the app closes the pipe."""
    if not logging.getLogger().handlers:  # spawned: nothing of the app's logging set-up came along
        logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s [engine]: %(message)s")
    sending = threading.Lock()
    try:
        engine = open_engine(settings)
    except Exception as error:
        connection.send((0, _Outcome.FAILED, _sendable(error)))
        return
    settle_memory()
    connection.send((0, _Outcome.OPENED, None))
    # Ingests and refreshes (seconds to minutes) in a thread of their own, so that questions never queue behind them.
    with ThreadPoolExecutor(ANSWERING_THREADS, thread_name_prefix="answering") as answering, \
            ThreadPoolExecutor(1, thread_name_prefix="rebuilding") as rebuilding:
        while True:
            try:
                if not connection.poll(PARENT_CHECK_SECONDS):
                    # A forked child holds the app's end of the pipe too, so the app's death is no end of file.
                    if os.getppid() != app_pid:
                        break
                    continue
                call, method, args = connection.recv()
            except (EOFError, OSError):
                break
            if method == _CLOSE:
                break
            if method not in _METHODS:
                with sending:
                    connection.send((call, _Outcome.FAILED, ReferatError(f"unknown engine call {method!r}")))
                continue
            pool = rebuilding if method in _UNBOUNDED else answering
            pool.submit(_answer, engine, connection, sending, call, method, args)
    engine.close()
    gc.collect()
