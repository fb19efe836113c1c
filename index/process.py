"""An engine in a process of its own, called like the engine.

One Python process answers on one core at a time: the web server's own work (HTTP, Gradio's queue, some 7 ms a
request) and the engine's (some 4-6 ms a question) took turns on one core while the other idled. With the engine here
the web process only serves pages, and the engine's heavy background work — reopening the index after an ingest, tens
of CPU seconds — no longer stalls a page.

Calls go over a pipe (the engine process's side is index/answering.py), each with a time limit but ingests and
refreshes; a call that outlives its limit fails with `EngineBusy`. When the process stops, every waiting call fails
with `EngineStopped`, one line for the user, and so does every call until a new engine process has opened the index.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkProcess, SpawnContext, SpawnProcess
from pathlib import Path
from typing import Any

from index.answering import CLOSE, Outcome, serve_engine
from index.answers.preparation import MeetingBrief
from index.answers.types import Answer
from index.model import Filters
from index.search.question import Question
from index.search.retrieval import Mode
from index.status import EngineStatus
from index.storage.ingestion import IngestSummary
from ingest.model import AgendaItem, Meeting
from ingest.reader import SourceResult
from referat.errors import EngineBusy, EngineStopped, ReferatError
from referat.settings import Settings

log = logging.getLogger(__name__)

# Longest wait for an answer or a lookup (queueing included); opening a large index with a model takes minutes.
CALL_SECONDS = 60.0
# Calls the engine process may have unanswered before more are refused as busy: each is some hundred bytes in a pipe
# of 64 kB, and a send into a full pipe would block its caller (the web server's event loop, for questions).
UNANSWERED_LIMIT = 128
OPEN_SECONDS = 900.0
# Calls with other limits: a meeting brief searches for every item of the meeting; ingest and refresh build what the
# engine answers from (minutes on a large corpus, and no user waits on them).
_LIMITS: dict[str, float | None] = {"prepare": 180.0, "ingest": None, "refresh": None}
_CLOSED = "the engine process was closed"
# The pause before starting a new engine process after one died, doubled after each failed try up to the second.
RESTART_SECONDS = (1.0, 60.0)


def _end(link: _Link) -> None:
    """Ask the engine process to close, wait for it (forcing it after a while), then close the pipe."""
    with contextlib.suppress(OSError, ValueError):
        link.connection.send((0, CLOSE, (), None))
    link.process.join(10)
    for force in (link.process.terminate, link.process.kill):
        if link.process.is_alive():
            force()
            link.process.join(5)
    link.reader.join(5)
    link.connection.close()


def _fail(waiting: list[Future[Any]], why: str) -> None:
    for future in waiting:
        with contextlib.suppress(InvalidStateError):  # done, or cancelled by a waiter that gave up
            future.set_exception(EngineStopped(why))


def _process_context() -> ForkContext | SpawnContext:
    """Fork while this process runs no other thread (the app makes the engine process before it starts any): the
    child shares the imported modules' memory and starts at once. Otherwise spawn, which is safe with threads."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True, slots=True)
class _Link:
    """One engine process, the app's end of its pipe, and the thread reading its replies."""

    process: ForkProcess | SpawnProcess
    connection: Connection
    reader: threading.Thread


