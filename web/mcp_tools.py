"""Referat's read-only functions as MCP tools, so an AI assistant answers from the minutes with Referat's citations.

Gradio serves every public `gr.api` function as an MCP tool (launch(mcp_server=True)): the tool's name is the
function's name, its description the docstring (the section keywords `Args:`/`Returns:` must stay English), its
parameters the type hints. Results are JSON text: Gradio would send a dict as its Python repr."""

# No `from __future__ import annotations`: gr.api reads the tool functions' type hints at runtime.

import json
from datetime import date
from typing import Any

import gradio as gr
from gradio.events import api as expose_api

from index import Answer
from ingest.model import AgendaItem, Meeting
from referat.committees import committee_matches, display_committee, is_pseudo_meeting
from referat.danish import item_label
from web.handlers import period_bounds
from web.inputs import InputError, build_filters, clean_case_number, clean_question, require_flag, require_text
from web.state import ReferatApp

MAX_MEETINGS = 200
# Ids are short; a longer one is cut before it is looked up or echoed.
MAX_ID_CHARS = 100


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def item_summary(item: AgendaItem) -> dict[str, Any]:
    """An item as the tools name it: where it is from, and its decision."""
    meeting = item.meeting
    return {
        "punkt_id": item.id,
        "kommune": meeting.municipality,
        "udvalg": display_committee(meeting.committee),
        "udvalg_raa": meeting.committee,
        "dato": meeting.date.isoformat(),
        "art": meeting.kind.value,
        "punkt": item.number,
        "titel": item.title,
        "sagsnummer": item.case_number,
        "beslutning": item.decision,
        "henvisning": item_label(item),
    }


def answer_payload(answer: Answer) -> dict[str, Any]:
    return {
        "fundet": answer.found,
        "kort_svar": answer.lead or answer.text,
        "svar": answer.text,
        "kilder": [{"nummer": c.number, **item_summary(c.item), "indstilling": c.item.recommendation,
                    "citater": [{"tekst": q.text, "afsnit": q.section.value} for q in c.quotes]}
                   for c in answer.citations],
    }


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    return {"moede_id": meeting.id, "kommune": meeting.municipality,
            "udvalg": display_committee(meeting.committee), "dato": meeting.date.isoformat(),
            "art": meeting.kind.value, "spoergsmaal_og_svar": is_pseudo_meeting(meeting.committee)}


