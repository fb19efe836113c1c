"""What an answer quotes from an item for each kind of question, clipped, and checked word for word against the
item before it is shown."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile

from index.answers.reading import ItemReadings
from index.answers.sentences import VALUE_TYPES, Shape, item_sentences, rank_sentences, split_sentences
from index.answers.types import Quote
from index.search.analysis import fold
from index.search.everyday import minutes_words, party_letters
from index.search.question import AnswerType, Question, QuestionKind
from ingest.model import AgendaItem, SectionKind

MAX_QUOTE_CHARS = 900
# Sections that say what was decided or proposed; quoted as such, never as "what the case says".
OUTCOME_SECTIONS = (SectionKind.BESLUTNING, SectionKind.INDSTILLING)
# Where an item's summary is read from, best first.
_SUMMARY_SECTIONS = (SectionKind.RESUME, SectionKind.SAGSFREMSTILLING, SectionKind.OTHER, SectionKind.OEKONOMI)
# A decision that only points at the recommendation; the reader must see what was recommended.
_POINTER_DECISION = re.compile(
    r"^\s*(?:\d+\.\s*)?(?:indstilling(?:en|erne)? (?:blev |er )?(?:tiltrådt|godkendt|vedtaget)|godkendt|godkendes|"
    r"anbefales|anbefalet|tiltrådt|(?:(?:orienteringen|sagen) )?(?:blev )?taget til (?:efterretning|orientering)|"
    r"tages til efterretning|vedtaget|"
    r"[\w\s-]{0,60}(?:godkendte|tiltrådte|anbefaler|anbefalede|fulgte) [\w\s-]{0,60}indstilling\w*)[\s.!]*",
    re.IGNORECASE)


def is_pointer_decision(decision: str) -> bool:
    """True when the decision's meaning is in the recommendation it refers to ("Indstillingen blev tiltrådt.")."""
    first = decision.strip().split("\n")[0]
    match = _POINTER_DECISION.match(first)
    return match is not None and len(first) - match.end() < 40


# A decision that only puts the case off ("Sagen blev taget af.", "Udsat.", "Punktet blev udsat til næste møde."): the
# case's outcome is in another treatment.
_DEFERRAL = re.compile(r"^\s*(?:\d+\.\s*)?(?:(?:sagen|punktet)\s+)?(?:blev\s+)?(?:taget af|udsat|udsættes|trukket)\b",
                       re.IGNORECASE)


def is_deferral(decision: str) -> bool:
    """True when the decision only puts the case off to a later meeting."""
    first = decision.strip().split("\n")[0]
    return bool(_DEFERRAL.match(first)) and len(first) < 80


def clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"


def _same_words(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1024)
def same_words_body(item: AgendaItem) -> str:
    """The item's text with single spaces; remembered per item (by value): every answer verifies its quotes against
    the items it cites, mostly the same ones."""
    return _same_words(item.text)


def verified(quotes: Sequence[Quote], item: AgendaItem) -> tuple[Quote, ...]:
    """Only quotes that occur word for word in the item (a clipped quote up to its ellipsis)."""
    # Word for word; only line breaks and spacing may differ (PDF line wraps are joined in quotes).
    body = same_words_body(item)
    return tuple(q for q in quotes if _same_words(q.text.removesuffix(" …")) in body)


def recommendation_quotes(item: AgendaItem) -> tuple[Quote, ...]:
    """The recommendation (Indstilling), one quote per section: joined, two sections would not occur word for word."""
    return tuple(Quote(clip(s.text), SectionKind.INDSTILLING) for s in item.sections
                 if s.kind is SectionKind.INDSTILLING and s.text.strip())


def decision_quotes(item: AgendaItem) -> tuple[Quote, ...]:
    if item.decision is None:
        return recommendation_quotes(item)
    quotes = tuple(Quote(clip(s.text), SectionKind.BESLUTNING) for s in item.decisions)
    if is_pointer_decision(item.decision):
        quotes += recommendation_quotes(item)
    return quotes


