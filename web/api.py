"""The API endpoints for gradio_client: plain JSON in and out, typed so gr.api can describe them."""

# No `from __future__ import annotations`: gr.api reads the endpoint functions' type hints at runtime.

from typing import Any

import gradio as gr

from index import Citation
from ingest.model import AgendaItem
from web.inputs import (
    ALL_COMMITTEES,
    InputError,
    build_filters,
    clean_case_number,
    clean_question,
    require_flag,
    require_text,
)
from web.render import meeting_choices
from web.state import ReferatApp

# Meeting ids are 16 hexadecimal digits; anything much longer is not one.
MAX_MEETING_ID_CHARS = 100


def item_to_dict(item: AgendaItem) -> dict[str, Any]:
    """The fields that name an agenda item, as JSON for API callers."""
    return {
        "item_id": item.id,
        "municipality": item.meeting.municipality,
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

    async def ask(question: str, committee: str = ALL_COMMITTEES, date_from: str = "", date_to: str = "",
                  only_decisions: bool = False, municipality: str = "") -> tuple[str, list[dict[str, Any]]]:
        """Answer a Danish question; returns the answer text and the cited items (municipality, committee, date,
        kind, item_number, title, case_number, decision, quotes, label). Dates are ÅÅÅÅ-MM-DD or empty; committee
        and municipality are part of a name, any case ("herning"), empty for all."""
        try:
            text, _ = clean_question(require_text(question, "question"))
            filters = build_filters(require_text(committee, "committee"), require_text(date_from, "date_from"),
                                    require_text(date_to, "date_to"), require_flag(only_decisions, "only_decisions"),
                                    require_text(municipality, "municipality"))
            answer = await app.ask_async(text, filters)
        except InputError as error:
            return str(error), []
        return answer.text, [citation_to_dict(c) for c in answer.citations]

    def case_history(case_number: str) -> list[dict[str, Any]]:
        """Every treatment of a case number, oldest first; the last one has latest=true."""
        try:
            items = app.case_history(clean_case_number(require_text(case_number, "case_number", empty_allowed=False)))
        except InputError as error:
            if not isinstance(case_number, str):
                raise gr.Error(str(error), print_exception=False) from None
            return []
        return [treatment_to_dict(item, i == len(items) - 1) for i, item in enumerate(items)]

    def meetings() -> list[dict[str, Any]]:
        """The indexed meetings, newest first: id and label (committee · date · kind)."""
        return [{"id": m_id, "label": label} for label, m_id in meeting_choices(app.meetings())]

    def prepare_meeting(meeting_id: str) -> str:
        """The preparation brief for a meeting id (from /meetings) as Markdown; empty when the id is unknown."""
        try:
            wanted = require_text(meeting_id, "meeting_id", empty_allowed=False).strip()[:MAX_MEETING_ID_CHARS]
            return app.prepare_markdown(wanted) or ""
        except InputError as error:
            if not isinstance(meeting_id, str):
                raise gr.Error(str(error), print_exception=False) from None
            return ""

    # Reads all: they run concurrently, up to the queue's default concurrency limit.
    gr.api(ask, api_name="ask")
    gr.api(case_history, api_name="case_history")
    gr.api(meetings, api_name="meetings")
    gr.api(prepare_meeting, api_name="prepare_meeting")
