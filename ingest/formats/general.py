"""The general minutes reader: pages of lines from any medium → one meeting.

    page furniture removed → table of contents removed → meeting header → item starts → items → sections

Nothing here belongs to one publisher: FirstAgenda exports, eDoc, Acadre, WorkZone and home-made Word documents
all pass through the same steps, each of which reads the document's own typography and Danish wording.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ingest.formats.body import heading_style, read_item
from ingest.formats.furniture import strip_contents, strip_page_furniture
from ingest.formats.header import attendance_blocks, read_header
from ingest.formats.items import find_item_starts
from ingest.formats.layout import Line
from ingest.model import DraftMeeting
from referat.errors import IngestError

log = logging.getLogger(__name__)

UNKNOWN_COMMITTEE = "Ukendt udvalg"


def read_pages(pages: Sequence[Sequence[Line]], furniture: bool = True) -> DraftMeeting:
    """A meeting from the printed pages of a document. `furniture` says whether running headers and footers can
    be among the lines (printed pages) or are kept apart by the medium (Word keeps them in their own parts)."""
    flat = [line for page in pages for line in page]
    lines = strip_page_furniture(pages) if furniture and len(pages) > 1 else flat
    return read_lines(lines, first_page=pages[0] if pages else ())


def read_lines(lines: Sequence[Line], first_page: Sequence[Line] = ()) -> DraftMeeting:
    """A meeting from lines already freed of page furniture."""
    lines = [line for line in strip_contents(lines) if line.text.strip()]
    starts = find_item_starts(lines, excluded=attendance_blocks(lines))
    before = lines[: starts[0].index] if starts else lines
    header = read_header(before, fallback=first_page)
    if header.date is None and not starts:
        raise IngestError("not minutes in any known layout: no meeting date and no numbered agenda items")
    if header.date is None:
        raise IngestError("no meeting date (e.g. 'Mødedato: 7. marts 2018' or 'den 07.03.2018') before the first "
                          "agenda item")
    if not starts:
        raise IngestError("no agenda items (numbered headings such as 'Punkt 3: Titel', '3. Titel' or 'Sag nr. 3')")
    style = heading_style(lines)
    ends = [*(start.index for start in starts[1:]), len(lines)]
    items = tuple(read_item(start, lines[start.index:end], style) for start, end in zip(starts, ends, strict=True))
    log.debug("read %d items (%s numbering) from %d lines", len(items), starts[0].style, len(lines))
    return DraftMeeting(
        municipality=header.municipality,
        committee=header.committee or UNKNOWN_COMMITTEE,
        date=header.date,
        time=header.time,
        place=header.place,
        items=items,
        attendance=header.attendance,
    )
