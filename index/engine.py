"""The one way in: every entry point (app, CLIs, eval, API callers) opens an Engine with `open_engine` and asks it
questions, searches, case histories, meeting briefs, ingests and status. `open_engine` is the only place that wires
the embedder, the index and the retriever together."""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from index.answers.composition import DEFAULT_THRESHOLD, compose_answer
from index.answers.meetings import meeting_hits
from index.answers.preparation import MeetingBrief, prepare_meeting
from index.answers.reading import ItemReadings
from index.answers.types import Answer
from index.embedding import Embedder, Reranker, load_embedder, load_reranker
from index.model import Filters, ItemHit
from index.search.question import Question, QuestionKind, follow_up, interpret
from index.search.retrieval import FusionWeights, Mode, Retriever
from index.status import EngineStatus
from index.storage.catalog import Catalog
from index.storage.index import ReferatIndex, Snapshot, has_index, open_snapshot, writer_lock
from index.storage.ingestion import IngestSummary, ingest_into
from index.storage.lexical import LexicalIndex, published_version
from ingest.model import AgendaItem, Meeting
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, find_sources
from referat.errors import IndexingError, VectorStoreUnavailable, WriterBusy
from referat.lru import LruCache
from referat.settings import Settings

log = logging.getLogger(__name__)

# Items an answer is composed from.
ANSWER_CANDIDATES = 10
# How long a replaced snapshot stays open for requests that started on it.
RETIRE_SECONDS = 60
# How often a vector store that stopped answering is tried again (each try waits up to the connect timeout).
VECTOR_RETRY_SECONDS = 5.0
# Replies remembered (a few kB each).
REPLY_CACHE_SIZE = 2048
# Questions awaited at once on this process's engines (`ask_async`; the web server reads this many at a time):
# asyncio's default executor has only the cores + 4 threads.
ASYNC_ASKERS = 16
_askers = ThreadPoolExecutor(ASYNC_ASKERS, thread_name_prefix="engine-ask")


@dataclass(frozen=True, slots=True)
class Tuning:
    """What an engine answers with besides the index: what an eval result must state to be reproducible."""

    threshold: float
    weights: FusionWeights
    reranker: bool


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer together with the ranked items it was composed from."""

    hits: tuple[ItemHit, ...]
    answer: Answer


@dataclass(frozen=True, slots=True)
class Remembered:
    """How much an engine holds in memory besides its snapshot: replies, and items read for answers."""

    replies: int
    item_terms: int
    item_sentences: int


@dataclass(frozen=True, slots=True)
class Serving:
    """What requests answer from, swapped whole: one snapshot's retriever and what answers have read of its items
    (a newer snapshot reads them afresh, so nothing read with an older vocabulary outlives it)."""

    retriever: Retriever
    readings: ItemReadings


def readings_of(retriever: Retriever, before: ItemReadings | None = None) -> ItemReadings:
    """What answers read of the retriever's items (its item index's terms); `before`'s items read again now."""
    readings = ItemReadings(retriever.snapshot.lexical, indexed=retriever.item_index.item_terms)
    if before is not None and (read := readings.read_again(before, retriever.items.items)):
        log.info("read %d items again for the new snapshot", read)
    return readings


