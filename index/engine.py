"""The one way in: every entry point (app, CLIs, eval, API callers) opens an Engine with `open_engine` and asks it
questions, searches, case histories, meeting briefs, ingests and status. `open_engine` is the only place that wires
the embedder, the index and the retriever together."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.answers.composition import DEFAULT_THRESHOLD, compose_answer
from index.answers.meetings import meeting_hits
from index.answers.preparation import MeetingBrief, prepare_meeting
from index.answers.types import Answer
from index.embedding import OFFLINE_REQUESTED, Embedder, load_embedder, load_reranker
from index.model import Filters, ItemHit
from index.search.question import Question, follow_up, interpret
from index.search.retrieval import FusionWeights, Mode, Retriever
from index.storage.index import IndexStats, ReferatIndex, has_index
from index.storage.ingestion import IngestSummary, ingest_into
from ingest.model import AgendaItem, Meeting
from ingest.reader import DEFAULT_MAX_BYTES, SourceResult, find_sources
from referat.errors import IndexingError
from referat.settings import Settings

log = logging.getLogger(__name__)

# Items an answer is composed from.
ANSWER_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class EngineStatus:
    stats: IndexStats
    offline: bool
    offline_reason: str | None

    def describe(self) -> str:
        """The Danish status line the app shows."""
        s = self.stats
        if not self.offline:
            mode = f"model {s.embedder.removeprefix('sentence-transformers:')}"
        elif self.offline_reason in (None, OFFLINE_REQUESTED):
            mode = "offline-tilstand valgt (indbygget leksikalsk vektorisering, ingen model hentet)"
        else:
            mode = ("offline-tilstand: sprogmodellen kunne ikke indlæses, så den indbyggede leksikalske vektorisering "
                    f"bruges ({self.offline_reason})")
        return (f"{s.meetings} møder, {s.items} dagsordenspunkter ({s.items_with_decision} med beslutning), "
                f"{s.chunks} tekststykker · {mode}")


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


class Engine:
    def __init__(self, index: ReferatIndex, retriever: Retriever, threshold: float = DEFAULT_THRESHOLD,
                 municipality: str | None = None) -> None:
        self._index = index
        self._retriever = retriever
        self._municipality = municipality
        self.tuning = Tuning(threshold, retriever.weights, retriever.reranker is not None)

    # -- questions ----------------------------------------------------------------------------------------------

    def interpret(self, question: str, today: date | None = None) -> Question:
        """The question's kind and scope (committee, period, case numbers), read against the indexed committees."""
        return interpret(question, self._index.catalog.committees(), today or date.today())

    def search(self, question: str, filters: Filters = Filters(), k: int = 10, mode: Mode = Mode.HYBRID,
               today: date | None = None) -> list[ItemHit]:
        """The k best agenda items for a question or keywords."""
        return self._retriever.search(self.interpret(question, today), filters, k, mode)

    def reply(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID, today: date | None = None,
              k: int = ANSWER_CANDIDATES, previous: Question | None = None) -> Reply:
        """The answer and the k ranked items it was composed from. `previous` is the last turn's `answer.scope`: a
        follow-up inherits its committee, period and case where it names none of its own."""
        interpreted = self.interpret(question, today)
        if previous is not None:
            interpreted = follow_up(interpreted, previous)
        # A meeting question lists the meeting's items; without such a meeting it is searched like any other.
        hits = (meeting_hits(interpreted, self._index.catalog, filters)
                or self._retriever.search(interpreted, filters, k, mode))
        answer = compose_answer(interpreted, hits, self._index.refresh_lexical(), self.tuning.threshold)
        return Reply(tuple(hits), answer)

    def ask(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
            today: date | None = None, previous: Question | None = None) -> Answer:
        return self.reply(question, filters, mode, today, previous=previous).answer

    def prepare(self, meeting_id: str, with_similar: bool = True) -> MeetingBrief | None:
        """A brief for the meeting: each item's earlier treatments and, unless left out, similar earlier items."""
        return prepare_meeting(meeting_id, self._index.catalog, self._retriever, with_similar)

    # -- lookups ------------------------------------------------------------------------------------------------

    def item(self, item_id: str) -> AgendaItem | None:
        return self._index.catalog.item(item_id)

    def case_history(self, case_number: str) -> list[AgendaItem]:
        return self._index.catalog.case_history(case_number)

    def meetings(self) -> list[Meeting]:
        return self._index.catalog.meetings()

    def committees(self) -> list[str]:
        return self._index.catalog.committees()

    def all_items(self) -> list[AgendaItem]:
        """Every indexed item, in meeting order (the eval resolves its gold references against them)."""
        return self._index.catalog.all_items()

    # -- the index ----------------------------------------------------------------------------------------------

    def ingest(self, paths: Sequence[Path], on_result: Callable[[SourceResult], None] | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> IngestSummary:
        """Index the minutes files in `paths` (folders searched recursively); a bad file is reported, not fatal."""
        return ingest_into(self._index, find_sources(paths), self._municipality, max_bytes, on_result)

    def status(self) -> EngineStatus:
        embedder = self._index.embedder
        return EngineStatus(self._index.stats(), embedder.offline, embedder.offline_reason)

    def is_empty(self) -> bool:
        return self._index.catalog.stats().items == 0

    def close(self) -> None:
        self._index.close()


def open_engine(settings: Settings, *, embedder: Embedder | None = None, weights: FusionWeights | None = None,
                threshold: float = DEFAULT_THRESHOLD, rebuild: bool = False, require_index: bool = False) -> Engine:
    """The engine over `settings.data_dir`. `embedder` replaces loading the configured one (the eval shares it with
    its baseline); `weights` and `threshold` replace the tuned fusion weights and answer threshold; `rebuild` empties
    the index first; `require_index` refuses a folder that holds no index yet."""
    if require_index and not has_index(settings.data_dir):
        raise IndexingError(f"{settings.data_dir} holds no index yet; build one with `python -m ingest PATH...`")
    if embedder is None:
        embedder = load_embedder(settings.model, settings.offline, settings.device, settings.hub_offline)
    opener = ReferatIndex.rebuild if rebuild else ReferatIndex
    index = opener(settings.data_dir, embedder, settings.chroma_url)
    reranker = load_reranker(settings.reranker, settings.device) if settings.reranker else None
    return Engine(index, Retriever(index, weights, reranker), threshold, settings.municipality)
