"""Referat – a Danish web app over municipal agendas and minutes: ask questions, follow a case, prepare a meeting.

Start it with `python app.py` (add --offline to use the built-in lexical vectorizer instead of a model) and open
http://127.0.0.1:7860/. On first start with an empty index it loads the bundled sample minutes from samples/.

The same functions can be called from Python with gradio_client:

    from gradio_client import Client

    client = Client("http://127.0.0.1:7860/")
    answer, citations = client.predict(
        question="Hvad besluttede udvalget om rammeaftalen for danskuddannelse?",
        committee="Alle", date_from="", date_to="", only_decisions=False,
        api_name="/ask",
    )
    print(answer)
    for c in citations:  # committee, date, kind, number, title, case_number, decision, quotes, label
        print(c["label"], "→", c["decision"])

    treatments = client.predict(case_number="00.00.00-P19-1719-10", api_name="/case_history")
    meetings = client.predict(api_name="/meetings")                        # [{"id": ..., "label": ...}, ...]
    brief = client.predict(meeting_id=meetings[0]["id"], api_name="/prepare_meeting")  # Markdown text
"""

# No `from __future__ import annotations`: gr.api reads the endpoint functions' type hints at runtime.

import argparse
import html
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from index.answer import Answer, Citation
from referat.danish import format_date
from index.engine import Engine, open_engine
from referat.errors import IndexingError
from index.model import Filters
from index.preparation import brief_to_markdown
from referat.settings import Settings, add_settings_arguments, build_settings
from ingest.model import AgendaItem, Meeting
from ingest.reader import SourceResult, find_sources

log = logging.getLogger("referat.app")

APP_DIR = Path(__file__).resolve().parent
ALL_COMMITTEES = "Alle"
MAX_QUESTION_CHARS = 1000
MAX_CASE_NUMBER_CHARS = 80
# How long a request waits for the first sample ingest before it gives up with a message.
READY_WAIT_SECONDS = 60

EXAMPLE_QUESTIONS = [
    "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?",
    "Hvad var bruttoledigheden i april 2021?",
    "Hvad er indstillingen om udbud af danskuddannelsen?",
]

ERROR_MESSAGE = "Beklager – der opstod en fejl, mens spørgsmålet blev behandlet. Prøv igen, eller omformulér spørgsmålet."


class InputError(ValueError):
    """Something the user typed that we cannot use; the message is Danish and shown as is."""


# ---------------------------------------------------------------------------------------------------------------------
# Pure helpers: input checks and rendering. No engine, no Gradio – tested in tests/test_app_ui.py.
# ---------------------------------------------------------------------------------------------------------------------

# Characters that Markdown, KaTeX or Gradio's HTML templates would interpret; item text is third-party content, so
# they are written as character references and always show literally.
_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "`*_[]{}$\\|~#"})


