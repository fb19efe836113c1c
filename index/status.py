"""What the app's status line says of an engine: the index's counts, whether a model answers, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from index.embedding import OFFLINE_REQUESTED
from index.storage.index import IndexStats


@dataclass(frozen=True, slots=True)
class EngineStatus:
    stats: IndexStats
    offline: bool
    offline_reason: str | None
    # Why the vector store is not answering (the app then answers from the lexical side), or None.
    vector_problem: str | None = None

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
        line = (f"{s.meetings} møder, {s.items} dagsordenspunkter ({s.items_with_decision} med beslutning), "
                f"{s.chunks} tekststykker · {mode}")
        if self.vector_problem:
            line += " · vektorlageret svarer ikke, så svarene bygger kun på ordsøgning"
        return line
