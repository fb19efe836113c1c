"""One agenda item from its lines: the title (which may wrap), the case number and other metadata below it, and
the sections cut at headings from the Danish section vocabulary, whatever their typography."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.formats.items import ItemStart
from ingest.formats.layout import HEADING_SIZE_RATIO, Line, emphasis_rank, is_caps, is_emphasised, is_styled
from ingest.formats.vocabulary import (
    BARE_CASE,
    CLOSED,
    DISTRIBUTION_GRID,
    DOCUMENT_NUMBER,
    ITEM_METADATA,
    LABELLED_CASE,
    is_case_token,
)
from ingest.model import DraftItem, Section, SectionKind
from ingest.sections import classify_heading, make_sections

_MAX_TITLE_LINES = 3
_MAX_HEADING_CHARS = 120
_PREAMBLE_LINES = 8
# "1. Resumé", "A) Indstilling", "§ 2 Beslutning": numbered section headings.
_HEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[A-Za-z])[.)]\s+|^\s*§\s*\d+\s+")
_INLINE_HEADING = re.compile(r"^(?P<head>[^:.]{3,80}?)\s*:\s+(?P<rest>\S.*)$")
_LIST_MARK = re.compile(r"^\s*(?:[-•–·*▪]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class HeadingStyle:
    """How this document sets its section headings apart: by emphasis (bold, size, level) or by wording alone."""

    emphasised: bool
    # The typography of most known section headings; another line set the same way is a section heading too
    # ("Borgmesterens afdelings påtegning"), one set smaller is a sub-heading inside a section.
    rank: tuple[int, int, int] | None = None


def heading_style(lines: Sequence[Line]) -> HeadingStyle:
    ranks = Counter(emphasis_rank(line) for line in lines
                    if is_emphasised(line) and _heading_kind(line.text) is not None)
    return HeadingStyle(emphasised=bool(ranks), rank=ranks.most_common(1)[0][0] if ranks else None)


def read_item(start: ItemStart, block: Sequence[Line], style: HeadingStyle) -> DraftItem:
    """`block` begins with the item's own line."""
    rest = list(block[1:])
    title_parts = [start.title] if start.title else []
    if not title_parts and rest:
        title_parts, rest = [rest[0].text], rest[1:]
    taken = _title_continuation(block[0] if start.title else block[min(1, len(block) - 1)], rest)
    title_parts += [line.text for line in rest[:taken]]
    rest = rest[taken:]
    case_number, closed, rest = _read_preamble(rest)
    title = join_wrapped(title_parts)
    sections, attachments = read_sections(rest, style)
    return DraftItem(number=start.number, title=title, case_number=case_number, sections=sections,
                     attachments=attachments, closed=closed or bool(CLOSED.match(title)))


