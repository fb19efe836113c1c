"""The app's pure helpers: input checks, escaping and rendering (no server, no browser)."""

from __future__ import annotations

import argparse
import asyncio
import html
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from app import parse_arguments
from index import Engine, QuestionScope
from referat.errors import EngineBusy, EngineStopped
from web.api import citation_to_dict
from web.handlers import brief_file_path, chat_turn, clicked_case, show_case_history, status_markdown
from web.inputs import ALL_COMMITTEES, MAX_QUESTION_CHARS, InputError, build_filters, clean_case_number, clean_question
from web.render import answer_cases, escape_text, meeting_choices, render_answer, render_case_history, render_case_links
from web.state import ReferatApp

QUESTION = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"


@pytest.fixture(scope="module")
def engine(herning_engine: Engine) -> Engine:
    return herning_engine


@pytest.fixture(scope="module")
def app(engine: Engine) -> ReferatApp:
    app = ReferatApp(engine, samples=None)
    app.start()  # the index is not empty: ready at once
    return app



def turn(app: ReferatApp, *args: Any, **kwargs: Any) -> tuple[str, list[dict[str, str]], str, QuestionScope | None]:
    """One chat turn, awaited as the web server awaits it."""
    return asyncio.run(chat_turn(app, *args, **kwargs))

def test_escape_text_makes_third_party_text_inert() -> None:
    escaped = escape_text('<script>alert("x")</script> **fed** $x$ ${value} {{this}}\n\nny linje')
    assert "<script" not in escaped and "&lt;script&gt;" in escaped
    for active in ("**", "$", "{", "}", "\n"):
        assert active not in escaped
    assert escaped.count("<br>") == 2


def test_escaping_happens_once_so_the_browser_shows_the_source_text() -> None:
    source = """KL's «Bedre Hverdag» & "Fælles" <ansvar> > 5 #2"""
    escaped = escape_text(source)
    assert escape_text("KL's") == "KL&#39;s"
    assert html.unescape(escaped) == source
    assert "&amp;#" not in escaped and "&&" not in escaped


def test_markers_link_to_their_source_cards_and_the_lead_comes_first(engine: Engine) -> None:
    answer = engine.ask(QUESTION)
    assert answer.lead == ("Beslutning, Beskæftigelsesudvalget den 23. juni 2021: «Indstillingen blev tiltrådt.» [1]")
    assert answer.text.startswith(answer.lead + "\n\n")
    rendered = render_answer(answer, anchor="ref-a4")
    assert rendered.index('class="ref-lead"') < rendered.index('id="ref-a4-src-1"')
    assert '<a class="ref-cite" href="#ref-a4-src-1">&#91;1&#93;</a>' in rendered
    assert '<blockquote class="ref-quote">Indstillingen blev tiltrådt.</blockquote>' in rendered
    assert '<mark class="ref-q">Indstillingen blev tiltrådt.</mark>' in rendered  # in the full item


@pytest.mark.parametrize(("date_from", "date_to", "message"), [
    ("2021-6-1", "", "ÅÅÅÅ-MM-DD"),
    ("2021-02-30", "", "ikke en gyldig dato"),
    ("", "i går", "Til-datoen skal skrives"),
    ("2021-06-01", "2021-01-01", "efter til-datoen"),
])
def test_bad_dates_get_a_danish_explanation(date_from: str, date_to: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        build_filters(ALL_COMMITTEES, date_from, date_to, False)


def test_filters_from_the_form() -> None:
    filters = build_filters("Beskæftigelsesudvalget", " 2021-01-01 ", "", True)
    assert filters.committee == "Beskæftigelsesudvalget"
    assert filters.date_from == date(2021, 1, 1) and filters.date_to is None
    assert filters.with_decision
    assert build_filters(ALL_COMMITTEES, "", "", False).empty


def test_questions_are_required_and_capped() -> None:
    with pytest.raises(InputError, match="Skriv et spørgsmål"):
        clean_question("   ")
    question, note = clean_question("ord " * 600)
    assert len(question) <= MAX_QUESTION_CHARS and note and "1.000 tegn" in note
    assert clean_question("  Hvad  skete der? ") == ("Hvad skete der?", None)
    with pytest.raises(InputError):
        clean_case_number("")


def test_answer_renders_text_and_one_card_per_citation(engine: Engine) -> None:
    answer = engine.ask(QUESTION)
    rendered = render_answer(answer)
    assert "Indstillingen blev tiltrådt." in rendered
    assert rendered.count('class="ref-card"') == len(answer.citations) >= 1
    assert ('<div class="ref-meta">Beskæftigelsesudvalget, 23. juni 2021 (referat), punkt 3: Rammeaftale for KKR '
            "Midtjylland om samarbejde og koordinering af tilbud om danskuddannelse · sag 15.00.00-A00-10-21</div>"
            in rendered)  # the source line is referat.danish.item_label
    assert 'class="ref-decision"' in rendered and "Vis hele punktet" in rendered
    assert "\n" not in rendered  # one HTML block for the chat's Markdown renderer
    assert answer_cases(answer)[0][0] == "15.00.00-A00-10-21"
    assert 'data-case="15.00.00-A00-10-21"' in render_case_links(answer_cases(answer))


def test_not_found_shows_no_cards(engine: Engine) -> None:
    answer = engine.ask("Hvornår åbner den nye skøjtehal på månen?")
    assert not answer.found
    rendered = render_answer(answer)
    assert "Jeg kunne ikke finde" in rendered and "ref-card" not in rendered
    assert answer_cases(answer) == []


def test_citation_json_has_what_api_callers_need(engine: Engine) -> None:
    cited = citation_to_dict(engine.ask(QUESTION).citations[0])
    assert cited["committee"] == "Beskæftigelsesudvalget" and cited["date"] == "2021-06-23"
    assert cited["kind"] == "referat" and cited["case_number"] == "15.00.00-A00-10-21"
    assert cited["decision"] == "Indstillingen blev tiltrådt." and cited["quotes"]


def test_case_history_marks_only_the_latest(engine: Engine) -> None:
    rendered = render_case_history("00.00.00-P19-1719-10", engine.case_history("00.00.00-P19-1719-10"))
    assert rendered.count('<li class="ref-treatment') == 2
    assert rendered.index("20. oktober 2020") < rendered.index("23. juni 2021")
    assert rendered.count("Seneste behandling") == 1
    assert rendered.index("Seneste behandling") > rendered.index("23. juni 2021")
    assert "ingen beslutning" in rendered
    assert "ingen dagsordenspunkter" in render_case_history("99.99", [])


def test_meetings_newest_first(engine: Engine) -> None:
    labels = [label for label, _ in meeting_choices(engine.meetings())]
    assert labels == ["Beskæftigelsesudvalget · 23. juni 2021 · referat",
                      "Beskæftigelsesudvalget · 20. oktober 2020 · dagsorden"]


def test_chat_turn_appends_both_sides_and_survives_errors(app: ReferatApp, monkeypatch) -> None:
    _, history, links, scope = turn(app, QUESTION, [], ALL_COMMITTEES, "", False)
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "Indstillingen blev tiltrådt." in history[1]["content"] and "data-case" in links
    assert scope is not None and scope.case_numbers == frozenset({"15.00.00-a00-10-21"})

    _, history, _, scope = turn(app, "", history, ALL_COMMITTEES, "", False, last_scope=scope)
    assert history[-1]["role"] == "assistant" and "Skriv et spørgsmål" in history[-1]["content"]
    assert len(history) == 3  # an empty question adds no empty user bubble
    assert scope is None  # nothing answered, nothing to follow up on

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.engine, "ask", broken)
    _, history, links, scope = turn(app, QUESTION, [], ALL_COMMITTEES, "", False)
    assert "Beklager" in history[-1]["content"] and links == "" and scope is None


