"""One handler per UI event, each catching its own errors so a bad request never takes the app down."""

from __future__ import annotations

import logging
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from index import QuestionScope, brief_to_docx, brief_to_markdown, is_follow_up
from referat.errors import EngineBusy, EngineStopped, EngineUnavailable
from referat.language import looks_english
from referat.periods import parse_period
from web.inputs import (
    ALL_COMMITTEES,
    ALL_MUNICIPALITIES,
    MAX_CASE_NUMBER_CHARS,
    MAX_QUESTION_CHARS,
    InputError,
    build_filters,
    clean_case_number,
    clean_question,
)
from web.render import (
    answer_cases,
    committee_choices,
    default_meeting,
    escape_text,
    example_questions,
    grouped_meeting_choices,
    render_answer,
    render_case_history,
    render_case_links,
    render_message,
    render_status,
    status_summary,
)
from web.state import ReferatApp

log = logging.getLogger(__name__)

# What the user reads when the engine process cannot answer, by why.
ENGINE_MESSAGES: dict[type[EngineUnavailable], str] = {
    EngineStopped: "Søgemaskinen svarer ikke lige nu og startes igen – prøv igen om et øjeblik.",
    EngineBusy: "Søgemaskinen er optaget lige nu – prøv igen om et øjeblik.",
}


def engine_message(error: EngineUnavailable) -> str:
    return ENGINE_MESSAGES.get(type(error), ENGINE_MESSAGES[EngineStopped])
ERROR_MESSAGE = ("Beklager – der opstod en fejl, mens spørgsmålet blev behandlet. Prøv igen, eller omformulér "
                 "spørgsmålet.")
CASE_TAB = "sagsforloeb"
ENGLISH_HINT = ("Spørgsmålet ser ud til at være på engelsk. Referaterne er på dansk, så spørg gerne på dansk – "
                "fx «Hvad besluttede udvalget om …?». Her er, hvad søgningen fandt:")
PERIOD_HELP = "Skriv perioden fx som «marts 2024», «2023», «sidste år», «januar–marts 2024» eller «1.3.2024»."


def brief_file_path(meeting_id: str, suffix: str = ".md") -> Path:
    """Where a brief's download is written: the temp folder, named from the (catalog-checked) meeting id only."""
    safe_id = re.sub(r"[^0-9A-Za-z_-]", "", meeting_id)[:64] or "moede"
    return Path(tempfile.gettempdir()) / f"referat-forberedelse-{safe_id}{suffix}"


def status_markdown(app: ReferatApp) -> str:
    try:
        if app.loading_message or not app.ready.is_set():
            return render_status(app.loading_message or "Indlæser …", busy=True)
        line, details = status_summary(app.engine_status(), app.municipalities())
        if app.problem:
            line = f"{app.problem} {line}"
    except EngineUnavailable as error:
        log.warning("status: %s", error)
        line, details = engine_message(error), ""
    except Exception:
        log.exception("status failed")
        line, details = "Status kunne ikke hentes.", ""
    return render_status(line, busy=app.is_busy(), details=details)


def period_bounds(period: str | None, today: date) -> tuple[str, str]:
    """A Danish period typed in the period field as first and last day (ISO), or empty for all time."""
    text = (period or "").strip()
    if not text:
        return "", ""
    bounds = parse_period(text[:80], today)
    if bounds is None:
        raise InputError(f"Perioden «{text[:40]}» kunne ikke læses. {PERIOD_HELP}")
    return bounds[0].isoformat(), bounds[1].isoformat()


async def chat_turn(app: ReferatApp, question: str, history: list[dict[str, str]] | None, committee: str,
                    period: str, only_decisions: bool, municipality: str | None = ALL_MUNICIPALITIES,
                    last_scope: QuestionScope | None = None
                    ) -> tuple[str, list[dict[str, str]], str, QuestionScope | None]:
    """One question → the chat with the question and its answer appended, the case links for the answer, and what
    the answer was about (the session's gr.State): a follow-up ("Og for hele landet?") in the next turn inherits its
    committee, period and case. A turn that gives no answer leaves nothing to follow up on. Awaited on the web
    server's event loop: no worker thread waits for the engine."""
    history = list(history or [])
    shown_question = " ".join((question or "").split())[:MAX_QUESTION_CHARS] or "…"
    cases: list[tuple[str, str]] = []
    scope: QuestionScope | None = None
    try:
        text, note = clean_question(question)
        if looks_english(text):
            note = " ".join(filter(None, [note, ENGLISH_HINT]))
        filters = build_filters(committee, *period_bounds(period, date.today()), only_decisions, municipality)
        # Only a turn that leans on the last ("Og …", "Hvad med …") inherits its scope; a new question starts afresh.
        answer = await app.ask_async(text, filters, last_scope if is_follow_up(text) else None)
        reply = render_answer(answer, note, anchor=f"ref-a{len(history)}")
        scope = answer.scope
        cases = answer_cases(answer)
    except InputError as error:
        if not (question or "").strip():
            shown_question = ""
        reply = render_message(str(error))
    except EngineUnavailable as error:
        log.warning("answering %r failed: %s", shown_question[:200], error)
        reply = render_message(engine_message(error), "ref-error")
    except Exception:  # one failed request must not end the session
        log.exception("answering %r failed", shown_question[:200])
        reply = render_message(ERROR_MESSAGE, "ref-error")
    if shown_question:
        history.append({"role": "user", "content": escape_text(shown_question)})
    history.append({"role": "assistant", "content": reply})
    return "", history, render_case_links(cases), scope