def join_wrapped(parts: Sequence[str]) -> str:
    """Lines of one wrapped phrase as one line. A break after a hyphen joins tight ("2030-" + "fremskrivning"),
    except before a conjunction, where the hyphen is a Danish word-sharing dash ("Social- og Beskæftigelse")."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        tight = re.search(r"\w-$", text) and not re.match(r"(?:og|eller|samt|og/eller)\b", part)
        text = f"{text}{part}" if tight or not text else f"{text} {part}"
    return re.sub(r"\s+", " ", text).strip()


def _stops_title(line: Line) -> bool:
    return bool(_heading_kind(line.text) is not None or ITEM_METADATA.match(line.text)
                or LABELLED_CASE.search(line.text) or DOCUMENT_NUMBER.search(line.text)
                or (BARE_CASE.match(line.text) and is_case_token(line.text)))


def _title_continuation(first: Line, rest: Sequence[Line]) -> int:
    """How many lines after the item line continue its title: those in the same heading type, or without
    typography, the unspaced lines before a case number or section heading that confirms where the title ends."""
    if is_styled(first) and is_emphasised(first):
        count = 0
        for line in rest[:_MAX_TITLE_LINES]:
            if (not is_emphasised(line) or emphasis_rank(line) != emphasis_rank(first) or line.page != first.page
                    or _stops_title(line)):
                break
            count += 1
        return count
    for index, line in enumerate(rest[:_MAX_TITLE_LINES + 1]):
        if _stops_title(line):
            return index
        if line.gap_before or (is_styled(line) and is_emphasised(line)):
            return 0
    return 0


def _read_preamble(lines: list[Line]) -> tuple[str | None, bool, list[Line]]:
    """The case number and the closed flag from the metadata lines between title and first section; those
    lines are dropped. A document number ("Dok.nr.") is never taken for the case number."""
    case_number: str | None = None
    closed = False
    kept: list[Line] = []
    for index, line in enumerate(lines):
        if index >= _PREAMBLE_LINES or _heading_kind(line.text) is not None:
            kept.extend(lines[index:])
            break
        labelled = LABELLED_CASE.search(line.text)
        bare = BARE_CASE.match(line.text)
        if labelled and case_number is None:
            case_number = labelled.group("number").rstrip(".,;")
        elif bare and is_case_token(bare.group("number")) and case_number is None:
            case_number = bare.group("number")
        elif re.match(r"^\s*lukket\s+(?:punkt|sag)\b", line.text, re.IGNORECASE):
            closed = True
        elif not (ITEM_METADATA.match(line.text) or DOCUMENT_NUMBER.match(line.text)):
            kept.append(line)
    return case_number, closed, kept


def _heading_kind(text: str) -> SectionKind | None:
    if len(text) > _MAX_HEADING_CHARS:
        return None
    return classify_heading(_HEADING_NUMBER.sub("", text, count=1))


def _as_heading(line: Line, style: HeadingStyle) -> tuple[str, SectionKind, str] | None:
    """(heading, kind, text on the same line) when the line opens a section."""
    kind = _heading_kind(line.text)
    if kind is not None:
        if not is_styled(line) or not style.emphasised or is_emphasised(line):
            return _HEADING_NUMBER.sub("", line.text, count=1), kind, ""
        return None
    if (style.rank is not None and is_styled(line) and is_emphasised(line) and emphasis_rank(line) >= style.rank
            and (line.level is not None or (line.size or 1.0) >= HEADING_SIZE_RATIO)
            and len(line.text) <= 90 and not line.text.endswith(".") and not is_caps(line.text)):
        return line.text, SectionKind.OTHER, ""
    inline = _INLINE_HEADING.match(line.text)
    if inline is None:
        return None
    head = line.lead.rstrip(": ") if line.lead else inline.group("head")
    inline_kind = classify_heading(head)
    if inline_kind in (None, SectionKind.OTHER) or (is_styled(line) and not line.lead):
        return None
    return head, inline_kind, line.text[len(line.lead):].lstrip(": ") if line.lead else inline.group("rest")


@dataclass(slots=True)
class _Part:
    heading: str
    kind: SectionKind | None
    lines: list[Line]


def read_sections(lines: Sequence[Line], style: HeadingStyle) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """Sections cut at heading lines. A decision printed first ends at its first gap: what follows unheaded is the
    proposal text FirstAgenda exports print there. Attachment lists become attachments, one per entry."""
    parts: list[_Part] = []
    for line in lines:
        if DISTRIBUTION_GRID.match(line.text):
            continue
        current = parts[-1] if parts else None
        in_list = current is not None and current.kind is SectionKind.BILAG and not is_styled(line)
        heading = _as_heading(line, style)
        if heading and in_list and heading[1] is not SectionKind.BESLUTNING:
            heading = None
        if heading and current and current.kind is heading[1] and not current.lines and not heading[2] \
                and heading[1] is not SectionKind.BESLUTNING:
            # "Indstilling" over "Direktøren ... indstiller": the second opens the body.
            heading = None
        if heading:
            body = [Line(heading[2], line.page)] if heading[2] else []
            parts.append(_Part(heading[0], heading[1], body))
        elif (current and current.kind is SectionKind.BESLUTNING and current.lines and line.gap_before
              and all(p.kind is SectionKind.BESLUTNING for p in parts) and _more_sections_follow(lines, line, style)):
            parts.append(_Part("", None, [line]))
        elif current:
            current.lines.append(line)
        else:
            parts.append(_Part("", None, [line]))
    sections: list[Section] = []
    attachments: list[str] = []
    for part in parts:
        if part.kind is SectionKind.BILAG:
            attachments.extend(_list_entries(part.lines))
            continue
        for section in make_sections(part.heading, join_paragraphs(part.lines), part.kind or SectionKind.OTHER):
            # A lone "." is what FirstAgenda prints for an unheaded field left empty.
            if re.search(r"\w", section.text):
                sections.append(section)
    return tuple(sections), tuple(attachments)


def _more_sections_follow(lines: Sequence[Line], line: Line, style: HeadingStyle) -> bool:
    after = False
    for other in lines:
        if other is line:
            after = True
        elif after and (found := _as_heading(other, style)) and found[1] is not SectionKind.BILAG:
            return True
    return False


def join_paragraphs(lines: Sequence[Line]) -> str:
    """Printed lines as text; a visible gap between lines becomes a blank line."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and line.gap_before:
            out.append("")
        out.append(line.text)
    return "\n".join(out)


def _list_entries(lines: Sequence[Line]) -> list[str]:
    """One entry per list item. Entries are spaced apart or marked, so an unspaced, unmarked line continues the
    entry; at a page top (gap unknown) a new entry is the likelier reading."""
    entries: list[str] = []
    for line in lines:
        text = _LIST_MARK.sub("", line.text).strip()
        if not text:
            continue
        if entries and line.gap_before is False and not _LIST_MARK.match(line.text):
            entries[-1] = f"{entries[-1]} {text}"
        else:
            entries.append(text)
    return entries