class Engine:
    """Questions are answered from the current snapshot (one published state of the index), any number at a time;
    `refresh` swaps in a newer one when a writer has published it, and `ingest` writes under the folder's lock."""

    def __init__(self, settings: Settings, embedder: Embedder, weights: FusionWeights | None = None,
                 threshold: float = DEFAULT_THRESHOLD, reranker: Reranker | None = None) -> None:
        self._settings = settings
        self._embedder = embedder
        self._weights = weights
        self._reranker = reranker
        self._threshold = threshold
        self._swap = threading.Lock()  # one refresh at a time; readers never take it
        snapshot = self._open()
        retriever = Retriever(snapshot, weights, reranker)
        self._serving = Serving(retriever, readings_of(retriever))
        self._outage: str | None = None  # the vector store stopped answering during a question
        self._retired: list[tuple[float, Snapshot]] = []
        self._replies: LruCache[Hashable, Reply] = LruCache(REPLY_CACHE_SIZE if settings.reply_cache else 0)
        self._tried_vectors = 0.0
        self.tuning = Tuning(threshold, self._serving.retriever.weights, reranker is not None)

    def _open(self, lexical: LexicalIndex | None = None) -> Snapshot:
        s = self._settings
        return open_snapshot(s.data_dir, self._embedder, s.chroma_url, lexical)

    def _current(self) -> Retriever:
        return self._serving.retriever  # one attribute read: a request keeps the snapshot it started with

    # -- keeping current ---------------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Open the newest published state and swap it in when it differs from the current one (or when the vector
        store was down and may be back); True when swapped. Requests go on meanwhile with the old snapshot."""
        with self._swap:
            serving = self._serving
            current = serving.retriever.snapshot
            published = published_version(self._settings.data_dir)
            newer = published is not None and published != current.version
            down = (current.vectors is None and current.vector_problem is not None) or self._outage is not None
            retry = down and time.monotonic() - self._tried_vectors >= VECTOR_RETRY_SECONDS
            if not newer and not retry:
                return False
            self._tried_vectors = time.monotonic()
            lexical = None if newer else current.lexical
            snapshot = self._open(lexical)
            try:  # the item index and spelling corrector are built here, in the background, never on a request
                retriever = Retriever(snapshot, self._weights, self._reranker, serving.retriever.item_index)
            except BaseException:
                snapshot.close()  # a swap that fails leaves nothing open: the app tries again every second
                raise
            self._serving = Serving(retriever, readings_of(retriever, serving.readings) if newer else serving.readings)
            self._outage = None if snapshot.vectors is not None else snapshot.vector_problem
            self._retire(current)
            log.info("now answering from version %d (%d chunks)%s", snapshot.version, len(snapshot.lexical),
                     f"; vector store down: {snapshot.vector_problem}" if snapshot.vector_problem else "")
            return True

    def serving_version(self) -> int:
        """The published version the engine answers from now."""
        return self._current().snapshot.version

    def _retire(self, old: Snapshot) -> None:
        """Close snapshots once no request can still be using them (requests take well under a minute)."""
        now = time.monotonic()
        keep = []
        for retired_at, snapshot in self._retired:
            if now - retired_at > RETIRE_SECONDS:
                snapshot.close()
            else:
                keep.append((retired_at, snapshot))
        self._retired = [*keep, (now, old)]

    # -- questions ----------------------------------------------------------------------------------------------

    def interpret(self, question: str, today: date | None = None) -> Question:
        """The question's kind and scope (committee, period, case numbers), read against the indexed committees."""
        return self._interpret(self._current(), question, today)

    @staticmethod
    def _interpret(retriever: Retriever, question: str, today: date | None) -> Question:
        interpreted = interpret(question, retriever.committees, today or date.today(), retriever.municipalities)
        spelled = retriever.item_index.correct(interpreted.text)
        return replace(interpreted, spelled=spelled) if spelled != interpreted.text else interpreted

    def _search(self, retriever: Retriever, scope: Question, filters: Filters, k: int, mode: Mode) -> list[ItemHit]:
        """Hybrid search that falls back to the lexical side while the vector store is down, and says so."""
        if mode is Mode.HYBRID and self._outage is not None:
            mode = Mode.LEXICAL
        try:
            return retriever.search(scope, filters, k, mode)
        except VectorStoreUnavailable as error:
            if mode is not Mode.HYBRID:
                raise
            if self._outage is None:
                log.warning("answering from the lexical side until the vector store is back: %s", error)
            self._outage = str(error)
            return retriever.search(scope, filters, k, Mode.LEXICAL)

    def search(self, question: str, filters: Filters = Filters(), k: int = 10, mode: Mode = Mode.HYBRID,
               today: date | None = None) -> list[ItemHit]:
        """The k best agenda items for a question or keywords."""
        retriever = self._current()
        return self._search(retriever, self._interpret(retriever, question, today), filters, k, mode)

    def reply(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID, today: date | None = None,
              k: int = ANSWER_CANDIDATES, previous: Question | None = None) -> Reply:
        """The answer and the k ranked items it was composed from. `previous` is the last turn's `answer.scope`: a
        follow-up inherits its committee, period and case where it names none of its own. Replies are remembered
        per snapshot (a newer one starts afresh): citizens ask the same questions, and a reply is immutable."""
        serving = self._serving
        retriever = serving.retriever
        day = today or date.today()
        key = (retriever.snapshot.version, question, filters, mode, day, k, previous)
        if self._outage is None and (cached := self._replies.get(key)) is not None:
            return cached
        interpreted = self._interpret(retriever, question, day)
        if previous is not None:
            interpreted = follow_up(interpreted, previous)
        # A meeting question lists the meeting's items; without such a meeting it is searched like any other.
        hits = (meeting_hits(interpreted, retriever.snapshot.catalog, filters)
                or self._search(retriever, interpreted, filters, k, mode))
        answer = compose_answer(interpreted, hits, retriever.snapshot.lexical, self.tuning.threshold, serving.readings)
        reply = Reply(answered_first(hits, answer), answer)
        if self._outage is None and retriever is self._current():
            self._replies.put(key, reply)
        return reply

    def ask(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
            today: date | None = None, previous: Question | None = None) -> Answer:
        return self.reply(question, filters, mode, today, previous=previous).answer

    async def ask_async(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
                        today: date | None = None, previous: Question | None = None) -> Answer:
        """`ask` for a caller on an event loop: answered on a worker thread, as the engine process answers it in a
        process of its own."""
        return await asyncio.get_running_loop().run_in_executor(
            _askers, functools.partial(self.ask, question, filters, mode, today, previous))

    def prepare(self, meeting_id: str, with_similar: bool = True) -> MeetingBrief | None:
        """A brief for the meeting: each item's earlier treatments and, unless left out, similar earlier items."""
        retriever = self._current()
        if self._outage is not None:
            with_similar = False  # similar items need the vector store; the brief's case history does not
        return prepare_meeting(meeting_id, retriever.snapshot.catalog, retriever, with_similar)

    # -- lookups ------------------------------------------------------------------------------------------------

    def _catalog(self) -> Catalog:
        return self._current().snapshot.catalog

    def item(self, item_id: str) -> AgendaItem | None:
        return self._catalog().item(item_id)

    def case_history(self, case_number: str) -> list[AgendaItem]:
        return self._catalog().case_history(case_number)

    def meetings(self) -> list[Meeting]:
        return self._catalog().meetings()

    def committees(self) -> list[str]:
        return self._catalog().committees()

    def municipalities(self) -> list[str]:
        return self._catalog().municipalities()

    def all_items(self) -> list[AgendaItem]:
        """Every indexed item, in meeting order (the eval resolves its gold references against them)."""
        return self._catalog().all_items()

    def recent_decisions(self, count: int) -> list[AgendaItem]:
        """The `count` newest items with a decision, newest meeting first (the app draws example questions from
        them)."""
        decided = [item for item in self._catalog().all_items() if item.decision]
        return sorted(decided, key=lambda item: item.meeting.date, reverse=True)[:count]

    # -- the index ----------------------------------------------------------------------------------------------

    def ingest(self, paths: Sequence[Path], on_result: Callable[[SourceResult], None] | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, rebuild: bool = False, answer: bool = True) -> IngestSummary:
        """Index the minutes files in `paths` (folders searched recursively); a bad file is reported, not fatal.
        Holds the data folder's writer lock (WriterBusy when another ingest has it). With `answer` this engine
        answers from the result as soon as it returns; without, it answers from what it had until `refresh` (an
        ingest from the command line asks nothing, and the item index and spelling corrector built for answering
        cost as much CPU as a quarter of the ingest)."""
        s = self._settings
        with writer_lock(s.data_dir):
            opener = ReferatIndex.rebuild if rebuild else ReferatIndex
            index = opener(s.data_dir, self._embedder, s.chroma_url)
            try:
                summary = ingest_into(index, find_sources(paths), s.municipality, max_bytes, on_result)
            finally:
                index.close()
        if answer:
            self.refresh()
        return summary

    def publish(self) -> bool:
        """Build and publish the lexical index when the published one lags the catalog (an index written before
        publishing existed, or an ingest killed before it published), unless a writer is busy; True when done."""
        s = self._settings
        snapshot = self._current().snapshot
        if snapshot.catalog.version() == snapshot.version:
            return False
        try:
            with writer_lock(s.data_dir):
                index = ReferatIndex(s.data_dir, self._embedder, s.chroma_url)
                try:
                    index.refresh_lexical()
                finally:
                    index.close()
        except WriterBusy:
            log.info("an ingest is running; it publishes the lexical index when it is done")
            return False
        except IndexingError as error:  # e.g. the vector store is down: answer from what was published
            log.warning("could not bring the lexical index up to date: %s", error)
            return False
        return self.refresh()

    def status(self, compare: bool = False) -> EngineStatus:
        """Counts of the current snapshot; `compare` also checks the vector store against the catalog."""
        snapshot = self._current().snapshot
        embedder = snapshot.embedder
        return EngineStatus(snapshot.stats(compare and self._outage is None), embedder.offline,
                            embedder.offline_reason, self.vector_problem())

    def published_status(self) -> EngineStatus:
        """Counts of the published state, whether or not this engine answers from it yet (nothing is built for
        answering)."""
        snapshot = self._open()
        try:
            embedder = snapshot.embedder
            return EngineStatus(snapshot.stats(), embedder.offline, embedder.offline_reason, snapshot.vector_problem)
        finally:
            snapshot.close()

    def vector_problem(self) -> str | None:
        """Why the vector store is not answering (questions then use the lexical side), or None."""
        return self._outage or self._current().snapshot.vector_problem

    def remembered(self) -> Remembered:
        """What is remembered now; the items read belong to the current snapshot (a newer one starts with none)."""
        terms, sentences = self._serving.readings.remembered()
        return Remembered(len(self._replies), terms, sentences)

    def is_empty(self) -> bool:
        return self._catalog().stats().items == 0

    def close(self) -> None:
        self._current().snapshot.close()
        for _, snapshot in self._retired:
            snapshot.close()
        self._retired = []


