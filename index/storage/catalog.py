"""The catalog: meetings, agenda items and chunk texts in SQLite, beside the vector store.

It is the source of truth for lookups (item by id, a meeting's items, case history) and for rebuilding the lexical
index; Chroma holds the vectors. All translation between rows and the model happens in this module."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from ingest.model import AgendaItem, Chunk, Meeting, MeetingKind, Publication, Section, SectionKind

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY, municipality TEXT, committee TEXT NOT NULL, date TEXT NOT NULL, time TEXT,
    place TEXT, kind TEXT NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), position INTEGER NOT NULL,
    number TEXT NOT NULL, title TEXT NOT NULL, case_number TEXT, case_key TEXT, closed INTEGER NOT NULL,
    case_officer TEXT, attachments TEXT NOT NULL, sections TEXT NOT NULL, has_decision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_meeting ON items(meeting_id);
CREATE INDEX IF NOT EXISTS items_case ON items(case_key);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items(id), meeting_id TEXT NOT NULL,
    position INTEGER NOT NULL, section_kind TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_meeting ON chunks(meeting_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def case_key(case_number: str | None) -> str | None:
    """Case numbers compare without whitespace and case: "EMN-2025-003383" == "emn-2025-003383 "."""
    return re.sub(r"\s+", "", case_number).casefold() if case_number else None


@dataclass(frozen=True, slots=True)
class ChunkRow:
    """A chunk as the lexical index and filters need it, without the full item."""

    id: str
    item_id: str
    meeting_id: str
    text: str
    section_kind: str
    committee: str
    date: date
    kind: MeetingKind
    case_key: str | None
    has_decision: bool
    municipality: str = ""  # the meeting's, "" where the source did not say and ingest was given none


@dataclass(frozen=True, slots=True)
class CatalogStats:
    meetings: int
    items: int
    items_with_decision: int
    chunks: int


def _sections_to_json(sections: Iterable[Section]) -> str:
    return json.dumps([
        {"kind": s.kind.value, "heading": s.heading, "text": s.text, "committee": s.committee,
         "date": s.date.isoformat() if s.date else None}
        for s in sections
    ], ensure_ascii=False)


def _sections_from_json(raw: str) -> tuple[Section, ...]:
    return tuple(
        Section(kind=SectionKind(s["kind"]), heading=s["heading"], text=s["text"], committee=s["committee"],
                date=date.fromisoformat(s["date"]) if s["date"] else None)
        for s in json.loads(raw)
    )


def _meeting_from_row(row: sqlite3.Row) -> Meeting:
    return Meeting(
        id=row["id"], municipality=row["municipality"], committee=row["committee"],
        date=date.fromisoformat(row["date"]), time=time.fromisoformat(row["time"]) if row["time"] else None,
        place=row["place"], kind=MeetingKind(row["kind"]), source=row["source"],
    )


def _item_from_row(row: sqlite3.Row, meeting: Meeting) -> AgendaItem:
    return AgendaItem(
        id=row["id"], meeting=meeting, number=row["number"], title=row["title"], case_number=row["case_number"],
        sections=_sections_from_json(row["sections"]), attachments=tuple(json.loads(row["attachments"])),
        closed=bool(row["closed"]), case_officer=row["case_officer"],
    )


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        self._meetings: dict[str, Meeting] = {}

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._db:
            yield self._db

    # -- writing -------------------------------------------------------------------------------------------------

    def stored_chunks(self, meeting_id: str) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, text FROM chunks WHERE meeting_id = ?", (meeting_id,)).fetchall())

    def replace_meeting(self, publication: Publication, chunks: Iterable[Chunk]) -> None:
        """Store a meeting with exactly these items and chunks, replacing what an earlier version of it left."""
        meeting = publication.meeting
        with self._transaction() as db:
            db.execute("DELETE FROM chunks WHERE meeting_id = ?", (meeting.id,))
            db.execute("DELETE FROM items WHERE meeting_id = ?", (meeting.id,))
            db.execute(
                "INSERT OR REPLACE INTO meetings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (meeting.id, meeting.municipality, meeting.committee, meeting.date.isoformat(),
                 meeting.time.isoformat(timespec="minutes") if meeting.time else None, meeting.place,
                 meeting.kind.value, meeting.source),
            )
            db.executemany(
                "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(i.id, meeting.id, n, i.number, i.title, i.case_number, case_key(i.case_number), int(i.closed),
                  i.case_officer, json.dumps(list(i.attachments), ensure_ascii=False), _sections_to_json(i.sections),
                  int(i.decision is not None)) for n, i in enumerate(publication.items)],
            )
            db.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
                [(c.id, c.item.id, meeting.id, c.index, c.section_kind.value, c.text) for c in chunks],
            )
            db.execute("INSERT INTO meta VALUES ('version', '1') "
                       "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        self._meetings.pop(meeting.id, None)

    def remove_meeting(self, meeting_id: str) -> None:
        with self._transaction() as db:
            for table in ("chunks", "items", "meetings"):
                db.execute(f"DELETE FROM {table} WHERE {'id' if table == 'meetings' else 'meeting_id'} = ?",
                           (meeting_id,))
            db.execute("INSERT INTO meta VALUES ('version', '1') "
                       "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        self._meetings.pop(meeting_id, None)

    def version(self) -> int:
        """Grows with every write, so derived indexes can tell they are stale."""
        return int(self.get_meta("version") or 0)

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- reading -------------------------------------------------------------------------------------------------

    def meeting(self, meeting_id: str) -> Meeting | None:
        if meeting_id not in self._meetings:
            row = self._db.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
            if row is None:
                return None
            self._meetings[meeting_id] = _meeting_from_row(row)
        return self._meetings[meeting_id]

    def _stored_meeting(self, meeting_id: str) -> Meeting:
        """The meeting an item row refers to; the foreign key guarantees that it is there."""
        meeting = self.meeting(meeting_id)
        if meeting is None:
            raise LookupError(f"the catalog holds items of meeting {meeting_id} but not the meeting")
        return meeting

    def meetings(self) -> list[Meeting]:
        rows = self._db.execute("SELECT * FROM meetings ORDER BY date DESC, time DESC, committee").fetchall()
        return [_meeting_from_row(row) for row in rows]

    def meetings_on(self, day: date) -> list[Meeting]:
        rows = self._db.execute("SELECT * FROM meetings WHERE date = ?", (day.isoformat(),)).fetchall()
        return [_meeting_from_row(row) for row in rows]

    def committees(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT committee FROM meetings ORDER BY committee")]

    def municipalities(self) -> list[str]:
        """The municipalities the index holds meetings of (meetings without one are not counted)."""
        return [r[0] for r in self._db.execute(
            "SELECT DISTINCT municipality FROM meetings WHERE municipality IS NOT NULL AND municipality != '' "
            "ORDER BY municipality")]

    def _items_where(self, clause: str, params: tuple[object, ...]) -> list[AgendaItem]:
        rows = self._db.execute(
            f"SELECT items.* FROM items JOIN meetings ON meetings.id = items.meeting_id WHERE {clause} "
            "ORDER BY meetings.date, meetings.time, items.position", params,
        ).fetchall()
        return [_item_from_row(row, self._stored_meeting(row["meeting_id"])) for row in rows]

    def item(self, item_id: str) -> AgendaItem | None:
        found = self._items_where("items.id = ?", (item_id,))
        return found[0] if found else None

    def items(self, item_ids: Iterable[str]) -> dict[str, AgendaItem]:
        ids = list(dict.fromkeys(item_ids))
        found: dict[str, AgendaItem] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            marks = ",".join("?" * len(batch))
            found.update((i.id, i) for i in self._items_where(f"items.id IN ({marks})", tuple(batch)))
        return found

    def meeting_items(self, meeting_id: str) -> list[AgendaItem]:
        return self._items_where("items.meeting_id = ?", (meeting_id,))

    def case_history(self, case_number: str) -> list[AgendaItem]:
        """Every treatment of a case, across committees and meetings, oldest first."""
        return self._items_where("items.case_key = ?", (case_key(case_number),))

    def all_items(self) -> list[AgendaItem]:
        return self._items_where("1 = 1", ())

    def chunk_rows(self) -> list[ChunkRow]:
        rows = self._db.execute(
            "SELECT chunks.id, chunks.item_id, chunks.meeting_id, chunks.text, chunks.section_kind, "
            "meetings.committee, meetings.date, meetings.kind, items.case_key, items.has_decision, "
            "meetings.municipality "
            "FROM chunks JOIN items ON items.id = chunks.item_id JOIN meetings ON meetings.id = chunks.meeting_id "
            "ORDER BY chunks.id"
        ).fetchall()
        return [ChunkRow(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), MeetingKind(r[7]), r[8],
                         bool(r[9]), r[10] or "") for r in rows]

    def chunk_texts(self) -> list[tuple[str, str, str]]:
        """(chunk id, meeting id, text) of every chunk, by chunk id (the order of `chunk_rows`)."""
        return [(r[0], r[1], r[2]) for r in self._db.execute("SELECT id, meeting_id, text FROM chunks ORDER BY id")]

    def chunk_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM chunks")}

    def stats(self) -> CatalogStats:
        def one(sql: str) -> int:
            return int(self._db.execute(sql).fetchone()[0])

        return CatalogStats(
            meetings=one("SELECT COUNT(*) FROM meetings"),
            items=one("SELECT COUNT(*) FROM items"),
            items_with_decision=one("SELECT COUNT(*) FROM items WHERE has_decision = 1"),
            chunks=one("SELECT COUNT(*) FROM chunks"),
        )
