"""HTML for the chat, the source cards, the case history and the status line. Pure: text in, inert HTML out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from referat.committees import display_committee, is_pseudo_meeting
from referat.danish import format_date, item_label
from web.inputs import ALL_COMMITTEES

if TYPE_CHECKING:
    from index import Answer, Citation, EngineStatus, Quote
    from ingest.model import AgendaItem, Meeting

# One pass, so nothing is escaped twice: HTML's own characters, and those that Markdown, KaTeX or Gradio's templates
# would interpret (item text is third-party content; these always show literally). The browser shows the source text.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
                          **{c: f"&#{ord(c)};" for c in "`*_[]{}$\\|~#"}})
# An answer's citation marker after escaping: "[1]" → "&#91;1&#93;".
_MARKER = re.compile(r"&#91;(\d{1,2})&#93;")
PSEUDO_MARK = " (spørgsmål og svar – ikke et møde)"


def escape_text(text: str) -> str:
    """Text as inert HTML: tags, Markdown and template syntax escaped once, line breaks kept as <br>."""
    escaped = text.translate(_ESCAPES)
    # No literal newlines: a blank line would end the HTML block inside the chat's Markdown renderer.
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def municipality_label(municipality: str | None) -> str:
    if not municipality:
        return ""
    return municipality if municipality.casefold().endswith("kommune") else f"{municipality} Kommune"


def meeting_label(meeting: Meeting) -> str:
    pseudo = PSEUDO_MARK if is_pseudo_meeting(meeting.committee) else ""
    where = f" · {municipality_label(meeting.municipality)}" if meeting.municipality else ""
    return f"{display_committee(meeting.committee)} · {format_date(meeting.date)} · {meeting.kind.value}{pseudo}{where}"


def _start_key(meeting: Meeting) -> tuple[date, str]:
    return meeting.date, meeting.time.isoformat() if meeting.time else ""


def meeting_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    """Dropdown choices (label, id), newest meeting first."""
    return [(meeting_label(m), m.id) for m in sorted(meetings, key=_start_key, reverse=True)]


def grouped_meeting_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    """The picker's choices grouped by committee (real committees first, by name), newest meeting first within
    each: typing part of a committee name or a date narrows the list."""
    def group(meeting: Meeting) -> tuple[bool, str, str]:
        return is_pseudo_meeting(meeting.committee), display_committee(meeting.committee).casefold(), \
            (meeting.municipality or "")
    ordered = sorted(meetings, key=_start_key, reverse=True)
    return [(meeting_label(m), m.id) for m in sorted(ordered, key=group)]


def default_meeting(meetings: Sequence[Meeting], today: date) -> str | None:
    """The meeting to prepare by default: the next upcoming one, else the latest that was held; never a question
    list."""
    real = [m for m in meetings if not is_pseudo_meeting(m.committee)]
    upcoming = sorted((m for m in real if m.date >= today), key=_start_key)
    if upcoming:
        return upcoming[0].id
    held = sorted(real, key=_start_key, reverse=True)
    return held[0].id if held else None


def committee_choices(committees: Sequence[str]) -> list[tuple[str, str]]:
    """The committee filter: each shown name once (its periods together), question lists marked and last."""
    shown = sorted({display_committee(c) for c in committees}, key=lambda name: (is_pseudo_meeting(name), name))
    return [(ALL_COMMITTEES, ALL_COMMITTEES),
            *((f"{name}{PSEUDO_MARK}" if is_pseudo_meeting(name) else name, name) for name in shown)]


def render_message(text: str, css_class: str = "ref-note") -> str:
    return f'<div class="{css_class}">{escape_text(text)}</div>'


def status_summary(status: EngineStatus, municipalities: Sequence[str]) -> tuple[str, str]:
    """The status as one Danish line, and the details shown on demand."""
    s = status.stats
    whose = ", ".join(municipality_label(m) for m in municipalities) or "kommune ikke angivet"
    mode = "Offline-tilstand: søgning uden sprogmodel" if status.offline else "Søgning med sprogmodel"
    line = f"{whose} · {s.meetings} møder · {s.items} punkter · {mode}"
    if status.vector_problem:
        line += " · vektorlageret svarer ikke, så svarene bygger kun på ordsøgning"
    details = [f"{s.items_with_decision} af {s.items} dagsordenspunkter har en beslutning; {s.chunks} tekststykker "
               "er søgbare."]
    if not status.offline:
        details.append(f"Sprogmodel: {s.embedder.removeprefix('sentence-transformers:')}.")
    elif status.offline_reason and "requested" not in status.offline_reason:
        details.append(f"Sprogmodellen kunne ikke indlæses, så søgningen bruger den indbyggede ordsøgning. "
                       f"Teknisk årsag: {status.offline_reason}")
    else:
        details.append("Offline-tilstand er valgt: søgningen bruger den indbyggede ordsøgning, ingen model hentes.")
    return line, " ".join(details)


def render_status(line: str, busy: bool, details: str = "") -> str:
    """The status line above the tabs; amber while loading or when something went wrong; details on a click."""
    state = "ref-busy" if busy else "ref-ready"
    head = f'<span class="ref-status-dot"></span><span class="ref-status-line">{escape_text(line)}</span>'
    if not details:
        return f'<div class="ref-status {state}">{head}</div>'
    return (f'<details class="ref-status {state}"><summary>{head}<span class="ref-status-more">detaljer</span>'
            f'</summary><div class="ref-status-details">{escape_text(details)}</div></details>')


def render_decision_box(item: AgendaItem) -> str:
    """The decision in a coloured box; for an agenda without a decision, the recommendation in a neutral one."""
    if item.decision:
        return (f'<div class="ref-decision"><div class="ref-box-label">Beslutning</div>'
                f"{escape_text(item.decision)}</div>")
    body = (f'<div class="ref-box-label">Ingen beslutning endnu · indstilling</div>{escape_text(item.recommendation)}'
            if item.recommendation else '<div class="ref-box-label">Ingen beslutning endnu</div>')
    return f'<div class="ref-pending">{body}</div>'


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words)) if words else None


def mark_quotes(text: str, quotes: Sequence[Quote]) -> str:
    """The item's text as inert HTML with each quoted passage in <mark>, found word for word (spacing may differ)."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        pattern = _quote_pattern(quote.text)
        if pattern and (found := pattern.search(text)):
            spans.append(found.span())
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:  # overlapping quotes: the first one marks the passage
            continue
        parts += [escape_text(text[position:start]), f'<mark class="ref-q">{escape_text(text[start:end])}</mark>']
        position = end
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def render_source_card(citation: Citation, anchor: str = "ref") -> str:
    item = citation.item
    municipality = municipality_label(item.meeting.municipality)
    where = f'<span class="ref-muni">{escape_text(municipality)}</span>' if municipality else ""
    quotes = "".join(f'<blockquote class="ref-quote">{escape_text(q.text)}</blockquote>' for q in citation.quotes)
    cited = f'<div class="ref-quotes"><div class="ref-box-label">Citeret</div>{quotes}</div>' if quotes else ""
    return (
        f'<div class="ref-card" id="{anchor}-src-{citation.number}">'
        f'<div class="ref-card-title"><span class="ref-num">{citation.number}</span>{escape_text(item.title)}</div>'
        f'<div class="ref-meta">{where}{escape_text(item_label(item))}</div>'
        f"{render_decision_box(item)}{cited}"
        '<details class="ref-full"><summary>Vis hele punktet</summary>'
        f'<div class="ref-fulltext">{mark_quotes(item.text, citation.quotes)}</div></details>'
        "</div>"
    )