def escape_text(text: str) -> str:
    """Text as inert HTML: tags, Markdown and template syntax escaped, line breaks kept as <br>."""
    escaped = html.escape(text, quote=True).translate(_LITERAL)
    # No literal newlines: a blank line would end the HTML block inside the chat's Markdown renderer.
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def parse_day(text: str | None, what: str) -> date | None:
    """A date typed as ÅÅÅÅ-MM-DD, or None when left empty."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InputError(f"{what} skal skrives som ÅÅÅÅ-MM-DD, fx 2021-06-23. «{text[:20]}» kunne ikke læses.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} «{text}» er ikke en gyldig dato. Tjek måned og dag.") from None


def build_filters(committee: str | None, date_from: str | None, date_to: str | None,
                  only_decisions: bool | None) -> Filters:
    """The search filters from the form; raises InputError with a Danish explanation."""
    start = parse_day(date_from, "Fra-datoen")
    end = parse_day(date_to, "Til-datoen")
    if start and end and start > end:
        raise InputError("Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.")
    chosen = (committee or "").strip()
    return Filters(committee=None if chosen in ("", ALL_COMMITTEES) else chosen,
                   date_from=start, date_to=end, with_decision=bool(only_decisions))


def clean_question(text: str | None) -> tuple[str, str | None]:
    """The question trimmed and capped, plus a note for the reader when it was cut."""
    question = " ".join((text or "").split())
    if not question:
        raise InputError("Skriv et spørgsmål først – fx «Hvad besluttede udvalget om rammeaftalen for danskuddannelse?»")
    if len(question) <= MAX_QUESTION_CHARS:
        return question, None
    cut = question[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
    limit = f"{MAX_QUESTION_CHARS:,}".replace(",", ".")  # Danish thousands separator
    return cut, f"Spørgsmålet var meget langt, så kun de første {limit} tegn blev brugt."


def clean_case_number(text: str | None) -> str:
    case = (text or "").strip()
    if not case:
        raise InputError("Skriv et sagsnummer, fx 00.00.00-P19-1719-10.")
    if len(case) > MAX_CASE_NUMBER_CHARS:
        raise InputError("Sagsnummeret er for langt – det plejer at se ud som 00.00.00-P19-1719-10.")
    return case


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.committee} · {format_date(meeting.date)} · {meeting.kind.value}"


def meeting_choices(meetings: Sequence[Meeting]) -> list[tuple[str, str]]:
    """Dropdown choices (label, id), newest meeting first."""
    newest_first = sorted(meetings, key=lambda m: (m.date, m.time.isoformat() if m.time else ""), reverse=True)
    return [(meeting_label(m), m.id) for m in newest_first]


def committee_choices(committees: Sequence[str]) -> list[str]:
    return [ALL_COMMITTEES, *sorted(committees)]


def item_meta(item: AgendaItem) -> str:
    """The plain source line of an item: committee, date, kind, item number and case number."""
    meeting = item.meeting
    parts = [meeting.committee, format_date(meeting.date), meeting.kind.value, f"punkt {item.number}"]
    if item.case_number:
        parts.append(f"sag {item.case_number}")
    return " · ".join(parts)


def item_to_dict(item: AgendaItem) -> dict[str, Any]:
    """The fields that name an agenda item, as JSON for API callers."""
    return {
        "item_id": item.id,
        "committee": item.meeting.committee,
        "date": item.meeting.date.isoformat(),
        "kind": item.meeting.kind.value,
        "item_number": item.number,
        "title": item.title,
        "case_number": item.case_number,
        "decision": item.decision,
    }


def citation_to_dict(citation: Citation) -> dict[str, Any]:
    """A citation as JSON for API callers."""
    return {
        "number": citation.number,
        "label": citation.label,
        **item_to_dict(citation.item),
        "recommendation": citation.item.recommendation,
        "quotes": [{"text": q.text, "section": q.section.value} for q in citation.quotes],
        "score": round(float(citation.score), 4),
    }


def treatment_to_dict(item: AgendaItem, latest: bool) -> dict[str, Any]:
    return {**item_to_dict(item), "latest": latest}


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
        f'<div class="ref-meta">{escape_text(item_meta(item))}</div>'
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


def render_message(text: str, css_class: str = "ref-note") -> str:
    return f'<div class="{css_class}">{escape_text(text)}</div>'


def answer_cases(answer: Answer) -> list[tuple[str, str]]:
    """The (case number, title) of each cited item with a case number, once each, in citation order."""
    seen: dict[str, str] = {}
    for citation in answer.citations if answer.found else ():
        if citation.item.case_number:
            seen.setdefault(citation.item.case_number, citation.item.title)
    return list(seen.items())


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def render_case_links(cases: Sequence[tuple[str, str]]) -> str:
    """Buttons under the chat that open a cited case's history (clicks are picked up by the component's JS)."""
    if not cases:
        return ""
    buttons = "".join(
        f'<button type="button" class="ref-case-link" data-case="{escape_text(case)}" '
        f'title="{escape_text(title)}">Sag {escape_text(case)} · {escape_text(shorten(title, 48))}</button>'
        for case, title in cases)
    return f'<div class="ref-case-links"><span>Se sagsforløb:</span>{buttons}</div>'


def render_case_history(case_number: str, items: Sequence[AgendaItem]) -> str:
    """Every treatment of a case, oldest first, with the latest one marked."""
    if not items:
        return render_message(f"Der er ingen dagsordenspunkter med sagsnummer «{case_number}» i referaterne. "
                              "Tjek nummeret – det står under hvert punkts titel.")
    count = "én behandling" if len(items) == 1 else f"{len(items)} behandlinger"
    rows = []
    for position, item in enumerate(items):
        latest = position == len(items) - 1
        badge = '<span class="ref-badge">Seneste behandling</span>' if latest else ""
        decision = (f'<div class="ref-decision"><div class="ref-box-label">Beslutning</div>{escape_text(item.decision)}'
                    "</div>" if item.decision else '<div class="ref-pending">ingen beslutning</div>')
        rows.append(
            f'<li class="ref-treatment{" ref-latest" if latest else ""}">'
            f'<div class="ref-treatment-date">{escape_text(format_date(item.meeting.date))}{badge}</div>'
            f'<div class="ref-card-title">{escape_text(item.title)}</div>'
            f'<div class="ref-meta">{escape_text(item.meeting.committee)} · {escape_text(item.meeting.kind.value)}'
            f" · punkt {escape_text(item.number)}</div>{decision}</li>")
    return (f'<div class="ref-history"><h3>Sag {escape_text(case_number)} – {count}</h3>'
            f'<ol class="ref-timeline">{"".join(rows)}</ol></div>')


def brief_file_path(meeting_id: str) -> Path:
    """Where a brief's download is written: the temp folder, named from the (catalog-checked) meeting id only."""
    safe_id = re.sub(r"[^0-9A-Za-z_-]", "", meeting_id)[:64] or "moede"
    return Path(tempfile.gettempdir()) / f"referat-forberedelse-{safe_id}.md"


