"""The page: three tabs (ask, case history, meeting preparation) wired to the handlers, plus the API endpoints."""

# No `from __future__ import annotations`: Gradio reads the handlers' type hints (gr.EventData) at runtime.

import inspect
import logging
import os
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from index import QuestionScope
from web.api import register_api
from web.handlers import (
    CASE_TAB,
    chat_turn,
    open_case_from_answer,
    prepare_meeting_view,
    refresh_lists,
    show_case_history,
    status_markdown,
)
from web.inputs import ALL_COMMITTEES, ALL_MUNICIPALITIES
from web.limits import RequestLimits
from web.mcp_tools import register_mcp_tools
from web.render import committee_choices
from web.state import ReferatApp

log = logging.getLogger(__name__)

# Requests answered at once (each takes tens of milliseconds of mostly numpy and SQLite work) and waiting at most.
READ_CONCURRENCY = 16
QUEUE_SIZE = 512
# Sessions whose state Gradio keeps (browser tabs, and API callers: each call without a session_hash is one), least
# recently used forgotten first. Each holds Gradio's copy of every component's settings, some 90 kB: Gradio's default
# of 10,000 would let API traffic alone grow the app by about 900 MB. A forgotten tab only loses its follow-up memory.
SESSIONS_KEPT = 1000
# Gradio settings it reads from the environment (an operator's own values win). After every event its queue rebuilds
# a pandas summary of up to 10,000 recorded events for a monitoring page this app does not enable, and around every
# event it switches matplotlib's backend, resolving it first by probing GUI toolkits.
GRADIO_ENVIRONMENT = {
    "GRADIO_ANALYTICS_CACHE_FREQUENCY": str(10**9),
    "GRADIO_ANALYTICS_MAX_EVENTS": "1000",
    "MPLBACKEND": "agg",
}

STATIC = Path(__file__).resolve().parent / "static"
STYLE_PATH = STATIC / "style.css"
CASE_LINKS_JS_PATH = STATIC / "case_links.js"
ANSWER_LINKS_JS_PATH = STATIC / "answer_links.js"
# After an answer arrives: show the start of the new answer, not the end of its last source card.
SCROLL_TO_ANSWER_JS = """() => { setTimeout(() => {
  const answers = document.querySelectorAll('#ref-chat .ref-answer');
  if (answers.length) answers[answers.length - 1].scrollIntoView({block: 'start'});
}, 150); }"""
FOOTER = ('<div id="ref-footer">Referat – svar fra kommunernes egne dagsordener og referater, citeret ordret. '
          'Kontrollér altid kilden. · <a href="?view=api">API og MCP-værktøjer</a></div>')

# Shown until the index is loaded; then replaced by questions about its most recent decisions.
EXAMPLE_QUESTIONS = [
    "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?",
    "Hvad var bruttoledigheden i april 2021?",
    "Hvad er indstillingen om udbud af danskuddannelsen?",
]

