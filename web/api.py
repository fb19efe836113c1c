"""The API endpoints for gradio_client: plain JSON in and out, typed so gr.api can describe them."""

# No `from __future__ import annotations`: gr.api reads the endpoint functions' type hints at runtime.

from typing import Any

import gradio as gr

from index import Citation
from ingest.model import AgendaItem
from web.inputs import ALL_COMMITTEES, InputError, build_filters, clean_case_number, clean_question
from web.render import meeting_choices
from web.state import ReferatApp


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


def register_api(app: ReferatApp) -> None:
    """Adds /ask, /case_history, /meetings and /prepare_meeting to the Blocks being built."""

    def ask(question: str, committee: str = ALL_COMMITTEES, date_from: str = "", date_to: str = "",
            only_decisions: bool = False) -> tuple[str, list[dict[str, Any]]]:
        """Answer a Danish question; returns the answer text and the cited items (committee, date, kind,
        item_number, title, case_number, decision, quotes, label). Dates are ÅÅÅÅ-MM-DD or empty."""
        try:
            text, _ = clean_question(question)
            answer = app.ask(text, build_filters(committee, date_from, date_to, only_decisions))
        except InputError as error:
            return str(error), []
        return answer.text, [citation_to_dict(c) for c in answer.citations]

    def case_history(case_number: str) -> list[dict[str, Any]]:
        """Every treatment of a case number, oldest first; the last one has latest=true."""
        try:
            items = app.case_history(clean_case_number(case_number))
        except InputError:
            return []
        return [treatment_to_dict(item, i == len(items) - 1) for i, item in enumerate(items)]

    def meetings() -> list[dict[str, Any]]:
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