def proposed_quotes(weights: dict[str, float], item: AgendaItem, readings: ItemReadings,
                    shape: Shape, question: str = "") -> tuple[Quote, ...]:
    """For "Hvad anbefalede/foreslog/indstillede …?": what was recommended (the Indstilling, or else the sentence that
    proposes something), then what was decided — also when the decision has a text of its own, which tells what
    the committee did, not what it was asked to do. "Hvad foreslog <en forslagsstiller> …?" leads with what that
    proposer proposed (a party's or a council's own proposal, answered by the administration's recommendation)."""
    decided = tuple(Quote(clip(s.text), SectionKind.BESLUTNING) for s in item.decisions)
    proposed = recommendation_quotes(item) or proposal_quote(weights, item, readings, shape)
    return proposer_quotes(question, item, readings) + proposed + decided


# "Hvad foreslog Børne- og ungebyrådet om …?": who proposed, between the verb and "om"/"at"; the administration's
# proposal is its recommendation, quoted anyway.
_PROPOSER = re.compile(r"\bforesl\w*\s+(?P<who>[^?]+?)(?:\s+(?:om|at|til|for|i)\b|\s*\?|$)", re.IGNORECASE)
_ADMINISTRATION = re.compile(r"administration|forvaltning|direktion|\bcenter\b|\bder\b|\bman\b|\bde\b",
                             re.IGNORECASE)


def proposer_quotes(question: str, item: AgendaItem, readings: ItemReadings) -> tuple[Quote, ...]:
    """The sentence in which the proposer the question names proposes ("… foreslår Børne- og ungebyrådet at:", "(Ø)
    fremsatte følgende forslag til beslutning:"), with the list or the line it introduces; () when the question names
    no proposer other than the administration. A party may be named as its letter ("Enhedslisten" → "(Ø)")."""
    match = _PROPOSER.search(question)
    if match is None or _ADMINISTRATION.search(match.group("who")):
        return ()
    terms = readings.vocabulary.terms
    named = set(terms(match.group("who")))
    if not named:
        return ()
    # The proposer as named, or any one of the words the minutes use for it (a party's letter).
    alternatives = [named, *({term} for words in minutes_words(match.group("who")) for term in terms(words)),
                    *({letter} for letter in map(fold, party_letters(match.group("who"))))]
    for section in item.sections:
        # Decisions hold only the proposals moved at the meeting ("(Ø) fremsatte følgende forslag …").
        verb = _MOVES_AT_MEETING if section.kind in OUTCOME_SECTIONS else _PROPOSES_NOW
        lines = [line.strip() for line in section.text.split("\n") if line.strip()]
        for at, line in enumerate(lines):
            # Read in order, the proposal's own text first; a line that introduces a numbered list ("… foreslår X
            # at:") is quoted with the list, as one quote: the proposal is the list, or else the line after it.
            if verb.search(line) and any(who <= set(terms(line)) for who in alternatives):
                listed = []
                if line.endswith(":"):
                    listed = list(takewhile(_NUMBERED_LINE.match, lines[at + 1:at + 1 + MAX_LIST_LINES]))
                    listed = listed or lines[at + 1:at + 2]
                return (Quote(clip("\n".join((line, *listed))), section.kind),)
    return ()


_NUMBERED_LINE = re.compile(r"^(?:[-•*–]|\d+[.)])\s+\S")


# The proposer's own verb: "foreslår", "foreslog" (not "anbefaler" or "indstiller", the administration's).
_PROPOSES_NOW = re.compile(r"\bforeslå\w*|\bforeslog\b", re.IGNORECASE)
# A proposal moved at the meeting, as the decision records it.
_MOVES_AT_MEETING = re.compile(r"\b(?:fremsatte|stillede)\s+(?:følgende\s+)?(?:ændrings)?forslag", re.IGNORECASE)


def moves_at_meeting(text: str) -> bool:
    """Whether a decision's line records a proposal moved at the meeting ("(Ø) fremsatte følgende forslag …")."""
    return bool(_MOVES_AT_MEETING.search(text))