def register_mcp_tools(app: ReferatApp) -> None:
    """Adds the five read-only tools (public API endpoints, hence MCP tools) to the Blocks being built."""

    async def spoerg_referater(spoergsmaal: str, udvalg: str = "", periode: str = "",
                               kun_beslutninger: bool = False, kommune: str = "") -> str:
        """Besvar et spørgsmål ud fra kommunens dagsordener og referater. Svaret citerer beslutninger og sætninger
        ordret, og hver kilde er et dagsordenspunkt med udvalg, dato, punkt og sagsnummer.

        Args:
            spoergsmaal: Spørgsmålet på dansk, fx "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"
            udvalg: Del af et udvalgsnavn, fx "Kultur" eller "Økonomiudvalget"; tomt = alle udvalg.
            periode: En periode på dansk, fx "marts 2024", "2023", "sidste år" eller "1.3.2024-30.6.2024"; tomt =
                hele perioden.
            kun_beslutninger: true = kun punkter, der har en beslutning.
            kommune: Del af et kommunenavn, fx "Herning"; tomt = alle kommuner i indekset.

        Returns:
            JSON med kort_svar (det direkte svar med [n]-henvisninger), svar (hele svaret med citater) og kilder
            (nummer, kommune, udvalg, dato, punkt, titel, sagsnummer, beslutning, citater, punkt_id).
        """
        try:
            text, _ = clean_question(require_text(spoergsmaal, "spoergsmaal"))
            period = period_bounds(require_text(periode, "periode"), date.today())
            filters = build_filters(require_text(udvalg, "udvalg") or None, *period,
                                    require_flag(kun_beslutninger, "kun_beslutninger"),
                                    require_text(kommune, "kommune"))
            # Awaited on the web server's event loop, as the REST `ask` is: no worker thread waits for the engine.
            return _json(answer_payload(await app.ask_async(text, filters)))
        except InputError as error:
            raise gr.Error(str(error), print_exception=False) from None

    def sagsforloeb(sagsnummer: str) -> str:
        """Alle behandlinger af en sag (samme sagsnummer) i datoorden, med beslutningen fra hver behandling.

        Args:
            sagsnummer: Sagsnummeret, fx "00.00.00-P19-1719-10"; det står på hver kilde i svarene.

        Returns:
            JSON-liste over behandlingerne, ældste først; den sidste har seneste=true.
        """
        try:
            items = app.case_history(clean_case_number(require_text(sagsnummer, "sagsnummer")))
        except InputError as error:
            raise gr.Error(str(error), print_exception=False) from None
        return _json([{**item_summary(item), "seneste": n == len(items) - 1} for n, item in enumerate(items)])

    def moedeliste(udvalg: str = "", antal: int = 50) -> str:
        """Møderne i referaterne, nyeste først, med møde_id til moedeforberedelse.

        Args:
            udvalg: Del af et udvalgsnavn, fx "Kultur"; tomt = alle udvalg.
            antal: Højst så mange møder (1-200).

        Returns:
            JSON-liste over møder: moede_id, kommune, udvalg, dato, art (dagsorden/referat) og om det er en liste over
            spørgsmål og svar.
        """
        try:
            committee = require_text(udvalg, "udvalg")
        except InputError as error:
            raise gr.Error(str(error), print_exception=False) from None
        if isinstance(antal, bool) or not isinstance(antal, int | float):
            raise gr.Error("Parameteren «antal» skal være et tal.", print_exception=False)
        meetings = [m for m in app.meetings() if committee_matches(committee, m.committee)]
        newest = sorted(meetings, key=lambda m: m.date, reverse=True)
        return _json([meeting_summary(m) for m in newest[: max(1, min(int(antal), MAX_MEETINGS))]])

    def moedeforberedelse(moede_id: str) -> str:
        """Forberedelse til et møde: for hvert punkt indstillingen, tidligere behandlinger af sagen med beslutninger,
        lignende punkter og beslutningen, hvis mødet har referat.

        Args:
            moede_id: Mødets id fra moedeliste.

        Returns:
            Forberedelsen som Markdown.
        """
        try:
            wanted = require_text(moede_id, "moede_id", empty_allowed=False).strip()[:MAX_ID_CHARS]
        except InputError as error:
            raise gr.Error(str(error), print_exception=False) from None
        markdown = app.prepare_markdown(wanted)
        if markdown is None:
            raise gr.Error(f"Intet møde med id «{wanted[:80]}». Brug moedeliste for at finde id'et.",
                           print_exception=False)
        return markdown

    def hent_punkt(punkt_id: str) -> str:
        """Hele teksten til et dagsordenspunkt, fx for at læse et citat i sin sammenhæng.

        Args:
            punkt_id: Punktets id (punkt_id fra spoerg_referater eller sagsforloeb).

        Returns:
            JSON med punktets henvisning, titel, sagsnummer, indstilling, beslutning og hele teksten.
        """
        try:
            wanted = require_text(punkt_id, "punkt_id", empty_allowed=False).strip()[:MAX_ID_CHARS]
        except InputError as error:
            raise gr.Error(str(error), print_exception=False) from None
        item = app.item(wanted)
        if item is None:
            raise gr.Error(f"Intet dagsordenspunkt med id «{wanted[:80]}».", print_exception=False)
        return _json({**item_summary(item), "indstilling": item.recommendation, "tekst": item.text})

    for tool in (spoerg_referater, sagsforloeb, moedeliste, moedeforberedelse, hent_punkt):
        expose_api(tool, api_name=tool.__name__)