def show_case_history(app: ReferatApp, case_number: str) -> str:
    try:
        case = clean_case_number(case_number)
        return render_case_history(case, app.case_history(case))
    except InputError as error:
        return render_message(str(error))
    except Exception:
        log.exception("case history for %r failed", (case_number or "")[:100])
        return render_message("Beklager – sagsforløbet kunne ikke hentes. Prøv igen.", "ref-error")


def clicked_case(event: gr.EventData) -> str:
    """The case number static/case_links.js sends with a click, read as the event's attribute (Gradio's documented
    way for data passed to `trigger`); empty when the click carried none."""
    try:
        case = event.case_number
    except (AttributeError, TypeError):  # TypeError: an event without any data
        return ""
    return str(case or "")[:MAX_CASE_NUMBER_CHARS]


def open_case_from_answer(app: ReferatApp, event: gr.EventData) -> tuple[Any, Any, Any]:
    """A click on a case link under the chat: fill in the case number, show its history, switch tab."""
    case = clicked_case(event)
    if not case:
        return gr.skip(), gr.skip(), gr.skip()
    return case, show_case_history(app, case), gr.Tabs(selected=CASE_TAB)


def prepare_meeting_view(app: ReferatApp, meeting_id: str | None) -> tuple[str, Any, Any]:
    """The brief as Markdown, and download buttons for the same brief as Markdown and as Word (.docx)."""
    hidden = gr.DownloadButton(visible=False)
    if not meeting_id:
        return "Vælg et møde først.", hidden, hidden
    try:
        brief = app.brief(meeting_id)
        if brief is None:
            return "Mødet findes ikke (længere) i referaterne. Genindlæs siden og vælg igen.", hidden, hidden
        markdown = brief_to_markdown(brief)
        markdown_path, word_path = brief_file_path(meeting_id), brief_file_path(meeting_id, ".docx")
        markdown_path.write_text(markdown, encoding="utf-8")
        word_path.write_bytes(brief_to_docx(brief))
        return (markdown, gr.DownloadButton(value=str(markdown_path), visible=True),
                gr.DownloadButton(value=str(word_path), visible=True))
    except InputError as error:
        return str(error), hidden, hidden
    except Exception:
        log.exception("preparing meeting %r failed", meeting_id[:80])
        return "Beklager – forberedelsen kunne ikke laves. Prøv igen.", hidden, hidden


def refresh_lists(app: ReferatApp, committee: str | None, meeting_id: str | None,
                  municipality: str | None = None) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Status, committee, municipality and meeting choices, example questions; the timer stops once the first
    ingest is done. The municipality filter shows only when the index holds more than one."""
    if not app.ready.is_set():  # the ingest holds the engine: show its progress, fill the lists when it is done
        return status_markdown(app), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
    try:
        committees = committee_choices(app.committees())
        municipalities = app.municipalities()
        meetings = app.meetings()
        examples = example_questions(app.decided_items())
    except Exception:
        log.exception("refreshing the lists failed")
        committees, municipalities, meetings, examples = [(ALL_COMMITTEES, ALL_COMMITTEES)], [], [], []
    choices = grouped_meeting_choices(meetings)
    keep_committee = committee if committee in {value for _, value in committees} else ALL_COMMITTEES
    ids = {m_id for _, m_id in choices}
    keep_meeting = meeting_id if meeting_id in ids else default_meeting(meetings, date.today())
    keep_municipality = municipality if municipality in municipalities else ALL_MUNICIPALITIES
    return (status_markdown(app), gr.Dropdown(choices=committees, value=keep_committee),
            gr.Dropdown(choices=[ALL_MUNICIPALITIES, *municipalities], value=keep_municipality,
                        visible=len(municipalities) > 1),
            gr.Dropdown(choices=choices, value=keep_meeting),
            gr.Dataset(samples=[[q] for q in examples]) if examples else gr.skip(),
            gr.Timer(active=not app.ready.is_set()))