# A citizen's or party's proposal printed in the item ("BESLUTNINGSFORSLAG FRA M … Forslag\n<what is proposed>\n
# Hvorfor …"): the lines under its "Forslag" heading say what the proposal goes out on, up to the next heading.
_PROPOSAL_HEADING = re.compile(r"^(?:forslag|forslaget|forslagets indhold)\s*:?$", re.IGNORECASE)
_NEXT_HEADING = re.compile(r"^[A-ZÆØÅ][\w ]{0,30}:?$")
MAX_PROPOSAL_LINES = 8


def proposal_body(item: AgendaItem) -> tuple[Quote, ...]:
    """What a printed proposal proposes: the lines under its "Forslag" heading, as one verbatim quote. Some exports
    file the proposal under the decision heading; it is quoted as the case's text, never as a decision."""
    for section in item.sections:
        lines = [line.strip() for line in section.text.split("\n") if line.strip()]
        at = next((n for n, line in enumerate(lines) if _PROPOSAL_HEADING.match(line)), None)
        if at is None:
            continue
        body = list(takewhile(lambda line: not _NEXT_HEADING.match(line), lines[at + 1:at + 1 + MAX_PROPOSAL_LINES]))
        if body:
            return (Quote(clip("\n".join(body)), SectionKind.OTHER),)
    return ()


def summary_quotes(item: AgendaItem, sentences: int = 2) -> tuple[Quote, ...]:
    """The opening sentences of the item's summary (Resume), or else of its first descriptive section."""
    for kind in _SUMMARY_SECTIONS:
        for section in item.sections:
            if section.kind is kind:
                opening = [s for s in split_sentences(section.text) if len(s.split()) >= 4][:sentences]
                if opening:
                    return tuple(Quote(clip(s), kind) for s in opening)
    return ()


def supporting_quote(weights: dict[str, float], item: AgendaItem, readings: ItemReadings,
                     shape: Shape) -> tuple[Quote, ...]:
    """The item's best sentence on the question outside the decision and recommendation (which are quoted anyway)."""
    for _, quote in rank_sentences(weights, readings.sentences(item), shape):
        if quote.section not in OUTCOME_SECTIONS:
            return (Quote(clip(quote.text), quote.section),)
    return ()


# Sentences that say what someone recommended or proposed.
_PROPOSES = re.compile(r"\b(?:anbefal\w*|foresl\w*|forslag\w*|indstill\w*|lægger op til|vil (?:gerne )?have)\b",
                       re.IGNORECASE)
_SAYS_CASE_OFFICER = re.compile(r"\bsagsbehandler", re.IGNORECASE)
# A line of a list: a bullet, a number, or a short line without a full stop.
_LIST_LINE = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+\S|^[^.]{3,90}$")
MAX_LIST_LINES = 8
# How many of the best sentences on the question may introduce the list quoted for a list question.
_LIST_CANDIDATES = 5
# Values whose shape is read reliably (a digit, a date); names and places are only a bonus in the ranking. On dev,
# putting sentences with two capitalised words first lost "Hvem blev formand …" (the name is in a later sentence).
_RELIABLE_VALUES = VALUE_TYPES & {AnswerType.NUMBER, AnswerType.DATE}


def valued_first(ranked: Sequence[Quote], shape: Shape) -> list[Quote]:
    """Sentences that hold a value of the asked type (a number, a date, a name) before those that do not, the
    clearer value first (a sum with its unit before a bare figure, a count of the asked noun before any figure)."""
    return sorted(ranked, key=lambda q: -shape(q.text))


# How far (in sentences, in reading order) from the best sentence a value may stand when no sentence on the topic
# holds one: the proposer's name under "Stillet af:" at the end of the proposal it signs.
NEAREST_VALUE_SENTENCES = 8