# ---------------------------------------------------------------------------------------------------------------------
# The app's state: one engine, a lock around it, and the first-start sample ingest.
# ---------------------------------------------------------------------------------------------------------------------

class ReferatApp:
    """The engine behind the UI and the API. Engine calls are serialised: the index is not documented as
    thread-safe and Gradio runs handlers on a thread pool; each call takes milliseconds."""

    def __init__(self, engine: Engine, samples: Path | None) -> None:
        self.engine = engine
        self.samples = samples
        self._lock = threading.Lock()
        self.ready = threading.Event()
        self.loading_message: str | None = None
        self.problem: str | None = None

    # -- start-up --

    def start(self) -> None:
        """Load the bundled samples in the background when the index is empty, so the page can show progress."""
        with self._lock:
            empty = self.engine.is_empty()
        if not empty:
            self.ready.set()
            return
        if self.samples is None or not self.samples.exists():
            log.warning("the index is empty and no sample folder was found (%s); start with an empty index",
                        self.samples)
            self.ready.set()
            return
        self.loading_message = "Indlæser eksempelreferaterne …"
        threading.Thread(target=self._ingest_samples, name="sample-ingest", daemon=True).start()

    def _ingest_samples(self) -> None:
        try:
            files = find_sources([self.samples])
            log.info("the index is empty: ingesting %d bundled sample file(s) from %s", len(files), self.samples)
            with self._lock:
                summary = self.engine.ingest(files, on_result=self._progress_reporter(len(files)))
            log.info("samples ingested: %s", summary.describe())
            if summary.failures:
                self.problem = f"{len(summary.failures)} eksempelfil(er) kunne ikke læses – se serverens log."
        except Exception:  # noqa: BLE001 — the app must come up even when the samples cannot be read
            log.exception("ingesting the samples failed")
            self.problem = "Eksempelreferaterne kunne ikke indlæses – se serverens log."
        finally:
            self.loading_message = None
            self.ready.set()

    def _progress_reporter(self, total: int) -> Callable[[SourceResult], None]:
        """Logs each file and keeps the status line's progress current."""
        done = 0

        def report(result: SourceResult) -> None:
            nonlocal done
            done += 1
            if result.publication is not None:
                log.info("sample %d/%d indexed: %s (%d items)", done, total, result.path.name,
                         len(result.publication.items))
            else:
                log.warning("sample %d/%d could not be read: %s (%s)", done, total, result.path.name, result.error)
            self.loading_message = f"Indlæser eksempelreferaterne … {done} af {total} filer"

        return report

    def _wait_ready(self) -> None:
        if not self.ready.wait(READY_WAIT_SECONDS):
            raise InputError("Referaterne indlæses stadig – prøv igen om et øjeblik.")

    # -- reads --

    def status_line(self) -> str:
        if self.loading_message:
            return self.loading_message
        with self._lock:
            line = self.engine.status().describe()
        return f"{self.problem} {line}" if self.problem else line

    def committees(self) -> list[str]:
        with self._lock:
            return self.engine.committees()

    def meetings(self) -> list[Meeting]:
        with self._lock:
            return self.engine.meetings()

    def ask(self, question: str, filters: Filters) -> Answer:
        self._wait_ready()
        with self._lock:
            return self.engine.ask(question, filters)

    def case_history(self, case_number: str) -> list[AgendaItem]:
        self._wait_ready()
        with self._lock:
            return self.engine.case_history(case_number)

    def prepare_markdown(self, meeting_id: str) -> str | None:
        self._wait_ready()
        with self._lock:
            brief = self.engine.prepare(meeting_id)
        return brief_to_markdown(brief) if brief is not None else None


