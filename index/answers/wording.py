"""The Danish frames around the quotes: every sentence of an answer is one of these or a verbatim quote."""

from __future__ import annotations

from index.answers.quotes import OUTCOME_SECTIONS
from index.answers.types import Citation
from index.search.question import QuestionKind
from ingest.model import AgendaItem, SectionKind
from referat.danish import format_date

NOT_FOUND = ("Jeg kunne ikke finde noget i referaterne, der svarer på spørgsmålet. "
             "Prøv andre ord, et sagsnummer eller et andet udvalg eller en anden periode.")


def describe_where(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{meeting.committee} den {format_date(meeting.date)}, punkt {item.number} «{item.title}»"


def word_citation(citation: Citation, kind: QuestionKind) -> str:
    """The answer's paragraph for one cited item: its quotes, each framed by what it is and numbered."""
    item, n = citation.item, citation.number
    where = describe_where(item)
    if kind is QuestionKind.FACTUAL:
        return "\n".join([f"Fra {where}:", *(f"«{q.text}» [{n}]" for q in citation.quotes)])
    lines = []
    if kind is QuestionKind.SUMMARY:
        lines.append(f"{where} handler om:")
        lines += [f"«{q.text}» [{n}]" for q in citation.quotes if q.section not in OUTCOME_SECTIONS]
    if item.decision is None:
        lines.append(f"Der er endnu ingen beslutning – punktet er fra dagsordenen for {where} [{n}].")
    for quote in citation.quotes:
        if quote.section is SectionKind.BESLUTNING:
            lines.append(f"{where} besluttede: «{quote.text}» [{n}]")
        elif quote.section is SectionKind.INDSTILLING:
            lead = "Indstillingen lyder" if item.decision is None else "Indstillingen, som beslutningen henviser til"
            lines.append(f"{lead}: «{quote.text}» [{n}]")
        elif kind is not QuestionKind.SUMMARY:
            lines.append(f"Af sagen fremgår: «{quote.text}» [{n}]")
    return "\n".join(lines)