def nearest_valued(item: AgendaItem, anchor: Quote, shape: Shape) -> Quote | None:
    """The sentence holding a value of the asked type nearest the anchor sentence in the item's reading order."""
    sentences = item_sentences(item)
    at = next((n for n, q in enumerate(sentences) if q.text == anchor.text), None)
    if at is None:
        return None
    near = sorted(range(len(sentences)), key=lambda n: abs(n - at))
    return next((sentences[n] for n in near
                 if abs(n - at) <= NEAREST_VALUE_SENTENCES and shape(sentences[n].text) > 0), None)


def with_asked_value(picked: Sequence[Quote], ranked: Sequence[Quote], shape: Shape,
                     item: AgendaItem) -> tuple[Quote, ...]:
    """The picked sentences led by one that holds a value of the asked type (the name under "Stillet af:", the
    sentence naming the supplier): the best sentence itself when it does, else the best-ranked one that does, from
    among the picked or the rest, else the one nearest the best sentence in the text. An answer to "hvem", "hvor",
    "hvornår" or "hvor mange" must start with a name, place, date or number."""
    if not picked or shape(picked[0].text) > 0:
        return tuple(picked)
    valued = next((q for q in (*picked, *ranked) if shape(q.text) > 0), None) or nearest_valued(item, picked[0], shape)
    if valued is None:
        return tuple(picked)
    return (valued, *(q for q in picked if q != valued))


@dataclass(frozen=True, slots=True)
class Ask:
    """One question of a text that asks several: its topic weights and the shape of the value it asks for."""

    weights: dict[str, float]
    shape: Shape



def clause_quotes(asks: Sequence[Ask], item: AgendaItem, readings: ItemReadings) -> list[Quote]:
    """For each question a text asks that wants a value ("Hvor mange penge …, og hos hvilken fond?"), the best
    sentence holding one, each once: the sentence on the whole topic answers only the question whose words are
    rarest."""
    picked: list[Quote] = []
    for ask in asks:
        ranked = valued_first([q for _, q in rank_sentences(ask.weights, readings.sentences(item), ask.shape)],
                              ask.shape)
        best = next((q for q in ranked if q not in picked), None)
        if best is not None and ask.shape(best.text) > 0:
            picked.append(best)
    return picked


def asks_case_officer(question: str) -> bool:
    """"Hvem er sagsbehandler …?": the item's case officer is the answer, not a sentence of it."""
    return bool(_SAYS_CASE_OFFICER.search(question))


def case_officer_quote(item: AgendaItem) -> tuple[Quote, ...]:
    return (Quote(f"Sagsbehandler: {item.case_officer}", SectionKind.OTHER),) if item.case_officer else ()


def proposal_quote(weights: dict[str, float], item: AgendaItem, readings: ItemReadings,
                   shape: Shape) -> tuple[Quote, ...]:
    """The best sentence on the question that says what was recommended or proposed, outside the decision."""
    for _, quote in rank_sentences(weights, readings.sentences(item), shape):
        if quote.section is not SectionKind.BESLUTNING and _PROPOSES.search(quote.text):
            return (Quote(clip(quote.text), quote.section, quote.about),)
    return ()


def _list_after(lines: Sequence[str], start: int) -> list[str]:
    following = []
    for line in lines[start:start + MAX_LIST_LINES]:
        if not _LIST_LINE.match(line):
            break
        following.append(line)
    return following


def list_quotes(weights: dict[str, float], item: AgendaItem, readings: ItemReadings,
                shape: Shape) -> tuple[Quote, ...]:
    """For "Hvilke problemer …?": the list that one of the best sentences on the question introduces ("…
    opsummeres i følgende punkter:"), itself or the sentence right after it, with the list's lines; else the best
    sentence on the question."""
    ranked = rank_sentences(weights, readings.sentences(item), shape)
    if not ranked:
        return ()
    for _, quote in ranked[:_LIST_CANDIDATES]:
        section = next((s for s in item.sections if s.kind is quote.section
                        and quote.text in split_sentences(s.text)), None)
        if section is None:
            continue
        lines = split_sentences(section.text)
        at = lines.index(quote.text)
        # The sentence itself introduces the list, or the next one does ("… dets mangler. Manglerne … punkter:").
        for intro in (at, at + 1)[: 2 if at + 1 < len(lines) else 1]:
            following = _list_after(lines, intro + 1)
            if lines[intro].rstrip().endswith(":") and len(following) >= 2:
                return (Quote(clip(lines[intro]), quote.section),
                        *(Quote(clip(line), quote.section) for line in following))
    best = ranked[0][1]
    return (best, *continuation(item, best))


