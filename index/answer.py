"""Questions → short Danish answers that quote decisions and sentences word for word and cite their items.

No language model: every sentence of an answer is either a fixed Danish frame or a verbatim quote that is checked
against the cited item before it is shown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from index.lexical import LexicalIndex
from index.model import Filters, ItemHit
from index.retrieval import Mode, Retriever
from ingest.model import AgendaItem, SectionKind

# The share of the question's topic weight that the best item covers, below which we say we found nothing. Chosen on
# the full question set (133 questions, 15 unanswerable; `python -m eval ... --threshold X`, offline hybrid) as the
# value with the best balanced abstention accuracy (mean of answered-when-answerable and abstained-when-not):
# 0.30 → 0.79, 0.40 → 0.84, 0.45 → 0.86, 0.55 → 0.94, 0.60 → 0.93. At 0.55 every unanswerable question is declined
# and answer accuracy peaks (0.679); the questions still declined are paraphrases the lexical side cannot reach.
DEFAULT_THRESHOLD = 0.55
MAX_QUOTE_CHARS = 900
MAX_CITED_ITEMS = 3

_MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                "november", "december")
_DECISION_WORDS = re.compile(
    r"\b(beslut\w*|vedt[ao]\w*|godkend\w*|afgør\w*|bevilg\w*|tiltr[åa]\w*|afvis\w*|anbefal\w*|stemte|vedtagelse|"
    r"indstilling\w*|indstille\w*)\b",
    re.IGNORECASE)
_HISTORY_WORDS = re.compile(r"\b(forløb|historik|behandlet|behandling(?:en|er)? gennem|gennem udvalgene|hvilke "
                            r"udvalg|tidligere behandl\w*|sagsforløb)\b", re.IGNORECASE)
# A decision that only points at the recommendation; the reader must see what was recommended.
_POINTER_DECISION = re.compile(
    r"^\s*(?:\d+\.\s*)?(?:indstilling(?:en|erne)? (?:blev |er )?(?:tiltrådt|godkendt|vedtaget)|godkendt|godkendes|"
    r"anbefales|anbefalet|tiltrådt|taget til (?:efterretning|orientering)|tages til efterretning|vedtaget|"
    r"[\w\s-]{0,60}(?:godkendte|tiltrådte|anbefaler|anbefalede|fulgte) [\w\s-]{0,60}indstilling\w*)[\s.!]*",
    re.IGNORECASE)
# Words that frame a question rather than name its topic; they do not count towards "found".
_FRAME_WORDS = ("hvad hvem hvornår hvordan hvorfor hvilke hvilken hvilket besluttede beslutte besluttet beslutning "
                "beslutninger vedtog vedtaget sagde skete blev mødet møde udvalget udvalg byrådet byråd kommunen sagen "
                "sag punktet punkt handler gjorde står står status seneste nyt ny egentlig")


class QuestionKind(StrEnum):
    DECISION = "decision"
    FACTUAL = "factual"
    HISTORY = "history"


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of the cited item, and the section it comes from."""

    text: str
    section: SectionKind


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    item: AgendaItem
    quotes: tuple[Quote, ...]
    score: float

    @property
    def label(self) -> str:
        """The source line readers cite: committee, date, kind, item number, title, case number."""
        meeting = self.item.meeting
        case = f" · sag {self.item.case_number}" if self.item.case_number else ""
        return (f"[{self.number}] {meeting.committee}, {format_date(meeting.date)} ({meeting.kind.value}), "
                f"punkt {self.item.number}: {self.item.title}{case}")


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    text: str
    found: bool
    kind: QuestionKind
    confidence: float
    citations: tuple[Citation, ...]


def format_date(day: date) -> str:
    return f"{day.day}. {_MONTH_NAMES[day.month - 1]} {day.year}"


def classify_question(question: str) -> QuestionKind:
    if _HISTORY_WORDS.search(question):
        return QuestionKind.HISTORY
    if _DECISION_WORDS.search(question):
        return QuestionKind.DECISION
    return QuestionKind.FACTUAL


def is_pointer_decision(decision: str) -> bool:
    """True when the decision's meaning is in the recommendation it refers to ("Indstillingen blev tiltrådt.")."""
    first = decision.strip().split("\n")[0]
    match = _POINTER_DECISION.match(first)
    return bool(match) and len(first) - match.end() < 40


def _frame_terms(lexical: LexicalIndex) -> set[str]:
    return set(lexical.analyzer.terms(_FRAME_WORDS))


def topic_terms(question: str, lexical: LexicalIndex) -> dict[str, float]:
    """The question's topic terms with their IDF weights (question framing and committee words left out)."""
    frame = _frame_terms(lexical)
    terms = [t for t in dict.fromkeys(lexical.analyzer.terms(question)) if t not in frame]
    return lexical.idf(terms)


def _occurs(term: str, terms: set[str]) -> bool:
    """Exact, or sharing a long prefix: spelling variants ("mødekalendar") and inflections stemming missed."""
    if term in terms:
        return True
    if len(term) < 7 or term.isdigit():
        return False
    prefix = term[: max(6, int(len(term) * 0.8))]
    return any(t.startswith(prefix) for t in terms)