# ---------------------------------------------------------------------------------------------------------------------
# Handlers: one per UI event, each catching its own errors so a bad request never takes the app down.
# ---------------------------------------------------------------------------------------------------------------------

def status_markdown(app: ReferatApp) -> str:
    try:
        line = app.status_line()
    except Exception:  # noqa: BLE001
        log.exception("status failed")
        line = "Status kunne ikke hentes."
    state = "ref-busy" if app.loading_message or app.problem or not app.ready.is_set() else "ref-ready"
    return f'<div class="ref-status {state}"><span class="ref-status-dot"></span>{escape_text(line)}</div>'


def chat_turn(app: ReferatApp, question: str, history: list[dict] | None, committee: str, date_from: str,
              date_to: str, only_decisions: bool) -> tuple[str, list[dict], str]:
    """One question → the chat with the question and its answer appended, and the case links for the answer."""
    history = list(history or [])
    shown_question = " ".join((question or "").split())[:MAX_QUESTION_CHARS] or "…"
    cases: list[tuple[str, str]] = []
    try:
        text, note = clean_question(question)
        filters = build_filters(committee, date_from, date_to, only_decisions)
        answer = app.ask(text, filters)
        reply = render_answer(answer, note)
        cases = answer_cases(answer)
    except InputError as error:
        if not (question or "").strip():
            shown_question = ""
        reply = render_message(str(error))
    except Exception:  # noqa: BLE001 — one failed request must not end the session
        log.exception("answering %r failed", shown_question[:200])
        reply = render_message(ERROR_MESSAGE, "ref-error")
    if shown_question:
        history.append({"role": "user", "content": escape_text(shown_question)})
    history.append({"role": "assistant", "content": reply})
    return "", history, render_case_links(cases)


def show_case_history(app: ReferatApp, case_number: str) -> str:
    try:
        case = clean_case_number(case_number)
        return render_case_history(case, app.case_history(case))
    except InputError as error:
        return render_message(str(error))
    except Exception:  # noqa: BLE001
        log.exception("case history for %r failed", (case_number or "")[:100])
        return render_message("Beklager – sagsforløbet kunne ikke hentes. Prøv igen.", "ref-error")


def open_case_from_answer(app: ReferatApp, event: gr.EventData) -> tuple[str, str, Any]:
    """A click on a case link under the chat: fill in the case number, show its history, switch tab."""
    case = str((getattr(event, "_data", None) or {}).get("case", ""))[:MAX_CASE_NUMBER_CHARS]
    if not case:
        return gr.skip(), gr.skip(), gr.skip()
    return case, show_case_history(app, case), gr.Tabs(selected="sagsforloeb")


def prepare_meeting_view(app: ReferatApp, meeting_id: str | None) -> tuple[str, Any]:
    """The brief as Markdown, and the download button pointing at the same text written to a file."""
    hidden = gr.DownloadButton(visible=False)
    if not meeting_id:
        return "Vælg et møde først.", hidden
    try:
        markdown = app.prepare_markdown(meeting_id)
        if markdown is None:
            return "Mødet findes ikke (længere) i referaterne. Genindlæs siden og vælg igen.", hidden
        path = brief_file_path(meeting_id)
        path.write_text(markdown, encoding="utf-8")
        return markdown, gr.DownloadButton(value=str(path), visible=True)
    except InputError as error:
        return str(error), hidden
    except Exception:  # noqa: BLE001
        log.exception("preparing meeting %r failed", meeting_id[:80])
        return "Beklager – forberedelsen kunne ikke laves. Prøv igen.", hidden


