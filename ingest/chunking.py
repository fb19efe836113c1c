"""Agenda items → retrievable chunks. A chunk never mixes two items, and the decision is a chunk of its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.model import AgendaItem, Chunk, SectionKind

# Paragraphs, lines, then Danish sentence ends before words; "kr. 5" and "jf. §" only split when nothing else fits.
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ": ", ", ", " ", ""]


@dataclass(frozen=True, slots=True)
class ChunkingConfig:
    """Sizes in characters. 1,100 characters of Danish are about 300 XLM-R tokens, well inside a 512-token window
    even with the context line and a model prompt."""

    chunk_size: int = 1100
    chunk_overlap: int = 150

    def __post_init__(self) -> None:
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError(f"chunk_overlap must be in [0, chunk_size); got {self.chunk_overlap} "
                             f"and {self.chunk_size}")


@lru_cache(maxsize=8)
def _splitter(config: ChunkingConfig) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=config.chunk_size,
        chunk_overlap=config.chunk_overlap,
        separators=_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )


def context_line(item: AgendaItem) -> str:
    meeting = item.meeting
    line = f"{meeting.committee} · {meeting.date:%d.%m.%Y} · Punkt {item.number}: {item.title}"
    return f"{line} · Sag {item.case_number}" if item.case_number else line


def _decision_text(item: AgendaItem) -> str | None:
    """The decision with the recommendation it answers, or the recommendation alone on an agenda."""
    parts = [f"{s.heading or 'Beslutning'}: {s.text}" for s in item.decisions]
    if item.recommendation:
        parts.append(f"Indstilling: {item.recommendation}")
    return "\n\n".join(parts) or None


def _body_blocks(item: AgendaItem) -> list[tuple[SectionKind, str]]:
    skip = {SectionKind.BESLUTNING, SectionKind.INDSTILLING}
    return [(s.kind, f"{s.heading}\n{s.text}" if s.heading else s.text) for s in item.sections
            if s.kind not in skip and s.text]


def _pack(pieces: Iterable[tuple[SectionKind, str]], limit: int) -> list[tuple[SectionKind, str]]:
    """Greedily join consecutive small pieces (short sections) so an item does not become a dozen tiny chunks."""
    packed: list[tuple[SectionKind, str]] = []
    for kind, text in pieces:
        if packed and len(packed[-1][1]) + len(text) + 2 <= limit:
            packed[-1] = (packed[-1][0], f"{packed[-1][1]}\n\n{text}")
        else:
            packed.append((kind, text))
    return packed


def chunk_item(item: AgendaItem, config: ChunkingConfig = ChunkingConfig()) -> tuple[Chunk, ...]:
    splitter = _splitter(config)
    header = context_line(item)
    texts: list[tuple[SectionKind, str]] = []
    if decision := _decision_text(item):
        kind = SectionKind.BESLUTNING if item.decision else SectionKind.INDSTILLING
        texts.extend((kind, piece) for piece in splitter.split_text(decision))
    pieces = [(kind, piece) for kind, block in _body_blocks(item) for piece in splitter.split_text(block)]
    texts.extend(_pack(pieces, config.chunk_size))
    if not texts:
        # Closed and empty items are still findable by title and case number.
        texts.append((SectionKind.OTHER, item.title))
    return tuple(
        Chunk(id=f"{item.id}-{n:03d}", item=item, index=n, section_kind=kind, text=f"{header}\n{text}")
        for n, (kind, text) in enumerate(texts)
    )


def chunk_items(items: Iterable[AgendaItem], config: ChunkingConfig = ChunkingConfig()) -> list[Chunk]:
    return [chunk for item in items for chunk in chunk_item(item, config)]