def coverage(weights: dict[str, float], item: AgendaItem, lexical: LexicalIndex) -> float:
    """Share of the question's topic weight whose terms occur in the item."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    present = set(lexical.analyzer.terms(f"{item.title}\n{item.case_number or ''}\n{item.text}"))
    return sum(w for t, w in weights.items() if _occurs(t, present)) / total


def split_sentences(text: str) -> list[str]:
    """Sentences and list lines, never crossing a paragraph; Danish abbreviations ("kr.", "jf.", "pkt.") kept whole."""
    sentences = []
    for block in re.split(r"\n+", text):
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"«(])", block.strip())
        merged: list[str] = []
        for part in parts:
            if merged and re.search(r"\b(?:kr|jf|pkt|nr|ca|mio|mia|stk|bl\.a|f\.eks|inkl|evt|dvs|mv|m\.v|kl)\.$",
                                    merged[-1], re.IGNORECASE):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        sentences.extend(s.strip() for s in merged if len(s.strip()) > 2)
    return sentences


def rank_sentences(weights: dict[str, float], item: AgendaItem, lexical: LexicalIndex) -> list[tuple[float, Quote]]:
    """Sentences of the item's sections by the topic weight they cover, best first."""
    ranked = []
    for section in item.sections:
        for sentence in split_sentences(section.text):
            if len(sentence.split()) < 4:
                continue  # labels such as "Bruttoledighed:" say nothing on their own
            terms = set(lexical.analyzer.terms(sentence))
            score = sum(w for t, w in weights.items() if t in terms)
            if score > 0:
                # Short sentences that say the same win over long ones; numbers are usually what was asked for.
                score *= 1 + 0.15 * bool(re.search(r"\d", sentence)) - min(len(sentence), 600) / 3000
                ranked.append((score, Quote(sentence, section.kind)))
    return sorted(ranked, key=lambda pair: -pair[0])


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"


def _verified(quotes: Sequence[Quote], item: AgendaItem) -> tuple[Quote, ...]:
    """Only quotes that occur word for word in the item (a clipped quote up to its ellipsis)."""
    body = item.text
    return tuple(q for q in quotes if q.text.removesuffix(" …") in body)


def _decision_quotes(item: AgendaItem) -> tuple[Quote, ...]:
    if item.decision is None:
        recommendation = item.recommendation
        return (Quote(_clip(recommendation), SectionKind.INDSTILLING),) if recommendation else ()
    quotes = [Quote(_clip(s.text), SectionKind.BESLUTNING) for s in item.decisions]
    if is_pointer_decision(item.decision) and item.recommendation:
        quotes.append(Quote(_clip(item.recommendation), SectionKind.INDSTILLING))
    return tuple(quotes)


def _statement(citation: Citation, kind: QuestionKind) -> str:
    item, n = citation.item, citation.number
    meeting = item.meeting
    where = f"{meeting.committee} den {format_date(meeting.date)}, punkt {item.number} «{item.title}»"
    lines = []
    if kind is QuestionKind.FACTUAL:
        lines.append(f"Fra {where}:")
        lines.extend(f"«{q.text}» [{n}]" for q in citation.quotes)
        return "\n".join(lines)
    if item.decision is None:
        lines.append(f"Der er endnu ingen beslutning – punktet er fra dagsordenen for {where} [{n}].")
        lines.extend(f"Indstillingen lyder: «{q.text}» [{n}]" for q in citation.quotes)
        return "\n".join(lines)
    for quote in citation.quotes:
        if quote.section is SectionKind.BESLUTNING:
            lines.append(f"{where} besluttede: «{quote.text}» [{n}]")
        else:
            lines.append(f"Indstillingen, som beslutningen henviser til: «{quote.text}» [{n}]")
    return "\n".join(lines)


def _choose_items(hits: Sequence[ItemHit], kind: QuestionKind) -> list[ItemHit]:
    """The top item, plus close runners-up; for case history every treatment of the top item's case, by date."""
    top = hits[0]
    if kind is QuestionKind.HISTORY and top.item.case_number:
        same_case = [h for h in hits if h.item.case_number == top.item.case_number]
        return sorted(same_case, key=lambda h: (h.item.meeting.date, h.item.meeting.time or date.min))[:6]
    chosen = [top]
    for hit in hits[1:]:
        if len(chosen) >= MAX_CITED_ITEMS or hit.score < 0.85 * top.score:
            break
        if hit.item.case_number and hit.item.case_number == top.item.case_number or kind is QuestionKind.FACTUAL:
            chosen.append(hit)
    return chosen


def compose_answer(question: str, hits: Sequence[ItemHit], lexical: LexicalIndex,
                   threshold: float = DEFAULT_THRESHOLD) -> Answer:
    """The answer for ranked items: pure given the index's analyzer and statistics."""
    kind = classify_question(question)
    weights = topic_terms(question, lexical)
    confidence = max((coverage(weights, h.item, lexical) for h in hits[:3]), default=0.0)
    if not hits or confidence < threshold:
        text = ("Jeg kunne ikke finde noget i referaterne, der svarer på spørgsmålet. "
                "Prøv andre ord, et sagsnummer eller et andet udvalg eller en anden periode.")
        return Answer(question, text, False, kind, confidence, ())
    citations = []
    for hit in _choose_items(hits, kind):
        if kind is QuestionKind.FACTUAL:
            quotes = tuple(q for _, q in rank_sentences(weights, hit.item, lexical)[: 1 if citations else 3])
        else:
            quotes = _decision_quotes(hit.item)
        verified = _verified(quotes, hit.item)
        if verified or kind is not QuestionKind.FACTUAL:
            citations.append(Citation(len(citations) + 1, hit.item, verified, hit.score))
    text = "\n\n".join(_statement(c, kind) for c in citations)
    return Answer(question, text, True, kind, confidence, tuple(citations))


def answer_question(retriever: Retriever, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
                    threshold: float = DEFAULT_THRESHOLD, today: date | None = None) -> Answer:
    hits = retriever.search(question, filters, k=10, mode=mode, today=today)
    return compose_answer(question, hits, retriever.index.lexical, threshold)