# A sentence that goes on with the one before it, naming what that one counted ("… fem almene
# plejeboligafdelinger … Det er de fire plejecentre Strandcentret, …").
_CONTINUES = re.compile(r"^(?:Det|Der|Disse|Dette|Heraf)\b[^.]{0,30}?\b(?:er|drejer sig om|gælder|omfatter)\b")


def continuation(item: AgendaItem, anchor: Quote) -> tuple[Quote, ...]:
    """The sentence right after the anchor in its paragraph when it goes on with it (names what it counted)."""
    for section in item.sections:
        if section.kind is not anchor.section:
            continue
        lines = split_sentences(section.text)
        if anchor.text in lines:
            at = lines.index(anchor.text)
            if at + 1 < len(lines) and _CONTINUES.match(lines[at + 1]):
                return (Quote(clip(lines[at + 1]), section.kind),)
    return ()


def committee_decision(question: Question, item: AgendaItem) -> tuple[Quote, ...]:
    """What the committee a question names did with the item, when the question asks about its own treatment
    ("Hvilken betingelse satte Økonomiudvalget …?"): its decision, unless that only points at the recommendation."""
    decision = item.decision
    if question.committee is None or question.committee != item.meeting.committee or not decision:
        return ()
    return () if is_pointer_decision(decision) else tuple(Quote(clip(s.text), SectionKind.BESLUTNING)
                                                          for s in item.decisions)


def select_quotes(question: Question, item: AgendaItem, weights: dict[str, float], readings: ItemReadings,
                  shape: Shape, first: bool, asks: Sequence[Ask] = ()) -> tuple[Quote, ...]:
    """What to quote of an item for this question: its kind says how to answer, the asked-for value what to quote
    (more sentences for the first item of a factual one, led by one for each of the questions it asks: `asks`)."""
    kind, wanted = question.kind, question.answer_type
    if asks_case_officer(question.text) and item.case_officer:
        return case_officer_quote(item)  # "Hvem er sagsbehandler …?": the name is the whole answer
    if wanted is AnswerType.RECOMMENDATION and kind is not QuestionKind.SUMMARY:
        return proposed_quotes(weights, item, readings, shape, question.text)
    if kind is QuestionKind.FACTUAL:
        if wanted is AnswerType.LIST:
            return list_quotes(weights, item, readings, shape)[: MAX_LIST_LINES + 1 if first else 1]
        ranked = [q for _, q in rank_sentences(weights, readings.sentences(item), shape)]
        if wanted in _RELIABLE_VALUES:
            ranked = valued_first(ranked, shape)
        picked = ranked[: 3 if first else 1]
        if first and asks:
            # The best sentence on the whole question first: it often answers every part of it.
            led = [*ranked[:1], *(q for q in clause_quotes(asks, item, readings) if q not in ranked[:1])]
            picked = [*led, *(q for q in ranked if q not in led)][: max(3, len(led))]
        if wanted in VALUE_TYPES:
            return with_asked_value(picked, ranked, shape, item)
        decided = committee_decision(question, item)
        return decided + tuple(q for q in picked if not decided or q.section is not SectionKind.BESLUTNING)
    if kind is QuestionKind.SUMMARY:
        return proposal_body(item) + summary_quotes(item) + decision_quotes(item)
    if kind is QuestionKind.YES_NO:
        return decision_quotes(item) + supporting_quote(weights, item, readings, shape)
    return decision_quotes(item)