THEME = gr.themes.Soft(
    primary_hue="blue", neutral_hue="slate",
    # System fonts: the default Google fonts would be fetched from the internet on every page load.
    font=["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)


def build_ui(app: ReferatApp) -> gr.Blocks:
    demo = gr.Blocks(title="Referat – spørg i kommunens referater", analytics_enabled=False)
    with demo:
        gr.HTML('<div id="ref-header"><h1>Referat</h1><p>Spørg i kommunale dagsordener og referater – '
                "svar med citerede beslutninger og kilder.</p></div>")
        status = gr.HTML(status_markdown(app), elem_id="ref-status")

        with gr.Tabs(selected="spoerg") as tabs:
            with gr.Tab("Spørg", id="spoerg"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="Samtale", show_label=False, elem_id="ref-chat", height=560, sanitize_html=True,
                        autoscroll=False, latex_delimiters=[], feedback_options=None, buttons=["copy"],
                        placeholder="**Stil et spørgsmål om udvalgenes møder.**<br>Svaret citerer "
                                    "beslutningerne ordret og viser de dagsordenspunkter, det bygger på.")
                    case_links = gr.HTML("", elem_id="ref-case-links",
                                         js_on_load=CASE_LINKS_JS_PATH.read_text(encoding="utf-8"))
                    with gr.Row():
                        question = gr.Textbox(label="Spørgsmål", elem_id="ref-question", scale=5, lines=1,
                                              max_lines=4, placeholder="Fx: Hvad besluttede udvalget om …?",
                                              autofocus=True)
                        ask_button = gr.Button("Spørg", variant="primary", scale=1, elem_id="ref-ask")
                    examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLE_QUESTIONS],
                                          label="Eksempler – klik for at bruge", elem_id="ref-examples")
                with gr.Column(scale=1, min_width=240):
                    gr.Markdown("### Afgræns søgningen")
                    committee = gr.Dropdown(committee_choices([]), value=ALL_COMMITTEES, label="Udvalg",
                                            elem_id="ref-committee")
                    # Shown by refresh_lists only when the index holds minutes of more than one municipality.
                    municipality = gr.Dropdown([ALL_MUNICIPALITIES], value=ALL_MUNICIPALITIES, label="Kommune",
                                               elem_id="ref-municipality", visible=False)
                    period = gr.Textbox(label="Periode", placeholder="Fx marts 2024, 2023 eller sidste år",
                                        elem_id="ref-period")
                    only_decisions = gr.Checkbox(label="Kun punkter med beslutning", value=False)
                    clear = gr.Button("Ryd samtalen", variant="secondary", size="sm")

            with gr.Tab("Sagsforløb", id=CASE_TAB):
                gr.Markdown("Se alle behandlinger af en sag i datoorden. Sagsnummeret står på hver kilde "
                            "under svarene – eller skriv det her.")
                with gr.Row():
                    case_number = gr.Textbox(label="Sagsnummer", placeholder="Fx 00.00.00-P19-1719-10",
                                             elem_id="ref-case", scale=4)
                    case_button = gr.Button("Vis sagsforløb", variant="primary", scale=1, elem_id="ref-case-show")
                case_view = gr.HTML("", elem_id="ref-case-view")

            with gr.Tab("Forbered møde", id="forbered"):
                gr.Markdown("Vælg et møde og få hvert punkts indstilling, tidligere behandlinger og lignende sager "
                            "samlet. Skriv en del af udvalgets navn eller en dato for at finde mødet.")
                with gr.Row():
                    meeting = gr.Dropdown([], label="Møde", elem_id="ref-meeting", scale=4, filterable=True)
                    prepare_button = gr.Button("Forbered mødet", variant="primary", scale=1,
                                               elem_id="ref-prepare")
                with gr.Row():
                    download = gr.DownloadButton("Hent som Markdown-fil", visible=False, size="sm", scale=0,
                                                 min_width=220, elem_id="ref-download")
                    download_word = gr.DownloadButton("Hent som Word-fil (.docx)", visible=False, size="sm",
                                                      scale=0, min_width=220, elem_id="ref-download-docx")
                brief = gr.Markdown("", elem_id="ref-brief", latex_delimiters=[], sanitize_html=True)

        # What the last answer in this tab was about: a follow-up question inherits it. Per session, kept in the
        # server's memory (bounded by SESSIONS_KEPT); it goes with the conversation when that is cleared.
        last_scope = gr.State(None)

        # UI events are private: API callers use the typed endpoints from register_api instead.
        ask_inputs = [question, chat, committee, period, only_decisions, municipality, last_scope]
        ask_outputs = [question, chat, case_links, last_scope]
        async def ask_turn(*args: Any) -> tuple[str, list[dict[str, str]], str, QuestionScope | None]:
            return await chat_turn(app, *args)  # a coroutine function, so that Gradio awaits it on its event loop

        for trigger in (question.submit, ask_button.click):
            trigger(ask_turn, ask_inputs, ask_outputs, api_visibility="private").then(
                None, None, None, js=SCROLL_TO_ANSWER_JS, api_visibility="private")
        examples.click(lambda sample: sample[0], [examples], [question], api_visibility="private")
        clear.click(lambda: ([], "", None), None, [chat, case_links, last_scope], api_visibility="private")
        # The chat's own bin icon.
        chat.clear(lambda: ("", None), None, [case_links, last_scope], api_visibility="private")

        def on_case_link(event: gr.EventData) -> tuple[Any, Any, Any]:
            return open_case_from_answer(app, event)

        case_links.click(on_case_link, None, [case_number, case_view, tabs], api_visibility="private")
        for trigger in (case_number.submit, case_button.click):
            trigger(lambda case: show_case_history(app, case), [case_number], [case_view], api_visibility="private")
        prepare_button.click(lambda m_id: prepare_meeting_view(app, m_id), [meeting], [brief, download, download_word],
                             api_visibility="private")

        # While the first ingest runs the timer keeps the status and the lists current, then switches itself off.
        timer = gr.Timer(1.0, active=not app.ready.is_set())

        def refresh(committee_name: str | None, meeting_id: str | None,
                    municipality_name: str | None) -> tuple[Any, Any, Any, Any, Any, Any]:
            return refresh_lists(app, committee_name, meeting_id, municipality_name)

        refreshed = [status, committee, municipality, meeting, examples, timer]
        listed = [committee, meeting, municipality]
        timer.tick(refresh, listed, refreshed, api_visibility="private", show_progress="hidden")
        demo.load(refresh, listed, refreshed, api_visibility="private", show_progress="hidden")
        gr.HTML(FOOTER)

        register_api(app)
        register_mcp_tools(app)
    return demo