def refresh_lists(app: ReferatApp, committee: str | None, meeting_id: str | None) -> tuple[Any, Any, Any, Any]:
    """Status, committee and meeting choices; the timer stops once the first ingest is done."""
    if not app.ready.is_set():  # the ingest holds the engine: show its progress, fill the lists when it is done
        return status_markdown(app), gr.skip(), gr.skip(), gr.skip()
    try:
        committees = committee_choices(app.committees())
        meetings = meeting_choices(app.meetings())
    except Exception:  # noqa: BLE001
        log.exception("refreshing the lists failed")
        committees, meetings = [ALL_COMMITTEES], []
    keep_committee = committee if committee in committees else ALL_COMMITTEES
    ids = [m_id for _, m_id in meetings]
    keep_meeting = meeting_id if meeting_id in ids else (ids[0] if ids else None)
    return (status_markdown(app), gr.Dropdown(choices=committees, value=keep_committee),
            gr.Dropdown(choices=meetings, value=keep_meeting), gr.Timer(active=not app.ready.is_set()))


# ---------------------------------------------------------------------------------------------------------------------
# API endpoints (gradio_client): plain JSON in and out, typed so gr.api can describe them.
# ---------------------------------------------------------------------------------------------------------------------

def register_api(app: ReferatApp) -> None:
    def ask(question: str, committee: str = ALL_COMMITTEES, date_from: str = "", date_to: str = "",
            only_decisions: bool = False) -> tuple[str, list[dict]]:
        """Answer a Danish question; returns the answer text and the cited items (committee, date, kind,
        item_number, title, case_number, decision, quotes, label). Dates are ÅÅÅÅ-MM-DD or empty."""
        try:
            text, _ = clean_question(question)
            answer = app.ask(text, build_filters(committee, date_from, date_to, only_decisions))
        except InputError as error:
            return str(error), []
        return answer.text, [citation_to_dict(c) for c in answer.citations]

    def case_history(case_number: str) -> list[dict]:
        """Every treatment of a case number, oldest first; the last one has latest=true."""
        try:
            items = app.case_history(clean_case_number(case_number))
        except InputError:
            return []
        return [treatment_to_dict(item, i == len(items) - 1) for i, item in enumerate(items)]

    def meetings() -> list[dict]:
        """The indexed meetings, newest first: id and label (committee · date · kind)."""
        return [{"id": m_id, "label": label} for label, m_id in meeting_choices(app.meetings())]

    def prepare_meeting(meeting_id: str) -> str:
        """The preparation brief for a meeting id (from /meetings) as Markdown; empty when the id is unknown."""
        try:
            return app.prepare_markdown(meeting_id.strip()) or ""
        except InputError:
            return ""

    gr.api(ask, api_name="ask")
    gr.api(case_history, api_name="case_history")
    gr.api(meetings, api_name="meetings")
    gr.api(prepare_meeting, api_name="prepare_meeting")


# ---------------------------------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------------------------------

CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto !important; }
#ref-header h1 { margin: 0; font-size: 1.9rem; letter-spacing: -0.01em; }
#ref-header p { margin: 0.15rem 0 0; color: var(--body-text-color-subdued); }
.ref-status { display: flex; align-items: center; gap: 0.5rem; padding: 0.45rem 0.8rem; border-radius: 8px;
  background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);
  font-size: 0.88rem; color: var(--body-text-color-subdued); }
