"""The app's state: one engine, kept current in the background, and the first-start ingest of the bundled samples."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index import Answer, Engine, EngineProcess, EngineStatus, Filters, MeetingBrief, QuestionScope, brief_to_markdown
from ingest.reader import SourceResult, find_sources
from referat.errors import EngineUnavailable
from referat.memory import settle_memory
from web.inputs import InputError

if TYPE_CHECKING:
    from ingest.model import AgendaItem, Meeting

log = logging.getLogger(__name__)

# How long a request waits for the first sample ingest before it gives up with a message.
READY_WAIT_SECONDS = 60
READY_POLL_SECONDS = 0.2
NOT_READY = "Referaterne indlæses stadig – prøv igen om et øjeblik."
# How often the app looks for a newer published index (an ingest in another process) and for a vector store that
# came back.
REFRESH_SECONDS = 1.0
# The newest decided items that example questions are drawn from.
EXAMPLE_ITEMS = 500


class ReferatApp:
    """The engine behind the UI and the API (in this process, or in one of its own: `EngineProcess`). Reads run
    concurrently: each request answers from the engine's current snapshot, which a background thread replaces when an
    ingest (here or in another process) has published a newer one. The only writer here is the first-start sample
    ingest, under the data folder's lock."""

    def __init__(self, engine: Engine | EngineProcess, samples: Path | None) -> None:
        self.engine = engine
        self.samples = samples
        self.ready = threading.Event()
        self.loading_message: str | None = None
        self.problem: str | None = None
        self._stop = threading.Event()
        self._decided: tuple[int, list[AgendaItem]] | None = None

    # -- start-up --

    def start(self) -> None:
        """Start keeping current, and load the bundled samples in the background when the index is empty, so the
        page can show progress."""
        threading.Thread(target=self._keep_current, name="index-refresh", daemon=True).start()
        try:
            empty = self.engine.is_empty()
        except EngineUnavailable as error:  # the engine process died at once: its supervisor starts another
            log.warning("cannot tell whether the index is empty: %s", error)
            self.ready.set()
            return
        if not empty:
            settle_memory()
            self.ready.set()
            return
        if self.samples is None or not self.samples.exists():
            log.warning("the index is empty and no sample folder was found (%s); start with an empty index",
                        self.samples)
            self.ready.set()
            return
        self.loading_message = "Indlæser eksempelreferaterne …"
        threading.Thread(target=self._ingest_samples, args=(self.samples,), name="sample-ingest",
                         daemon=True).start()

    def _ingest_samples(self, samples: Path) -> None:
        try:
            files = find_sources([samples])  # listed first, so that the status line can count them down
            log.info("the index is empty: ingesting %d bundled sample file(s) from %s", len(files), samples)
            summary = self.engine.ingest(files, on_result=self._progress_reporter(len(files)))
            log.info("samples ingested: %s", summary.describe())
            if summary.failures:
                self.problem = f"{len(summary.failures)} eksempelfil(er) kunne ikke læses – se serverens log."
        except Exception:  # the app must come up even when the samples cannot be read
            log.exception("ingesting the samples failed")
            self.problem = "Eksempelreferaterne kunne ikke indlæses – se serverens log."
        finally:
            settle_memory()
            self.loading_message = None
            self.ready.set()

    def _keep_current(self) -> None:
        """Swap in each newly published index; runs until `stop`, one check a second. Memory is settled only when a
        new version came in: a swap that retries a vector store that is down keeps the same index, and a full
        collection every few seconds of an outage would stall every request. While the engine process is being
        replaced, that is logged once, not every second."""
        unavailable = False
        while not self._stop.wait(REFRESH_SECONDS):
            try:
                before = self.engine.serving_version()
                if self.engine.refresh() and self.engine.serving_version() != before:
                    settle_memory()
                unavailable = False
            except EngineUnavailable as error:
                if not unavailable:
                    log.warning("cannot keep the index current: %s", error)
                unavailable = True
            except Exception:  # keep serving the last good snapshot; the next round tries again
                log.exception("refreshing the index failed")

    def stop(self) -> None:
        self._stop.set()

    def _progress_reporter(self, total: int) -> Callable[[SourceResult], None]:
        """Logs each file and keeps the status line's progress current."""
        done = 0

        def report(result: SourceResult) -> None:
            nonlocal done
            done += 1
            if result.publication is not None:
                log.info("sample %d/%d indexed: %s (%d items)", done, total, result.path.name,
                         len(result.publication.items))
            else:
                log.warning("sample %d/%d could not be read: %s (%s)", done, total, result.path.name, result.error)
            self.loading_message = f"Indlæser eksempelreferaterne … {done} af {total} filer"

        return report

    def _wait_ready(self) -> None:
        if not self.ready.wait(READY_WAIT_SECONDS):
            raise InputError(NOT_READY)

    async def _await_ready(self) -> None:
        """`_wait_ready` on the event loop, without holding a thread while the samples load."""
        waited = 0.0
        while not self.ready.is_set():
            if waited >= READY_WAIT_SECONDS:
                raise InputError(NOT_READY)
            await asyncio.sleep(READY_POLL_SECONDS)
            waited += READY_POLL_SECONDS

    # -- reads --

    def is_busy(self) -> bool:
        """Whether the status line should show amber: loading, something went wrong, the vector store is down, or
        the engine process stopped."""
        if self.loading_message or self.problem or not self.ready.is_set():
            return True
        try:
            return self.engine.vector_problem() is not None
        except EngineUnavailable:
            return True

    def status_line(self) -> str:
        if self.loading_message:
            return self.loading_message
        line = self.engine.status().describe()
        return f"{self.problem} {line}" if self.problem else line

    def committees(self) -> list[str]:
        return self.engine.committees()

    def meetings(self) -> list[Meeting]:
        return self.engine.meetings()

    def ask(self, question: str, filters: Filters, previous: QuestionScope | None = None) -> Answer:
        self._wait_ready()
        return self.engine.ask(question, filters, previous=previous)

    async def ask_async(self, question: str, filters: Filters, previous: QuestionScope | None = None) -> Answer:
        """`ask` for a caller on the web server's event loop: no worker thread waits for the engine."""
        await self._await_ready()
        return await self.engine.ask_async(question, filters, previous=previous)

    def case_history(self, case_number: str) -> list[AgendaItem]:
        self._wait_ready()
        return self.engine.case_history(case_number)

    def prepare_markdown(self, meeting_id: str) -> str | None:
        self._wait_ready()
        brief = self.engine.prepare(meeting_id)
        return brief_to_markdown(brief) if brief is not None else None

    # -- reads added for issue #13 (status details, examples, export, MCP) --

    def engine_status(self) -> EngineStatus:
        return self.engine.status()

    def municipalities(self) -> list[str]:
        """The municipalities whose minutes the index holds, by name."""
        return self.engine.municipalities()

    def decided_items(self) -> list[AgendaItem]:
        """The newest items with a decision, newest meeting first (for example questions drawn from the index),
        fetched once per published version: every page load shows them."""
        version = self.engine.serving_version()
        remembered = self._decided
        if remembered is None or remembered[0] != version:
            remembered = self._decided = (version, self.engine.recent_decisions(EXAMPLE_ITEMS))
        return remembered[1]

    def item(self, item_id: str) -> AgendaItem | None:
        self._wait_ready()
        return self.engine.item(item_id)

    def brief(self, meeting_id: str) -> MeetingBrief | None:
        self._wait_ready()
        return self.engine.prepare(meeting_id)
