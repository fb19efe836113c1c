"""Questions → short Danish answers that quote decisions and sentences word for word and cite their items.

No language model: every sentence of an answer is either a fixed Danish frame or a verbatim quote that is checked
against the cited item before it is shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from index.lexical import LexicalIndex
from index.model import Filters, ItemHit
from index.retrieval import Mode, Retriever
from ingest.model import AgendaItem, SectionKind
from referat.danish import MONTH_NAMES, format_date

# The share of the question's topic weight that the best item covers, below which we say we found nothing. Chosen on
# the full question set (133 questions, 15 unanswerable; `python -m eval ... --threshold X`, offline hybrid) as the
# value with the best balanced abstention accuracy (mean of answered-when-answerable and declined-when-unanswerable):
# 0.30 → 0.79, 0.40 → 0.84, 0.45 → 0.86, 0.50 → 0.92, 0.55 → 0.94, 0.60 → 0.93. At 0.55 every unanswerable question
# is declined and answer accuracy is at its best (0.798); the answerable questions still declined are paraphrases
# that the lexical side cannot reach.
DEFAULT_THRESHOLD = 0.55
MAX_QUOTE_CHARS = 900
MAX_CITED_ITEMS = 3
TITLE_TERM_WEIGHT = 0.3

_DECISION_WORDS = re.compile(
    r"\b(beslut\w*|vedt[ao]\w*|godkend\w*|afgør\w*|bevilg\w*|tiltr[åa]\w*|afvis\w*|anbefal\w*|stemte|vedtagelse|"
    r"indstilling\w*|indstille\w*|skete|sagde|svarede|udfald\w*)\b",
    re.IGNORECASE)
_HISTORY_WORDS = re.compile(r"\b(forløb|historik|behandlet|behandling(?:en|er)? gennem|gennem udvalgene|hvilke "
                            r"udvalg|tidligere behandl\w*|sagsforløb)\b", re.IGNORECASE)
_SUMMARY_QUESTION = re.compile(r"\bhandler\b.*\bom\s*\??\s*$|\bhvad går\b.*\bud på\b|^\s*hvad er sag(?:en)?\b",
                               re.IGNORECASE)
_QUESTION_WORD_FIRST = re.compile(r"^\W*(?:hv\w+|med hvilke\w*|i hvilke\w*|til hvad|fra hvornår|siden hvornår)\b",
                                  re.IGNORECASE)
_DATE_IN_TEXT = re.compile(r"\b\d{1,2}\.\s*(?:" + "|".join(MONTH_NAMES) + r")\b|\b\d{1,2}/\d{1,2}\b|\b(?:19|20)\d\d\b",
                           re.IGNORECASE)
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


# Sections that say what was decided or proposed; quoted as such, never as "what the case says".
_OUTCOME_SECTIONS = (SectionKind.BESLUTNING, SectionKind.INDSTILLING)


class QuestionKind(StrEnum):
    DECISION = "decision"
    # "Blev …?", "Skal …?": answered by the decision, with the one sentence of the item that bears most on it.
    YES_NO = "yes_no"
    FACTUAL = "factual"
    # "Hvad handler sag 24-005026 om?": answered by the item's summary.
    SUMMARY = "summary"
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


def classify_question(question: str) -> QuestionKind:
    if _HISTORY_WORDS.search(question):
        return QuestionKind.HISTORY
    if _SUMMARY_QUESTION.search(question):
        return QuestionKind.SUMMARY
    if _DECISION_WORDS.search(question):
        return QuestionKind.DECISION
    # Danish yes/no questions open with the verb ("Blev …", "Skal …"); all others with a question word.
    if not _QUESTION_WORD_FIRST.match(question):
        return QuestionKind.YES_NO
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


def _join_wrapped_lines(text: str) -> str:
    """PDF exports break lines inside sentences; a line that does not end a sentence and is followed by one that
    starts in lower case continues on it."""
    return re.sub(r"(?<=[^.!?:;\s])[ \t]*\n[ \t]*(?=[a-zæøå])", " ", text)


def _same_words(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    """Sentences and list lines, never crossing a paragraph; Danish abbreviations ("kr.", "jf.", "pkt.") kept whole."""
    sentences = []
    for block in re.split(r"\n+", _join_wrapped_lines(text)):
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


def answer_shape(question: str, lexical: LexicalIndex) -> Callable[[str], float]:
    """A bonus for sentences shaped like the answer the question asks for: a date for "hvornår", a number for
    "hvor mange/meget" and prices, a number with the counted noun for "hvor mange borgere"."""
    lowered = question.casefold()
    if re.search(r"^\W*hvem\b", lowered):
        # A person or organisation: two capitalised words inside the sentence ("Gert Bjerregaard", "Blå Kors").
        return lambda sentence: 0.5 * bool(re.search(r"(?<=\w[\s,(])[A-ZÆØÅ]\w+[ -][A-ZÆØÅ0-9]\w*", sentence))
    if re.search(r"\bhvornår\b|\bfra hvilken dato\b", lowered):
        return lambda sentence: 0.5 * bool(_DATE_IN_TEXT.search(sentence))
    counted = re.search(r"\bhvor mange (\w+)", lowered)
    if counted:
        noun = lexical.analyzer.terms(counted.group(1))
        def count_bonus(sentence: str) -> float:
            numbers = re.findall(r"\d[\d.,]*\s+(\w+)", sentence)
            followed = noun and any(lexical.analyzer.terms(word) == noun for word in numbers)
            return 0.8 if followed else 0.4 * bool(numbers)
        return count_bonus
    if re.search(r"\bhvor (?:meget|stor\w*|høj\w*|lang\w*)\b|\bkoste\w*\b|\bpris\w*\b|\bbeløb\w*\b|\bgebyr\w*\b|"
                 r"\bbudget\w*\b|\bbetale\w*\b|\bøkonomi\w*\b|\bhvilken placering\b|\bhvilken plads\b", lowered):
        return lambda sentence: 0.5 * bool(re.search(r"\d", sentence))
    return _some_number


def _some_number(sentence: str) -> float:
    """Numbers are often what a question asks for, even when it does not say so."""
    return 0.15 * bool(re.search(r"\d", sentence))


def rank_sentences(weights: dict[str, float], item: AgendaItem, lexical: LexicalIndex,
                   shape: Callable[[str], float] | None = None) -> list[tuple[float, Quote]]:
    """Sentences of the item's sections by the topic weight they cover, best first."""
    shape = shape or _some_number
    # Terms of the item's title are what every sentence of it is about; the answer is told apart by the others.
    in_title = set(lexical.analyzer.terms(item.title))
    weights = {t: w * (TITLE_TERM_WEIGHT if t in in_title else 1.0) for t, w in weights.items()}
    ranked = []
    for section in item.sections:
        for sentence in split_sentences(section.text):
            if len(sentence.split()) < 4:
                continue  # labels such as "Bruttoledighed:" say nothing on their own
            terms = set(lexical.analyzer.terms(sentence))
            score = sum(w for t, w in weights.items() if t in terms)
            if score > 0:
                # Short sentences that say the same win over long ones; the asked-for shape (a date, a number) wins.
                score *= 1 + shape(sentence) - min(len(sentence), 600) / 3000
                ranked.append((score, Quote(sentence, section.kind)))
    return sorted(ranked, key=lambda pair: -pair[0])


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"


