"""Planning one meeting of an ingest against the catalog and the vectors held: skip it, write it whole, write only its
new texts, or put its vectors right (a repair)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.storage.index import ReferatIndex
from index.storage.summary import Change
from index.storage.vectors import VectorStore, VectorWrite
from ingest.model import Chunk, Meeting, MeetingKind, Publication, normalize_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Plan:
    """What indexing one meeting takes, decided against the catalog and the vector store: `fresh` are the chunks
    to embed and write (new texts, or vectors the store lacks); `replaces` an earlier version of the meeting under
    another id. A repair writes vectors only: the catalog already holds the meeting as read."""

    publication: Publication
    chunks: tuple[Chunk, ...]
    change: Change
    fresh: tuple[Chunk, ...] = ()
    replaces: str | None = None

    @property
    def writes(self) -> bool:
        return self.change in (Change.NEW, Change.REPLACED, Change.REPAIRED)


def plan_publication(index: ReferatIndex, held: HeldVectors, publication: Publication, chunks: Sequence[Chunk]) -> Plan:
    """Decide what one meeting needs: the minutes of a meeting are never replaced by its agenda (precedence), an
    unchanged meeting whose vectors are all in the store needs nothing, and only chunks with new texts or missing
    vectors (lost, or wiped with a shared collection) need embedding."""
    meeting = publication.meeting
    earlier = index.catalog.meeting(meeting.id) or find_same_meeting(index, meeting)
    if earlier is not None and earlier.kind is MeetingKind.REFERAT and meeting.kind is MeetingKind.DAGSORDEN:
        log.info("%s: the minutes of this meeting (%s) are indexed; its agenda does not replace them",
                 meeting.source, earlier.source)
        return Plan(publication, tuple(chunks), Change.SUPERSEDED)
    stored = index.catalog.stored_chunks(meeting.id)
    in_store = held.of(meeting.id)
    same = stored == {c.id: c.text for c in chunks} and earlier == meeting
    if same and in_store == {c.id for c in chunks}:
        return Plan(publication, tuple(chunks), Change.UNCHANGED)
    change = Change.REPAIRED if same else Change.REPLACED if earlier else Change.NEW
    return Plan(publication, tuple(chunks), change,
                fresh=tuple(c for c in chunks if stored.get(c.id) != c.text or c.id not in in_store),
                replaces=earlier.id if earlier is not None and earlier.id != meeting.id else None)


class HeldVectors:
    """The ids the vector store holds, by meeting: read from the store once when an ingest starts (an interrupted
    run may have left some, a lost store lost some) and kept in step with every write the ingest makes, so planning
    and writing a meeting ask the store nothing."""

    def __init__(self, by_meeting: dict[str, set[str]]) -> None:
        self._by_meeting = by_meeting

    @classmethod
    def load(cls, store: VectorStore) -> HeldVectors:
        return cls(store.ids_by_meeting())

    def of(self, meeting_id: str) -> set[str]:
        return self._by_meeting.get(meeting_id, set())

    def ids(self) -> set[str]:
        return set().union(*self._by_meeting.values())

    def write_for(self, plan: Plan, vectors: np.ndarray) -> VectorWrite:
        """The write that puts the store in step with a planned meeting, taken as made: its fresh vectors in, and
        out the vectors of the version it replaces and its own stale ones (chunks it no longer has)."""
        meeting_id = plan.publication.meeting.id
        chunk_ids = {c.id for c in plan.chunks}
        delete = self._by_meeting.pop(meeting_id, set()) - chunk_ids
        if plan.replaces is not None:
            delete |= self._by_meeting.pop(plan.replaces, set())
        self._by_meeting[meeting_id] = chunk_ids
        return VectorWrite.of(plan.fresh, vectors, delete)



def meeting_key(meeting: Meeting) -> tuple[str, str, object]:
    """Meetings that may be versions of one another share this key (and so does a meeting with itself)."""
    return normalize_key(meeting.municipality or ""), normalize_key(meeting.committee), meeting.date


def find_same_meeting(index: ReferatIndex, meeting: Meeting) -> Meeting | None:
    """The one indexed meeting that is this one under another id: same municipality, committee and day, where
    one of the two publications does not state the time (an agenda with "kl. 17.00", minutes without)."""
    key = meeting_key(meeting)
    same = [m for m in index.catalog.meetings_on(meeting.date)
            if meeting_key(m) == key and m.id != meeting.id and (m.time is None or meeting.time is None)]
    return same[0] if len(same) == 1 else None