def _linked(text: str, anchor: str) -> str:
    """Escaped answer text whose [n] markers link to the source cards (static/answer_links.js scrolls and marks)."""
    return _MARKER.sub(lambda m: f'<a class="ref-cite" href="#{anchor}-src-{m.group(1)}">&#91;{m.group(1)}&#93;</a>',
                       escape_text(text))


def render_answer(answer: Answer, note: str | None = None, anchor: str = "ref") -> str:
    """The chat message for an answer: the direct answer first, the quoted paragraphs, then one source card per
    citation. `anchor` makes the cards' ids unique within the chat."""
    if answer.lead:
        text = f'<div class="ref-lead">{_linked(answer.lead, anchor)}</div>{_linked(answer.body, anchor)}'
    else:
        text = _linked(answer.text, anchor)
    parts = [f'<div class="ref-answer" id="{anchor}">{text}</div>']
    if note:
        parts.append(f'<div class="ref-note">{escape_text(note)}</div>')
    if answer.found and answer.citations:
        parts.append('<div class="ref-sources-label">Kilder</div>')
        parts.extend(render_source_card(c, anchor) for c in answer.citations)
    return "".join(parts)


def answer_cases(answer: Answer) -> list[tuple[str, str]]:
    """The (case number, title) of each cited item with a case number, once each, in citation order."""
    seen: dict[str, str] = {}
    for citation in answer.citations if answer.found else ():
        if citation.item.case_number:
            seen.setdefault(citation.item.case_number, citation.item.title)
    return list(seen.items())