def test_a_follow_up_inherits_what_its_own_session_last_asked_about(app: ReferatApp) -> None:
    _, history, _, scope = turn(app, "Hvor mange er arbejdsløse i Herning?", [], ALL_COMMITTEES, "", False)
    assert scope is not None and scope.case_numbers == frozenset({"00.00.00-p19-1719-10"})
    _, followed, _, _ = turn(app, "Og for hele landet?", history, ALL_COMMITTEES, "", False, last_scope=scope)
    assert "Hele landet 4,2%" in _lead(followed[-1]["content"])
    # Another session showing the same chat remembers nothing of it: the question stands alone.
    _, alone, _, _ = turn(app, "Og for hele landet?", history, ALL_COMMITTEES, "", False, last_scope=None)
    assert _lead(alone[-1]["content"]).startswith("Ingen beslutning endnu")


def _lead(reply: str) -> str:
    """The direct answer at the top of a rendered reply."""
    return reply.split('<div class="ref-lead">', 1)[1].split("</div>", 1)[0]


def test_case_history_handler_checks_input(app: ReferatApp) -> None:
    assert "Skriv et sagsnummer" in show_case_history(app, " ")
    assert "Seneste behandling" in show_case_history(app, "00.00.00-P19-1719-10")


def test_a_case_link_click_carries_its_case_number() -> None:
    assert clicked_case(gr.EventData(None, {"case_number": "15.00.00-A00-10-21"})) == "15.00.00-A00-10-21"
    assert clicked_case(gr.EventData(None, {"case_number": "x" * 200})) == "x" * 80
    assert clicked_case(gr.EventData(None, {})) == ""
    assert clicked_case(gr.EventData(None, None)) == ""


def test_brief_file_name_comes_from_the_meeting_id_only() -> None:
    path = brief_file_path("../../etc/passwd")
    assert path.parent == Path(__import__("tempfile").gettempdir())
    assert path.name == "referat-forberedelse-etcpasswd.md"


def test_defaults_bind_locally() -> None:
    args = parse_arguments([])
    assert isinstance(args, argparse.Namespace)
    assert args.host == "127.0.0.1" and args.port == 7860
    assert args.samples.name == "samples"


def test_a_stopped_engine_process_is_said_in_the_chat_and_the_status_line(app: ReferatApp,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*_args: object, **_kwargs: object) -> None:
        raise EngineStopped("the engine process stopped (exit code -9)")

    for method in ("ask", "status", "vector_problem"):
        monkeypatch.setattr(app.engine, method, stopped)
    _, history, _, _ = turn(app, QUESTION, [], ALL_COMMITTEES, "", False)
    assert "Søgemaskinen svarer ikke lige nu" in history[-1]["content"]
    assert "Søgemaskinen svarer ikke lige nu" in status_markdown(app)
    assert app.is_busy()


def test_a_busy_engine_process_is_said_in_the_chat(app: ReferatApp, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_args: object, **_kwargs: object) -> None:
        raise EngineBusy("the engine gave no answer to ask within 60 s")

    monkeypatch.setattr(app.engine, "ask", busy)
    _, history, _, _ = turn(app, QUESTION, [], ALL_COMMITTEES, "", False)
    assert "Søgemaskinen er optaget" in history[-1]["content"]