def _verified(quotes: Sequence[Quote], item: AgendaItem) -> tuple[Quote, ...]:
    """Only quotes that occur word for word in the item (a clipped quote up to its ellipsis)."""
    # Word for word; only line breaks and spacing may differ (PDF line wraps are joined in quotes).
    body = _same_words(item.text)
    return tuple(q for q in quotes if _same_words(q.text.removesuffix(" …")) in body)


def _decision_quotes(item: AgendaItem) -> tuple[Quote, ...]:
    if item.decision is None:
        recommendation = item.recommendation
        return (Quote(_clip(recommendation), SectionKind.INDSTILLING),) if recommendation else ()
    quotes = [Quote(_clip(s.text), SectionKind.BESLUTNING) for s in item.decisions]
    if is_pointer_decision(item.decision) and item.recommendation:
        quotes.append(Quote(_clip(item.recommendation), SectionKind.INDSTILLING))
    return tuple(quotes)


def _summary_quotes(item: AgendaItem, sentences: int = 2) -> tuple[Quote, ...]:
    """The opening sentences of the item's summary (Resume), or else of its first descriptive section."""
    order = (SectionKind.RESUME, SectionKind.SAGSFREMSTILLING, SectionKind.OTHER, SectionKind.OEKONOMI)
    for kind in order:
        for section in item.sections:
            if section.kind is kind:
                opening = [s for s in split_sentences(section.text) if len(s.split()) >= 4][:sentences]
                if opening:
                    return tuple(Quote(_clip(s), kind) for s in opening)
    return ()