def open_engine(settings: Settings, *, embedder: Embedder | None = None, weights: FusionWeights | None = None,
                threshold: float = DEFAULT_THRESHOLD, rebuild: bool = False, require_index: bool = False,
                publish_stale: bool = True) -> Engine:
    """The engine over `settings.data_dir`. `embedder` replaces loading the configured one (the eval shares it with
    its baseline); `weights` and `threshold` replace the tuned fusion weights and answer threshold; `rebuild` empties
    the index first (under the writer lock); `require_index` refuses a folder that holds no index yet;
    `publish_stale` brings a lagging lexical index up to date first (an ingest about to write leaves it off)."""
    if require_index and not has_index(settings.data_dir):
        raise IndexingError(f"{settings.data_dir} holds no index yet; build one with `python -m ingest PATH...`")
    if embedder is None:
        embedder = load_embedder(settings.model, settings.offline, settings.device, settings.hub_offline)
    if rebuild:
        with writer_lock(settings.data_dir):
            ReferatIndex.rebuild(settings.data_dir, embedder, settings.chroma_url).close()
    reranker = load_reranker(settings.reranker, settings.device) if settings.reranker else None
    engine = Engine(settings, embedder, weights, threshold, reranker)
    if publish_stale:
        engine.publish()
    return engine


def answered_first(hits: Sequence[ItemHit], answer: Answer) -> tuple[ItemHit, ...]:
    """The ranked items with the one the answer is taken from first: the answer chose it over those ranked above it
    by reading them whole (the period asked about, the topic's numbers, how much of the topic each holds), and the
    sources are listed in the order the reader is told to trust them."""
    if not answer.found or not answer.citations or answer.kind is QuestionKind.MEETING:
        return tuple(hits)
    chosen = answer.citations[0].item.id
    return (*(h for h in hits if h.item.id == chosen), *(h for h in hits if h.item.id != chosen))