def remember_signatures(demo: gr.Blocks) -> int:
    """Give the `__init__` of every class of the page's blocks its signature as `__signature__`, which
    `inspect.signature` returns as it is; returns how many `__init__`s the page's classes have (each remembered now).

    Gradio copies the settings of every block of the page for each new session (a browser tab, an API caller), and
    each block's settings start with `inspect.signature` of its class's `__init__`, worked out afresh every time. With
    this page's blocks (69 in session 7) a new session cost about 2.7 times as much without the signatures remembered;
    twenty visitors arriving at once each waited behind the others' sessions."""
    initialisers = {vars(cls)["__init__"] for block in demo.blocks.values() for cls in type(block).__mro__
                    if inspect.isfunction(vars(cls).get("__init__"))}
    for initialiser in initialisers:
        if not isinstance(getattr(initialiser, "__signature__", None), inspect.Signature):
            initialiser.__signature__ = inspect.signature(initialiser)
    return len(initialisers)


def launch_options(mcp_server: bool) -> dict[str, Any]:
    """How the page is served: Danish head script, our own footer instead of Gradio's, MCP tools unless turned off."""
    head = f"<script>{ANSWER_LINKS_JS_PATH.read_text(encoding='utf-8')}</script>"
    return {"theme": THEME, "css_paths": STYLE_PATH, "head": head, "ssr_mode": False, "show_error": False,
            "footer_links": [], "mcp_server": mcp_server, "state_session_capacity": SESSIONS_KEPT,
            # Limits at the edge: no uploads (the app has none, max_file_size also refuses them) and capped bodies.
            "max_file_size": 1, "app_kwargs": {"middleware": [Middleware(RequestLimits)]}}


def serve(app: ReferatApp, host: str, port: int, mcp_server: bool = True) -> None:
    """Build the page and serve it until interrupted."""
    for name, value in GRADIO_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    demo = build_ui(app)
    remember_signatures(demo)
    # Every event only reads (the engine answers from immutable snapshots), so many run at once.
    # Queue positions every few seconds, not after every finished request (20 waiting clients × every request).
    demo.queue(default_concurrency_limit=READ_CONCURRENCY, max_size=QUEUE_SIZE, status_update_rate=5)
    log.info("Referat is starting on http://%s:%d/ (MCP tools %s)", host, port,
             f"at http://{host}:{port}/gradio_api/mcp/" if mcp_server else "off")
    demo.launch(server_name=host, server_port=port, **launch_options(mcp_server))