class EngineProcess:
    """The engine's reads and the app's writes (the first-start sample ingest), answered by an `Engine` opened with
    the same settings in a process of its own. Thread-safe: any number of callers at a time. A supervising thread
    replaces a process that died (pauses growing while starting fails); meanwhile calls fail with `EngineStopped`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()  # the link, the state below, and sending (one writer on the pipe at a time)
        self._link: _Link | None = None
        self._stopped: str | None = "the engine process is starting"
        self._closed = False
        self._waiting: dict[int, Future[Any]] = {}
        self._unanswered = 0  # calls sent to the current process that it has not answered yet
        self._progress: dict[int, Callable[[SourceResult], None]] = {}
        self._ids = itertools.count(1)
        link = self._start()
        # Not a daemon (a daemon process may not start the workers an ingest reads files with), so it is closed
        # before multiprocessing waits for it at exit.
        atexit.register(self.close)
        threading.Thread(target=self._supervise, args=(link,), name="engine-supervisor", daemon=True).start()

    @property
    def pid(self) -> int | None:
        link = self._link
        return link.process.pid if link is not None else None

    # -- the process's life -----------------------------------------------------------------------------------

    def _start(self) -> _Link:
        """Start an engine process and wait until it has opened the index; its own error (e.g. an index built by
        another model) is raised here."""
        context = _process_context()
        connection, child = context.Pipe()
        process = context.Process(target=serve_engine,
                                  args=(self._settings, child, os.getpid(), logging.getLogger().getEffectiveLevel()),
                                  name="referat-engine")
        process.start()
        child.close()
        opened: Future[None] = Future()
        reader = threading.Thread(target=self._receive, args=(connection, opened), name="engine-replies", daemon=True)
        reader.start()
        link = _Link(process, connection, reader)
        try:
            opened.result(OPEN_SECONDS)
        except BaseException as error:
            _end(link)
            if isinstance(error, FutureTimeout):
                raise EngineStopped(f"the engine process did not open the index within {OPEN_SECONDS:.0f} s") from None
            raise
        with self._lock:
            if self._closed:
                _end(link)
                raise EngineStopped(_CLOSED)
            self._link, self._stopped, self._unanswered = link, None, 0
        log.info("answering in engine process %d", process.pid)
        return link

    def _supervise(self, link: _Link) -> None:
        """Wait for the engine process to end; unless the app closed it, fail what waited on it and start another."""
        while True:
            link.reader.join()  # it reads until the pipe ends: the process exited or was closed
            link.process.join(1)
            if link.process.is_alive():  # its replies stopped (the reply thread failed): it answers no one now
                _end(link)
            why = f"the engine process stopped (exit code {link.process.exitcode}); a new one is being started"
            if not self._stop(why):
                return
            log.error("%s", why)
            pause = RESTART_SECONDS[0]
            while True:
                time.sleep(pause)
                if self._closed:
                    return
                try:
                    link = self._start()
                    break
                except Exception as error:
                    log.error("the engine process could not be restarted: %s", error)
                    pause = min(pause * 2, RESTART_SECONDS[1])

    def _stop(self, why: str) -> bool:
        """No more calls go to the current process; those waiting fail with `why`. False when the app closed it."""
        with self._lock:
            if self._closed:
                return False
            self._link, self._stopped = None, why
            waiting = self._take_waiting()
        _fail(waiting, why)
        return True

    def close(self) -> None:
        """Stop the engine process (it closes its engine and exits); calls waiting on it fail."""
        with self._lock:
            if self._closed:
                return
            self._closed, self._stopped = True, _CLOSED
            link, self._link = self._link, None
            waiting = self._take_waiting()
        _fail(waiting, _CLOSED)
        if link is not None:
            _end(link)

    def _take_waiting(self) -> list[Future[Any]]:
        """The calls waiting on the current process, forgotten here (the caller holds the lock)."""
        waiting = list(self._waiting.values())
        self._waiting.clear()
        self._progress.clear()
        return waiting

    # -- the wire ---------------------------------------------------------------------------------------------

    def _receive(self, connection: Connection, opened: Future[None]) -> None:
        """Read replies until the pipe ends; the first says whether the engine opened."""
        while True:
            try:
                call, outcome, value = connection.recv()
            except (EOFError, OSError):
                break
            except Exception as error:  # a reply that cannot be read: its caller cannot be told which it was
                log.error("unreadable reply from the engine process: %s", error)
                self._settled(0)
                continue
            if call == 0:
                if outcome is Outcome.FAILED:
                    opened.set_exception(value)
                else:
                    opened.set_result(None)
            elif outcome is Outcome.PROGRESS:
                self._report(call, value)
            elif (future := self._settled(call)) is not None:
                self._progress.pop(call, None)
                with contextlib.suppress(InvalidStateError):  # its waiter gave up meanwhile (cancelled it)
                    if outcome is Outcome.FAILED:
                        future.set_exception(value)
                    else:
                        future.set_result(value)
        if not opened.done():
            opened.set_exception(EngineStopped("the engine process stopped while opening the index"))

    def _settled(self, call: int) -> Future[Any] | None:
        """The future of a call the engine process answered (None when its waiter gave up); one call fewer in the
        pipe."""
        with self._lock:
            self._unanswered = max(self._unanswered - 1, 0)
            return self._waiting.pop(call, None)

    def _report(self, call: int, result: SourceResult) -> None:
        """A caller's progress callback, on the reply thread: it must be quick and never call the engine."""
        if (report := self._progress.get(call)) is None:
            return
        try:
            report(result)
        except Exception:  # a broken callback must not stop the replies to everyone else
            log.exception("a progress callback failed")

    def _call(self, method: str, *args: Any, progress: Callable[[SourceResult], None] | None = None) -> Any:
        call, future, limit = self._send(method, args, progress)
        try:
            return future.result(limit)
        except FutureTimeout:
            if future.done():  # the engine's own error, which happens to be a timeout
                raise
            raise self._gave_up(call, method, limit) from None

    async def _call_async(self, method: str, *args: Any) -> Any:
        """`_call` for a caller on an event loop: it waits without a thread of its own (the web server answers API
        calls on its event loop instead of handing each to a worker thread and back)."""
        call, future, limit = self._send(method, args, None)
        try:
            async with asyncio.timeout(limit) as waited:
                return await asyncio.wrap_future(future)
        except TimeoutError:
            if not waited.expired():  # the engine's own error, which happens to be a timeout
                raise
            raise self._gave_up(call, method, limit) from None

    def _send(self, method: str, args: tuple[Any, ...],
              progress: Callable[[SourceResult], None] | None) -> tuple[int, Future[Any], float | None]:
        """Send a call; its number, the future its reply settles and its time limit."""
        limit = _LIMITS.get(method, CALL_SECONDS)
        future: Future[Any] = Future()
        with self._lock:
            link = self._link
            if link is None:
                raise EngineStopped(self._stopped or _CLOSED)
            if self._unanswered >= UNANSWERED_LIMIT:
                # A hung engine process reads nothing: more calls would fill the pipe, and the next send would block
                # the web server's event loop.
                raise EngineBusy(f"the engine process has {self._unanswered} calls unanswered")
            self._unanswered += 1
            call = next(self._ids)
            self._waiting[call] = future
            if progress is not None:
                self._progress[call] = progress
            try:
                # The deadline lets the engine process skip a question its caller stopped waiting for.
                link.connection.send((call, method, args, time.time() + limit if limit is not None else None))
            except Exception as error:
                self._waiting.pop(call, None)
                self._progress.pop(call, None)
                self._unanswered -= 1
                if isinstance(error, (OSError, ValueError)):  # the process is going: its supervisor says so soon
                    raise EngineStopped("the engine process stopped; a new one is being started") from None
                raise ReferatError(f"the engine process cannot be sent {method}: {error}") from None
        return call, future, limit

    def _gave_up(self, call: int, method: str, limit: float | None) -> EngineBusy:
        with self._lock:
            self._waiting.pop(call, None)
            self._progress.pop(call, None)
        return EngineBusy(f"the engine gave no answer to {method} within {limit or 0:.0f} s")

    # -- the engine's methods, as the app calls them --------------------------------------------------------

    def ask(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
            today: date | None = None, previous: Question | None = None) -> Answer:
        answer: Answer = self._call("ask", question, filters, mode, today, previous)
        return answer

    async def ask_async(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
                        today: date | None = None, previous: Question | None = None) -> Answer:
        answer: Answer = await self._call_async("ask", question, filters, mode, today, previous)
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

