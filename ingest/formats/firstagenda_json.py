"""FirstAgenda publication JSON (`GET /api/agenda/dagsorden/{id}`), as used by Greve and most Danish municipalities."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ingest.dates import find_date, find_time
from ingest.formats.html_text import html_to_sections
from ingest.model import DraftItem, DraftMeeting
from referat.errors import IngestError

_CLOSED = re.compile(r"^\s*lukket\s*(?:punkt)?\s*:", re.IGNORECASE)
_MUNICIPALITY_HOST = re.compile(r"https?://dagsordener\.([a-zæøå-]+)\.dk", re.IGNORECASE)


def looks_like_firstagenda_json(text: str) -> bool:
    head = text.lstrip()[:20000]
    return head.startswith("{") and '"Dagsordenpunkter"' in text and '"Moede"' in text


def _require(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    value = mapping.get(key)
    if value in (None, ""):
        raise IngestError(f"FirstAgenda JSON lacks {where}.{key}")
    return value


def _meeting_start(moede: Mapping[str, Any]) -> tuple[date, Any]:
    raw = str(_require(moede, "Dato", "Moede"))
    try:
        stamp = datetime.fromisoformat(raw)
        # A bare date ("2024-03-12") states no time; midnight would make it another meeting than its agenda's.
        return stamp.date(), stamp.time().replace(tzinfo=None) if "T" in raw or " " in raw.strip() else None
    except ValueError:
        day = find_date(raw)
        if day is None:
            raise IngestError(f"FirstAgenda JSON Moede.Dato is not a date: {raw[:40]!r}") from None
        return day, find_time(raw)


def _guess_municipality(text: str) -> str | None:
    match = _MUNICIPALITY_HOST.search(text)
    return match.group(1).capitalize() if match else None


def _parse_item(raw: Mapping[str, Any], position: int) -> DraftItem:
    title = re.sub(r"\s+", " ", str(raw.get("Navn") or raw.get("Caption") or "")).strip()
    if not title:
        raise IngestError(f"FirstAgenda JSON item {position} has no Navn")
    number = str(raw.get("Punktnummer") or raw.get("Number") or position).strip()
    html = "\n".join(str(f.get("Html") or "") for f in raw.get("Felter") or [] if isinstance(f, Mapping))
    attachments = tuple(
        str(b["Navn"]).strip() for b in raw.get("Bilag") or [] if isinstance(b, Mapping) and b.get("Navn")
    )
    case_number = str(raw.get("SagsNummer") or raw.get("CaseNumber") or "").strip() or None
    return DraftItem(
        number=number,
        title=title,
        case_number=case_number,
        sections=tuple(html_to_sections(html)),
        attachments=attachments,
        closed=bool(_CLOSED.match(title)),
    )


def parse_firstagenda_json(text: str) -> DraftMeeting:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(data, Mapping):
        raise IngestError("FirstAgenda JSON must be an object")
    moede = data.get("Moede")
    udvalg = data.get("Udvalg")
    if not isinstance(moede, Mapping) or not isinstance(udvalg, Mapping):
        raise IngestError("FirstAgenda JSON lacks the Moede or Udvalg object")
    raw_items = data.get("Dagsordenpunkter")
    if not isinstance(raw_items, list):
        raise IngestError("FirstAgenda JSON lacks the Dagsordenpunkter list")
    day, start = _meeting_start(moede)
    items = tuple(_parse_item(raw, n) for n, raw in enumerate(raw_items, start=1) if isinstance(raw, Mapping))
    if not items:
        raise IngestError("FirstAgenda JSON has no agenda items")
    return DraftMeeting(
        municipality=_guess_municipality(text),
        committee=re.sub(r"\s+", " ", str(_require(udvalg, "Navn", "Udvalg"))).strip(),
        date=day,
        time=start,
        place=(str(moede.get("Sted") or "").strip() or None),
        items=items,
    )
