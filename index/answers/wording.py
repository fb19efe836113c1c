"""The Danish frames around the quotes: every sentence of an answer is one of these or a verbatim quote."""

from __future__ import annotations

import re

from index.answers.quotes import OUTCOME_SECTIONS, is_pointer_decision, moves_at_meeting
from index.answers.sentences import VALUE_TYPES
from index.answers.types import Citation, Quote
from index.search.question import AnswerType, QuestionKind
from ingest.model import AgendaItem, SectionKind
from referat.committees import display_committee
from referat.danish import format_date

NOT_FOUND = ("Jeg kunne ikke finde noget i referaterne, der svarer på spørgsmålet. "
             "Prøv andre ord, et sagsnummer eller et andet udvalg eller en anden periode.")


def describe_where(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{display_committee(meeting.committee)} den {format_date(meeting.date)}, punkt {item.number} «{item.title}»"


def word_citation(citation: Citation, kind: QuestionKind) -> str:
    """The answer's paragraph for one cited item: its quotes, each framed by what it is and numbered."""
    item, n = citation.item, citation.number
    where = describe_where(item)
    if kind is QuestionKind.MEETING:
        decided = _first_quote(citation, (SectionKind.BESLUTNING,))
        outcome = f"besluttet: «{' '.join(decided.split())}»" if decided else "ingen beslutning"
        return f"Punkt {item.number} «{item.title}» – {outcome} [{n}]"
    if kind is QuestionKind.FACTUAL:
        return "\n".join([f"Fra {where}:", *(f"{_about(q)}«{q.text}» [{n}]" for q in citation.quotes)])
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
            lines.append(f"{_recommendation_frame(item)}: «{quote.text}» [{n}]")
        elif kind is not QuestionKind.SUMMARY:
            lines.append(f"Af sagen fremgår: «{quote.text}» [{n}]")
    return "\n".join(lines)


def _recommendation_frame(item: AgendaItem) -> str:
    """How a quoted recommendation relates to the decision: none yet, the one it approves, or what it was asked."""
    if item.decision is None:
        return "Indstillingen lyder"
    if is_pointer_decision(item.decision):
        return "Indstillingen, som beslutningen henviser til"
    return "Indstillingen var"


def _about(quote: Quote) -> str:
    """The label a quoted row stands under, so the reader sees what its value is about ("«Bruttoledighed:» …")."""
    return f"«{quote.about}» " if quote.about else ""


def word_meeting_lead(citations: tuple[Citation, ...]) -> str:
    """What a meeting dealt with: its committee, day and number of items (the items follow, one a line)."""
    meetings = list(dict.fromkeys(c.item.meeting for c in citations))
    named = " og ".join(f"{display_committee(m.committee)} den {format_date(m.date)}" for m in meetings)
    count = "ét punkt" if len(citations) == 1 else f"{len(citations)} punkter"
    return f"På mødet i {named} blev {count} behandlet:"


def _first_quote(citation: Citation, sections: tuple[SectionKind, ...] | None = None) -> str | None:
    return next((q.text for q in citation.quotes if sections is None or q.section in sections), None)


def _decision_lead(citation: Citation) -> str:
    """The decision in one sentence, or that there is none yet."""
    item, n = citation.item, citation.number
    meeting = item.meeting
    when = f"{display_committee(meeting.committee)} den {format_date(meeting.date)}"
    if item.decision is None:
        return f"Ingen beslutning endnu: punktet «{item.title}» står på dagsordenen for {when} [{n}]."
    decided = _first_quote(citation, (SectionKind.BESLUTNING,)) or item.decision
    return f"Beslutning, {when}: «{' '.join(decided.split())}» [{n}]"


def _recommendation_lead(citation: Citation) -> str | None:
    """What was recommended, then what came of it: the answer to "Hvad anbefalede/foreslog/indstillede …?"."""
    # A proposal moved at the meeting stands in the decision ("(Ø) fremsatte følgende forslag …"): it leads.
    moved = next((q for q in citation.quotes[:1] if moves_at_meeting(q.text)), None)
    proposed = moved or next((q for q in citation.quotes if q.section is not SectionKind.BESLUTNING), None)
    if proposed is None:
        return None
    item, n = citation.item, citation.number
    meeting = item.meeting
    when = f"{display_committee(meeting.committee)} den {format_date(meeting.date)}"
    frame = "Indstilling" if proposed.section is SectionKind.INDSTILLING and not moved else "Forslag"
    recommended = f"{frame} til {when}: «{' '.join(proposed.text.split())}» [{n}]"
    if item.decision is None:
        return f"{recommended} Der er endnu ingen beslutning."
    decided = next((q.text for q in citation.quotes if q.section is SectionKind.BESLUTNING and q is not moved),
                   item.decision)
    return f"{recommended} Beslutning: «{' '.join(decided.split())}» [{n}]"


def word_lead(citations: tuple[Citation, ...], kind: QuestionKind, asked: AnswerType = AnswerType.TEXT) -> str:
    """The direct answer, first and in one or two sentences: the decision (or "ingen beslutning endnu"), what was
    recommended, the sentence holding the value asked for, or what the item is about. Verbatim text stays in «» with
    its [n]."""
    top = citations[0]
    item, n = top.item, top.number
    if kind is QuestionKind.HISTORY:
        latest = citations[-1]
        count = "én gang" if len(citations) == 1 else f"{len(citations)} gange"
        return f"Sagen er behandlet {count} i referaterne. Senest: {_decision_lead(latest)}"
    officer = next((q for q in top.quotes if q.text.startswith("Sagsbehandler: ")), None)
    if officer is not None:
        return f"«{officer.text}» [{n}] – på {describe_where(item)}."
    if asked is AnswerType.RECOMMENDATION and (recommended := _recommendation_lead(top)):
        return recommended
    # The quotes of a value question come with the value-bearing one first; otherwise a figure is the likely answer.
    numbered = None if asked in VALUE_TYPES else next((q for q in top.quotes if re.search(r"\d", q.text)), None)
    if kind is QuestionKind.FACTUAL and (fact := numbered or next(iter(top.quotes), None)):
        return f"{_about(fact)}«{fact.text}» [{n}] – fra {describe_where(item)}."
    if kind is QuestionKind.SUMMARY:
        status = "Der er truffet beslutning." if item.decision else "Der er endnu ingen beslutning."
        return f"Punktet er {describe_where(item)} [{n}]. {status}"
    return _decision_lead(top)
