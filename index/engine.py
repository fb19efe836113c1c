"""One object for the app, the eval and API callers: the index, its retriever and the answering rules together."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.answer import DEFAULT_THRESHOLD, Answer, answer_question
from index.embedding import OFFLINE_REQUESTED, load_embedder
from index.indexer import IndexStats, ReferatIndex, ingest_into
from index.model import Filters
from index.preparation import MeetingBrief, prepare_meeting
from index.retrieval import Mode, Retriever
from referat.settings import Settings
from ingest.model import AgendaItem, Meeting
from ingest.pipeline import IngestSummary
from ingest.reader import find_sources

log = logging.getLogger(__name__)


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


class Engine:
    def __init__(self, index: ReferatIndex, retriever: Retriever, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.index = index
        self.retriever = retriever
        self.threshold = threshold

    def status(self) -> EngineStatus:
        embedder = self.index.embedder
        return EngineStatus(self.index.stats(), embedder.offline, getattr(embedder, "reason", None))

    def is_empty(self) -> bool:
        return self.index.catalog.stats().items == 0

    def ingest(self, paths: list[Path], on_result: object = None) -> IngestSummary:
        return ingest_into(self.index, find_sources(paths), on_result=on_result)  # type: ignore[arg-type]

    def ask(self, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
            today: date | None = None) -> Answer:
        return answer_question(self.retriever, question, filters, mode, self.threshold, today)

    def item(self, item_id: str) -> AgendaItem | None:
        return self.index.catalog.item(item_id)

    def case_history(self, case_number: str) -> list[AgendaItem]:
        return self.index.catalog.case_history(case_number)

    def meetings(self) -> list[Meeting]:
        return self.index.catalog.meetings()

    def committees(self) -> list[str]:
        return self.index.catalog.committees()

    def prepare(self, meeting_id: str) -> MeetingBrief | None:
        return prepare_meeting(meeting_id, self.retriever)

    def close(self) -> None:
        self.index.close()


def open_engine(settings: Settings) -> Engine:
    embedder = load_embedder(settings.model, settings.offline, settings.device, settings.hub_offline)
    index = ReferatIndex(settings.data_dir, embedder, settings.chroma_url)
    reranker = load_reranker(settings.reranker, settings.device) if settings.reranker else None
    return Engine(index, Retriever(index, reranker=reranker))


def load_reranker(model: str, device: str | None) -> object | None:
    """A cross-encoder, or None (reranking off) when it cannot be loaded without waiting on the network."""
    from index.embedding import ModelUnavailable, hub_reachable, pick_device

    local = Path(model).expanduser()
    if not local.exists() and not hub_reachable():
        log.warning("reranker %s is not a local path and the hub cannot be reached; reranking is off", model)
        return None
    try:
        from sentence_transformers import CrossEncoder

        return CrossEncoder(str(local) if local.exists() else model, device=pick_device(device))
    except Exception as error:  # noqa: BLE001 — reranking is optional
        log.warning("reranker %s could not be loaded (%s); reranking is off", model, ModelUnavailable(str(error)))
        return None
