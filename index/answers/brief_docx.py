"""A meeting brief as a Word document (.docx) to print: the same content as the Markdown brief, in Word styles."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from index.answers.preparation import BriefEntry, MeetingBrief, economy_line
from ingest.model import AgendaItem
from referat.committees import display_committee
from referat.danish import format_date

NO_DECISION = "ingen beslutning (dagsorden)"
NO_HISTORY = "Ingen tidligere behandlinger fundet."


def _decision_line(item: AgendaItem) -> str:
    return " ".join(item.decision.split()) if item.decision else NO_DECISION


def _labelled(document: DocxDocument, label: str, text: str) -> None:
    """A paragraph that starts with a bold label ("Indstilling:") and keeps the text's own line breaks."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _add_entry(document: DocxDocument, entry: BriefEntry) -> None:
    item = entry.item
    case = f" (sag {item.case_number})" if item.case_number else ""
    document.add_heading(f"Punkt {item.number}: {item.title}{case}", level=2)
    if item.recommendation:
        _labelled(document, "Indstilling", item.recommendation)
    if economy := economy_line(item):
        _labelled(document, "Økonomi", economy)
    if item.decision:
        _labelled(document, "Beslutning", item.decision)
    if entry.earlier:
        document.add_paragraph().add_run("Tidligere behandlinger af sagen:").bold = True
        for earlier in entry.earlier:
            document.add_paragraph(
                f"{format_date(earlier.meeting.date)}, {display_committee(earlier.meeting.committee)}, "
                f"punkt {earlier.number}: {_decision_line(earlier)}", style="List Bullet")
    if entry.similar:
        document.add_paragraph().add_run("Lignende punkter:").bold = True
        for hit in entry.similar:
            similar = hit.item
            document.add_paragraph(
                f"{format_date(similar.meeting.date)}, {display_committee(similar.meeting.committee)}, "
                f"punkt {similar.number} «{similar.title}»: {_decision_line(similar)}", style="List Bullet")
    if not entry.earlier and not entry.similar:
        document.add_paragraph(NO_HISTORY)


def brief_to_docx(brief: MeetingBrief) -> bytes:
    """The brief as .docx bytes: a title with committee and date, then one section per agenda item. Text from the
    minutes goes in as plain runs (python-docx escapes it), so nothing in it can change the document."""
    meeting = brief.meeting
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = f"Forberedelse: {display_committee(meeting.committee)}"
    document.core_properties.language = "da-DK"
    document.add_heading(
        f"Forberedelse: {display_committee(meeting.committee)}, {format_date(meeting.date)}", level=1)
    details = [f"Mødested: {meeting.place}"] if meeting.place else []
    if meeting.municipality:
        details.insert(0, f"Kommune: {meeting.municipality}")
    for line in details:
        document.add_paragraph(line)
    for entry in brief.entries:
        _add_entry(document, entry)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