def _supporting_quote(weights: dict[str, float], item: AgendaItem, lexical: LexicalIndex,
                      shape: Callable[[str], float]) -> tuple[Quote, ...]:
    """The item's best sentence on the question outside the decision and recommendation (which are quoted anyway)."""
    for _, quote in rank_sentences(weights, item, lexical, shape):
        if quote.section not in _OUTCOME_SECTIONS:
            return (Quote(_clip(quote.text), quote.section),)
    return ()


def _quotes(kind: QuestionKind, item: AgendaItem, weights: dict[str, float], lexical: LexicalIndex,
            shape: Callable[[str], float], first: bool) -> tuple[Quote, ...]:
    if kind is QuestionKind.FACTUAL:
        return tuple(q for _, q in rank_sentences(weights, item, lexical, shape)[: 3 if first else 1])
    if kind is QuestionKind.SUMMARY:
        return _summary_quotes(item) + _decision_quotes(item)
    if kind is QuestionKind.YES_NO:
        return _decision_quotes(item) + _supporting_quote(weights, item, lexical, shape)
    return _decision_quotes(item)


def _where(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{meeting.committee} den {format_date(meeting.date)}, punkt {item.number} «{item.title}»"


def _statement(citation: Citation, kind: QuestionKind) -> str:
    item, n = citation.item, citation.number
    where = _where(item)
    if kind is QuestionKind.FACTUAL:
        return "\n".join([f"Fra {where}:", *(f"«{q.text}» [{n}]" for q in citation.quotes)])
    lines = []
    if kind is QuestionKind.SUMMARY:
        lines.append(f"{where} handler om:")
        lines += [f"«{q.text}» [{n}]" for q in citation.quotes if q.section not in _OUTCOME_SECTIONS]
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
    shape = answer_shape(question, lexical)
    citations = []
    for hit in _choose_items(hits, kind):
        verified = _verified(_quotes(kind, hit.item, weights, lexical, shape, not citations), hit.item)
        if verified or kind is not QuestionKind.FACTUAL:
            citations.append(Citation(len(citations) + 1, hit.item, verified, hit.score))
    if not citations:
        # A factual question whose items hold no sentence on its topic (a bare case number, say): what the top item
        # is about, rather than an empty answer.
        kind, top = QuestionKind.SUMMARY, hits[0]
        quotes = _verified(_quotes(kind, top.item, weights, lexical, shape, True), top.item)
        citations.append(Citation(1, top.item, quotes, top.score))
    text = "\n\n".join(_statement(c, kind) for c in citations)
    return Answer(question, text, True, kind, confidence, tuple(citations))


def answer_question(retriever: Retriever, question: str, filters: Filters = Filters(), mode: Mode = Mode.HYBRID,
                    threshold: float = DEFAULT_THRESHOLD, today: date | None = None) -> Answer:
    hits = retriever.search(question, filters, k=10, mode=mode, today=today)
    return compose_answer(question, hits, retriever.index.lexical, threshold)