def render_case_links(cases: Sequence[tuple[str, str]]) -> str:
    """Buttons under the chat that open a cited case's history (clicks are picked up by static/case_links.js)."""
    if not cases:
        return ""
    buttons = "".join(
        f'<button type="button" class="ref-case-link" data-case="{escape_text(case)}" '
        f'title="{escape_text(title)}">Sag {escape_text(case)} · {escape_text(shorten(title, 48))}</button>'
        for case, title in cases)
    return f'<div class="ref-case-links"><span>Se sagsforløb:</span>{buttons}</div>'


def _render_treatment(item: AgendaItem, latest: bool) -> str:
    badge = '<span class="ref-badge">Seneste behandling</span>' if latest else ""
    decision = (f'<div class="ref-decision"><div class="ref-box-label">Beslutning</div>{escape_text(item.decision)}'
                "</div>" if item.decision else '<div class="ref-pending">ingen beslutning</div>')
    return (f'<li class="ref-treatment{" ref-latest" if latest else ""}">'
            f'<div class="ref-treatment-date">{escape_text(format_date(item.meeting.date))}{badge}</div>'
            f'<div class="ref-card-title">{escape_text(item.title)}</div>'
            f'<div class="ref-meta">{escape_text(display_committee(item.meeting.committee))} · '
            f'{escape_text(item.meeting.kind.value)}'
            f" · punkt {escape_text(item.number)}</div>{decision}</li>")


def render_case_history(case_number: str, items: Sequence[AgendaItem]) -> str:
    """Every treatment of a case, oldest first, with the latest one marked."""
    if not items:
        return render_message(f"Der er ingen dagsordenspunkter med sagsnummer «{case_number}» i referaterne. "
                              "Tjek nummeret – det står under hvert punkts titel.")
    count = "én behandling" if len(items) == 1 else f"{len(items)} behandlinger"
    rows = "".join(_render_treatment(item, latest=i == len(items) - 1) for i, item in enumerate(items))
    return (f'<div class="ref-history"><h3>Sag {escape_text(case_number)} – {count}</h3>'
            f'<ol class="ref-timeline">{rows}</ol></div>')


def _question_topic(title: str) -> str:
    topic = shorten(" ".join(title.split()).rstrip(".?!"), 70)
    # "Rammeaftale for …" → "rammeaftale for …", but "KKR …" stays.
    return topic[0].lower() + topic[1:] if len(topic) > 1 and topic[1].islower() else topic


def example_questions(decided: Sequence[AgendaItem], count: int = 3) -> list[str]:
    """Questions about the most recent decisions in the index, one committee each where there are several."""
    real = [item for item in decided[:500] if item.title.strip() and not is_pseudo_meeting(item.meeting.committee)]
    chosen: dict[str, AgendaItem] = {}
    for item in real:  # the newest decision of each committee first
        chosen.setdefault(display_committee(item.meeting.committee), item)
    picked = list(chosen.values())[:count]
    picked += [item for item in real if item not in picked][: count - len(picked)]
    return [f"Hvad besluttede {display_committee(item.meeting.committee)} om {_question_topic(item.title)}?"
            for item in picked]
