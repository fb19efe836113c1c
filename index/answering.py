"""The engine process's side of `EngineProcess` (index/process.py): open the engine with the app's settings, then
answer the calls that come over the pipe until the app closes it or is gone.

Calls come as (call id, method, arguments, deadline) and go back as (call id, outcome, value); call id 0 is the
opening. Questions are answered on `ANSWERING_THREADS` threads; meeting briefs, ingests and refreshes elsewhere.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from multiprocessing.connection import Connection
from typing import Any

from index.engine import Engine, open_engine
from referat.errors import EngineBusy, ReferatError
from referat.memory import settle_memory
from referat.settings import Settings

# Questions the engine process works on at once; more wait in its pool. They would only take turns on its one core
# anyway: two threads measured no better than one in the load benchmark (p95 343-382 vs 363-398 ms).
ANSWERING_THREADS = 1
# How often the engine process looks whether the app is still there.
PARENT_CHECK_SECONDS = 1.0
CLOSE = "close"


class Outcome(Enum):
    OPENED = "opened"
    DONE = "done"
    FAILED = "failed"
    PROGRESS = "progress"


def _sendable(error: BaseException) -> BaseException:
    """The error itself when it survives the pipe, else a ReferatError with its message (an exception whose
    constructor takes other arguments than its message cannot be rebuilt on the other side)."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ReferatError(f"{type(error).__name__}: {error}")
    return error


def _answer(engine: Engine, connection: Connection, sending: threading.Lock, call: int, method: str,
            args: tuple[Any, ...], deadline: float | None) -> None:
    def send(outcome: Outcome, value: Any) -> None:
        with sending:
            connection.send((call, outcome, value))

    try:
        if deadline is not None and time.time() > deadline:  # its caller has given up: do not spend a core on it
            raise EngineBusy(f"{method} waited past its time limit in the engine process")
        if method == "ingest":
            value: Any = engine.ingest(args[0], on_result=lambda result: send(Outcome.PROGRESS, result))
        else:
            value = getattr(engine, method)(*args)
        if method == "ingest" or (method == "refresh" and value):
            settle_memory()  # a new snapshot came in: see settle_memory
        send(Outcome.DONE, value)
    except Exception as error:
        with contextlib.suppress(OSError, ValueError):  # the app is gone
            send(Outcome.FAILED, _sendable(error))


# The engine process's threads, by what they run: questions and lookups on `ANSWERING_THREADS`; a meeting brief (a
# search for every item of the meeting: seconds with a model) and ingests and refreshes (seconds to minutes) each on
# one of their own, so that no question queues behind them.
_POOLS = {"answering": ANSWERING_THREADS, "briefing": 1, "rebuilding": 1}
_POOL_OF = {"prepare": "briefing", "ingest": "rebuilding", "refresh": "rebuilding"}
# What the app may call: a call naming anything else is refused (the pipe is ours, but a typo should fail loudly).
_METHODS = frozenset({"ask", "prepare", "item", "case_history", "meetings", "committees", "municipalities",
                      "recent_decisions", "status", "vector_problem", "serving_version", "refresh", "is_empty",
                      "ingest"})


def pool_for(method: str) -> str:
    """The name of the engine process's thread pool a call runs on."""
    return _POOL_OF.get(method, "answering")


def serve_engine(settings: Settings, connection: Connection, app_pid: int, log_level: int = logging.INFO) -> None:
    """The engine process: open the engine, say so, answer calls until the app closes the pipe."""
    if not logging.getLogger().handlers:  # spawned: nothing of the app's logging set-up came along
        logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s [engine]: %(message)s")
    sending = threading.Lock()
    try:
        engine = open_engine(settings)
    except Exception as error:
        connection.send((0, Outcome.FAILED, _sendable(error)))
        return
    settle_memory()
    connection.send((0, Outcome.OPENED, None))
    with contextlib.ExitStack() as stack:
        pools = {name: stack.enter_context(ThreadPoolExecutor(size, thread_name_prefix=name))
                 for name, size in _POOLS.items()}
        while True:
            try:
                if not connection.poll(PARENT_CHECK_SECONDS):
                    # A forked child holds the app's end of the pipe too, so the app's death is no end of file.
                    if os.getppid() != app_pid:
                        break
                    continue
                call, method, args, deadline = connection.recv()
            except (EOFError, OSError):
                break
            if method == CLOSE:
                break
            if method not in _METHODS:
                with sending:
                    connection.send((call, Outcome.FAILED, ReferatError(f"unknown engine call {method!r}")))
                continue
            pools[pool_for(method)].submit(_answer, engine, connection, sending, call, method, args, deadline)
    engine.close()
    gc.collect()