.ref-status-dot { width: 8px; height: 8px; border-radius: 50%; background: #2e9d5b; flex: none; }
.ref-busy .ref-status-dot { background: #d97706; }
.ref-answer { line-height: 1.55; }
.ref-note { color: var(--body-text-color-subdued); font-style: italic; }
.ref-error { color: #b42318; }
.ref-sources-label { margin: 0.9rem 0 0.3rem; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.06em;
  text-transform: uppercase; color: var(--body-text-color-subdued); }
.ref-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 0.7rem 0.85rem;
  margin: 0.45rem 0; background: var(--background-fill-primary); }
.ref-card-title { font-weight: 650; line-height: 1.35; }
.ref-num { display: inline-block; min-width: 1.4rem; height: 1.4rem; line-height: 1.4rem; text-align: center;
  border-radius: 6px; margin-right: 0.45rem; font-size: 0.8rem; background: #1d4ed8; color: #fff; }
.ref-meta { font-size: 0.85rem; color: var(--body-text-color-subdued); margin: 0.2rem 0 0.45rem; }
.ref-decision { border-left: 4px solid #2e9d5b; background: rgba(46, 157, 91, 0.10); padding: 0.45rem 0.7rem;
  border-radius: 6px; margin: 0.35rem 0; }
.ref-pending { border-left: 4px solid #b7791f; background: rgba(183, 121, 31, 0.10); padding: 0.45rem 0.7rem;
  border-radius: 6px; margin: 0.35rem 0; }
.ref-box-label { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase;
  opacity: 0.75; margin-bottom: 0.15rem; }
.ref-full summary { cursor: pointer; font-size: 0.88rem; color: #1d4ed8; margin-top: 0.3rem; }
.ref-fulltext { max-height: 22rem; overflow-y: auto; font-size: 0.86rem; line-height: 1.5; padding: 0.5rem 0.6rem;
  margin-top: 0.35rem; border-radius: 6px; background: var(--background-fill-secondary); }
.ref-case-links { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; font-size: 0.88rem; }
.ref-case-links > span { color: var(--body-text-color-subdued); }
.ref-case-link { border: 1px solid #1d4ed8; color: #1d4ed8; background: transparent; border-radius: 999px;
  padding: 0.2rem 0.7rem; cursor: pointer; font-size: 0.85rem; }
.ref-case-link:hover { background: rgba(29, 78, 216, 0.08); }
.ref-history h3 { margin: 0.2rem 0 0.8rem; }
.ref-timeline { list-style: none; padding: 0 0 0 1.1rem; margin: 0; border-left: 2px solid var(--border-color-primary); }
.ref-treatment { position: relative; margin: 0 0 1rem; padding: 0.6rem 0.85rem; border-radius: 10px;
  border: 1px solid var(--border-color-primary); }
.ref-treatment::before { content: ""; position: absolute; left: -1.55rem; top: 0.9rem; width: 12px; height: 12px;
  border-radius: 50%; background: var(--border-color-primary); }
.ref-latest { border-color: #1d4ed8; box-shadow: 0 0 0 1px #1d4ed8; }
.ref-latest::before { background: #1d4ed8; }
.ref-treatment-date { font-weight: 700; display: flex; align-items: center; gap: 0.5rem; }
#ref-brief h1 { font-size: 1.5rem; }
#ref-brief h2 { font-size: 1.15rem; margin-top: 1.4rem; }
.ref-badge { font-size: 0.72rem; font-weight: 700; background: #1d4ed8; color: #fff; border-radius: 999px;
  padding: 0.1rem 0.55rem; }
"""

# Clicks on the case buttons under the chat become the component's click event, carrying the case number.
CASE_LINK_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('[data-case]');
  if (button) trigger('click', {case: button.dataset.case});
});
"""


def build_ui(app: ReferatApp) -> gr.Blocks:
    with gr.Blocks(title="Referat – spørg i kommunens referater", analytics_enabled=False) as demo:
        gr.HTML('<div id="ref-header"><h1>Referat</h1><p>Spørg i kommunale dagsordener og referater – '
                "svar med citerede beslutninger og kilder.</p></div>")
        status = gr.HTML(status_markdown(app), elem_id="ref-status")

        with gr.Tabs(selected="spoerg") as tabs:
            with gr.Tab("Spørg", id="spoerg"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(
                            label="Samtale", show_label=False, elem_id="ref-chat", height=560, sanitize_html=True,
                            latex_delimiters=[], feedback_options=None, buttons=["copy"],
                            placeholder="**Stil et spørgsmål om udvalgenes møder.**<br>Svaret citerer "
                                        "beslutningerne ordret og viser de dagsordenspunkter, det bygger på.")
                        case_links = gr.HTML("", elem_id="ref-case-links", js_on_load=CASE_LINK_JS)
                        with gr.Row():
                            question = gr.Textbox(label="Spørgsmål", elem_id="ref-question", scale=5, lines=1,
                                                  max_lines=4, placeholder="Fx: Hvad besluttede udvalget om …?",
                                                  autofocus=True)
                            ask_button = gr.Button("Spørg", variant="primary", scale=1, elem_id="ref-ask")
                        gr.Examples(EXAMPLE_QUESTIONS, inputs=[question], label="Eksempler – klik for at bruge")
                    with gr.Column(scale=1, min_width=240):
                        gr.Markdown("### Afgræns søgningen")
                        committee = gr.Dropdown(committee_choices([]), value=ALL_COMMITTEES, label="Udvalg",
                                                elem_id="ref-committee")
                        date_from = gr.Textbox(label="Fra dato", placeholder="ÅÅÅÅ-MM-DD", elem_id="ref-from")
                        date_to = gr.Textbox(label="Til dato", placeholder="ÅÅÅÅ-MM-DD", elem_id="ref-to")
                        only_decisions = gr.Checkbox(label="Kun punkter med beslutning", value=False)
                        clear = gr.Button("Ryd samtalen", variant="secondary", size="sm")

            with gr.Tab("Sagsforløb", id="sagsforloeb"):
                gr.Markdown("Se alle behandlinger af en sag i datoorden. Sagsnummeret står på hver kilde "
                            "under svarene – eller skriv det her.")
                with gr.Row():
                    case_number = gr.Textbox(label="Sagsnummer", placeholder="Fx 00.00.00-P19-1719-10",
                                             elem_id="ref-case", scale=4)
                    case_button = gr.Button("Vis sagsforløb", variant="primary", scale=1, elem_id="ref-case-show")
                case_view = gr.HTML("", elem_id="ref-case-view")

            with gr.Tab("Forbered møde", id="forbered"):
                gr.Markdown("Vælg et møde og få hvert punkts tidligere behandlinger og lignende sager samlet.")
                with gr.Row():
                    meeting = gr.Dropdown([], label="Møde", elem_id="ref-meeting", scale=4)
                    prepare_button = gr.Button("Forbered mødet", variant="primary", scale=1,
                                               elem_id="ref-prepare")
                with gr.Row():
                    download = gr.DownloadButton("Hent som Markdown-fil", visible=False, size="sm", scale=0,
                                                 min_width=220, elem_id="ref-download")
                brief = gr.Markdown("", elem_id="ref-brief", latex_delimiters=[], sanitize_html=True)

        # UI events are private: API callers use the typed endpoints from register_api instead.
        ask_inputs = [question, chat, committee, date_from, date_to, only_decisions]
        ask_outputs = [question, chat, case_links]
        for trigger in (question.submit, ask_button.click):
            trigger(lambda *args: chat_turn(app, *args), ask_inputs, ask_outputs, api_visibility="private")
        clear.click(lambda: ([], ""), None, [chat, case_links], api_visibility="private")
        chat.clear(lambda: "", None, [case_links], api_visibility="private")  # the chat's own bin icon

        def on_case_link(event: gr.EventData) -> tuple[str, str, Any]:
            return open_case_from_answer(app, event)

        case_links.click(on_case_link, None, [case_number, case_view, tabs], api_visibility="private")
        for trigger in (case_number.submit, case_button.click):
            trigger(lambda case: show_case_history(app, case), [case_number], [case_view], api_visibility="private")
        prepare_button.click(lambda m_id: prepare_meeting_view(app, m_id), [meeting], [brief, download],
                             api_visibility="private")

        # While the first ingest runs the timer keeps the status and the lists current, then switches itself off.
        timer = gr.Timer(1.0, active=not app.ready.is_set())
        refresh = lambda c, m: refresh_lists(app, c, m)  # noqa: E731
        timer.tick(refresh, [committee, meeting], [status, committee, meeting, timer], api_visibility="private",
                   show_progress="hidden")
        demo.load(refresh, [committee, meeting], [status, committee, meeting, timer], api_visibility="private",
                  show_progress="hidden")

        register_api(app)
    return demo


THEME = gr.themes.Soft(
    primary_hue="blue", neutral_hue="slate",
    # System fonts: the default Google fonts would be fetched from the internet on every page load.
    font=["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Referat: spørg i kommunale dagsordener og referater (web-app).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--samples", type=Path, default=APP_DIR / "samples",
                        help="minutes to load when the index is empty (default: samples/ next to app.py)")
    add_settings_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings: Settings = build_settings(args, os.environ)
    log.info("opening the index in %s (%s)", settings.data_dir, "offline" if settings.offline else settings.model)
    try:
        engine = open_engine(settings)
    except IndexingError as error:
        # e.g. an index built by another embedder: the message says how to rebuild it.
        raise SystemExit(f"error: {error}") from None
    app = ReferatApp(engine, args.samples)
    app.start()
    demo = build_ui(app)
    demo.queue(default_concurrency_limit=4)
    log.info("Referat is starting on http://%s:%d/", args.host, args.port)
    demo.launch(server_name=args.host, server_port=args.port, theme=THEME, css=CSS, ssr_mode=False,
                show_error=False, footer_links=["api"])


if __name__ == "__main__":
    main()
