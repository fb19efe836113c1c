"""HTML for the chat, the source cards, the case history and the status line. Pure: text in, inert HTML out."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from referat.danish import format_date, item_label
from web.inputs import ALL_COMMITTEES

if TYPE_CHECKING:
    from index import Answer, Citation
    from ingest.model import AgendaItem, Meeting

# Characters that Markdown, KaTeX or Gradio's HTML templates would interpret; item text is third-party content, so
# they are written as character references and always show literally.
_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "`*_[]{}$\\|~#"})


def escape_text(text: str) -> str:
    """Text as inert HTML: tags, Markdown and template syntax escaped, line breaks kept as <br>."""
    escaped = html.escape(text, quote=True).translate(_LITERAL)
    # No literal newlines: a blank line would end the HTML block inside the chat's Markdown renderer.
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.committee} · {format_date(meeting.date)} · {meeting.kind.value}"


def meeting_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    """Dropdown choices (label, id), newest meeting first."""
    newest_first = sorted(meetings, key=lambda m: (m.date, m.time.isoformat() if m.time else ""), reverse=True)
    return [(meeting_label(m), m.id) for m in newest_first]


def committee_choices(committees: Sequence[str]) -> list[str]:
    return [ALL_COMMITTEES, *sorted(committees)]


def render_message(text: str, css_class: str = "ref-note") -> str:
    return f'<div class="{css_class}">{escape_text(text)}</div>'


def render_status(line: str, busy: bool) -> str:
    """The status line above the tabs; amber while loading or when something went wrong."""
    state = "ref-busy" if busy else "ref-ready"
    return f'<div class="ref-status {state}"><span class="ref-status-dot"></span>{escape_text(line)}</div>'


def render_decision_box(item: AgendaItem) -> str:
    """The decision in a coloured box; for an agenda without a decision, the recommendation in a neutral one."""
    if item.decision:
        return (f'<div class="ref-decision"><div class="ref-box-label">Beslutning</div>'
                f"{escape_text(item.decision)}</div>")
    body = (f'<div class="ref-box-label">Ingen beslutning endnu · indstilling</div>{escape_text(item.recommendation)}'
            if item.recommendation else '<div class="ref-box-label">Ingen beslutning endnu</div>')
    return f'<div class="ref-pending">{body}</div>'


def render_source_card(citation: Citation) -> str:
    item = citation.item
    return (
        '<div class="ref-card">'
        f'<div class="ref-card-title"><span class="ref-num">{citation.number}</span>{escape_text(item.title)}</div>'
        f'<div class="ref-meta">{escape_text(item_label(item))}</div>'
        f"{render_decision_box(item)}"
        '<details class="ref-full"><summary>Vis hele punktet</summary>'
        f'<div class="ref-fulltext">{escape_text(item.text)}</div></details>'
        "</div>"
    )


def render_answer(answer: Answer, note: str | None = None) -> str:
    """The chat message for an answer: the answer text, then one source card per citation."""
    parts = [f'<div class="ref-answer">{escape_text(answer.text)}</div>']
    if note:
        parts.append(f'<div class="ref-note">{escape_text(note)}</div>')
    if answer.found and answer.citations:
        parts.append('<div class="ref-sources-label">Kilder</div>')
        parts.extend(render_source_card(c) for c in answer.citations)
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
            f'<div class="ref-meta">{escape_text(item.meeting.committee)} · {escape_text(item.meeting.kind.value)}'
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
