"""Questions → short Danish answers that quote decisions and sentences word for word and cite their items.

No language model: every sentence of an answer is either a fixed Danish frame (`wording`) or a verbatim quote
(`quotes`) that is checked against the cited item before it is shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from index.answers.quotes import Ask, asks_case_officer, decision_quotes, is_deferral, select_quotes, verified
from index.answers.rates import asked_units, per_asked_unit
from index.answers.reading import ItemReadings
from index.answers.sentences import VALUE_TYPES, Shape, answer_shape, question_values, rank_sentences
from index.answers.types import Answer, Citation
from index.answers.wording import NOT_FOUND, word_citation, word_lead, word_meeting_lead
from index.model import ItemHit
from index.search.analysis import Vocabulary
from index.search.everyday import reworded
from index.search.question import (
    DEGREE_PATTERN,
    AnswerType,
    Question,
    QuestionKind,
    committee_aliases,
    find_answer_type,
)
from index.storage.catalog import case_key
from ingest.model import AgendaItem

# The share of the question's topic weight that the best item covers, below which we say we found nothing. Picked
# on the dev part (eval/questions/dev, 217 questions, 25 unanswerable; `python -m eval ... --threshold X`, offline
# hybrid) by a rule stated before the sweep: the highest answer accuracy + abstention accuracy, declining at least
# 80 % of the unanswerable questions, ties to the higher threshold. Answer / abstention accuracy (declined share):
# 0.30 → 0.837 / 0.940 (0.56), 0.40 → 0.858 / 0.945 (0.76), 0.45 → 0.868 / 0.940 (0.84),
# 0.50 → 0.879 / 0.935 (0.96), 0.55 → 0.884 / 0.940 (1.00), 0.60 → 0.874 / 0.931 (1.00), 0.65 → 0.858 / 0.908 (1.00).
DEFAULT_THRESHOLD = 0.55
MAX_CITED_ITEMS = 3
# The top items whose coverage of the question's topic is read: the answer comes from one of them. Reading the fourth
# and fifth too when tied with the first answered one more dev question, but pushed the items read past what the
# engine remembers (ITEMS_REMEMBERED) and cost ~+50 % engine CPU a question (eval.profile_questions).
COVERED_ITEMS = 3
# Words that frame a question rather than name its topic; they do not count towards "found".
_FRAME_WORDS = ("hvad hvem hvornår hvordan hvorfor hvilke hvilken hvilket besluttede beslutte besluttet beslutning "
                "beslutninger vedtog vedtaget sagde skete blev mødet møde udvalget udvalg byrådet byråd kommunen sagen "
                "sag punktet punkt handler gjorde står står status seneste nyt ny egentlig mange meget får fik "
                "endte afstemning afstemningen udfald udfaldet mente mener syntes synes anbefalede anbefaler anbefalet "
                "foreslog foreslået foreslår indstillede indstiller indstillet")
# What a citizen says about the asking rather than the topic ("Min niece er …, og jeg har hørt at …", "Hvad drejede
# det sig om?"): rare words, so heavy by IDF, that no item holds. They do not count towards "found" either.
_CHATTER_WORDS = ("fået få mere mest hørt høre hører drejer drejede dreje tror undrer fortalte fortælle fortæller "
                  "niece nevø mor søn svigermor veninde")


def topic_terms(question: str, vocabulary: Vocabulary, committee: str | None = None,
                left_out: frozenset[str] = frozenset()) -> dict[str, float]:
    """The question's topic terms with their IDF weights. Question framing and the committee the question names are
    left out: every item of "Beskæftigelsesudvalget" holds its name, so naming it says nothing about the topic; so
    are `left_out` terms (the meeting's date: it picks the meeting, an item need not state it)."""
    frame = set(vocabulary.terms(f"{_FRAME_WORDS} {_CHATTER_WORDS}")) | left_out
    if committee:
        frame |= set(vocabulary.terms(" ".join(committee_aliases(committee))))
    terms = [t for t in dict.fromkeys(vocabulary.terms(question)) if t not in frame]
    return vocabulary.idf(terms)


# What a term counts for when the item holds it only as a word with the same long prefix: a spelling variant
# ("mødekalendar") or an inflection stemming missed — or another word ("borgerløb" for "borgerløn"), hence half.
PREFIX_CREDIT = 0.5


def _occurrence(term: str, terms: frozenset[str]) -> float:
    """1 when the item holds the term, PREFIX_CREDIT when it holds a word sharing a long prefix, else 0."""
    if term in terms:
        return 1.0
    if len(term) < 7 or term.isdigit():
        return 0.0
    prefix = term[: max(6, int(len(term) * 0.8))]
    return PREFIX_CREDIT if any(t.startswith(prefix) for t in terms) else 0.0


def coverage(weights: dict[str, float], present: frozenset[str], guessed: frozenset[str] = frozenset()) -> float:
    """Share of the question's topic weight whose terms occur in the item. A `guessed` term (a word the corpus does
    not know, read as its nearest corpus word) counts as a word sharing a long prefix does: "borgerløn" read as
    "borgerløb" finds the item, but is no proof that it answers."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return sum(w * (min(_occurrence(t, present), PREFIX_CREDIT) if t in guessed else _occurrence(t, present))
               for t, w in weights.items()) / total


def meeting_date_terms(question: Question, vocabulary: Vocabulary) -> frozenset[str]:
    """The terms of the words that date the meeting asked about ("i april 2022", "den 12/9 2023"): those the
    question's topic and context leave out (with the committee's, which count for no item anyway); none when it names
    no period."""
    if (question.period is None and question.month is None) or not question.topic:
        return frozenset()
    kept = set(vocabulary.terms(f"{question.topic} {question.context}"))
    return frozenset(t for t in vocabulary.terms(question.text) if t not in kept)


# "Hvor tit", "hvor høj": how the question asks, which the answer may or may not repeat ("30 meter høj", "halvårlig");
# "tit" is rare in minutes, so heavy by IDF. The question without them is one more wording to cover ("hvor mange" and
# "hvor meget" are frame words already).
_DEGREE_ASKED = re.compile(rf"\bhvor\s+(?!mange\b|meget\b){DEGREE_PATTERN}(?:\s+tid)?\b", re.IGNORECASE)


def covered_wording(text: str, hits: Sequence[ItemHit], readings: ItemReadings, committee: str | None = None,
                    left_out: frozenset[str] = frozenset(),
                    spelled: str = "") -> tuple[dict[str, float], list[tuple[float, ItemHit]], frozenset[str]]:
    """The topic weights of the question as asked, with its everyday words in the minutes' words, `spelled` (its
    unknown words as the corpus spells them) or without its words of degree — whichever the top items cover best —,
    the top items' coverage, and the terms of the chosen wording that are guesses (`coverage`)."""
    best: tuple[float, dict[str, float], list[tuple[float, ItemHit]], frozenset[str]] | None = None
    read = hits[:COVERED_ITEMS]
    vocabulary = readings.vocabulary
    # Each wording once: most questions have no everyday words, no unknown words and no words of degree.
    for wording in dict.fromkeys((text, *(w for w in (reworded(text), spelled, _DEGREE_ASKED.sub(" ", text)) if w))):
        # A question whose only topic is the date ("Hvad endte de med i oktober?") keeps it.
        weights = topic_terms(wording, vocabulary, committee, left_out) or topic_terms(wording, vocabulary, committee)
        guessed = frozenset(weights.keys() - set(vocabulary.terms(text))) if wording == spelled else frozenset()
        covered = [(coverage(weights, readings.terms(h.item), guessed), h) for h in read]
        top = max((c for c, _ in covered), default=0.0)
        if best is None or top > best[0]:
            best = (top, weights, covered, guessed)
    assert best is not None
    return best[1], best[2], best[3]


# What a topic word outside the asked clause counts for in choosing the sentence to quote: the preamble ("Jeg kører
# tit ad Karlslunde Landevej, …") or the turn before a follow-up found the item; the asked clause says what to quote.
CONTEXT_WEIGHT = 0.5


def focused(weights: dict[str, float], asked: str, vocabulary: Vocabulary) -> dict[str, float]:
    """The topic weights for ranking sentences: words of the asked clause in full, the others at CONTEXT_WEIGHT."""
    if not asked:
        return weights
    own = set(vocabulary.terms(asked))
    if not own & weights.keys():
        return weights
    return {t: w if t in own else w * CONTEXT_WEIGHT for t, w in weights.items()}


def asked_questions(clauses: Sequence[str], weights: dict[str, float], vocabulary: Vocabulary,
                    kind: QuestionKind) -> tuple[Ask, ...]:
    """For a text that asks several questions, those that ask for a value (a number, date, name or place): each
    one's topic weights (its own words in full, words of no question at CONTEXT_WEIGHT, words only another question
    has left out) and the shape of the value. A question asking for a text ("og hvordan lå den …?") leans on the
    others' words and is answered by the sentences on the whole topic."""
    own = [set(vocabulary.terms(clause)) & weights.keys() for clause in clauses]
    asks = []
    for n, clause in enumerate(clauses):
        if (wanted := find_answer_type(clause, kind)) not in VALUE_TYPES:
            continue
        # A question with no topic word of its own ("…, og hvornår?") is about the others' topic.
        others = set().union(*(terms for m, terms in enumerate(own) if m != n)) - own[n] if own[n] else set()
        clause_weights = {t: w if t in own[n] else w * CONTEXT_WEIGHT for t, w in weights.items() if t not in others}
        asks.append(Ask(clause_weights, answer_shape(clause, vocabulary, wanted)))
    return tuple(asks)


def states_values(item: AgendaItem, values: frozenset[str]) -> bool:
    """Whether the item (or its meeting's date) states every number the question does."""
    return values <= stated_numbers(item)


@lru_cache(maxsize=1024)
def stated_numbers(item: AgendaItem) -> frozenset[str]:
    """The numbers the item and its meeting's date state; remembered per item (by value), since the same items are
    checked for question after question and reading a whole item's numbers costs more than answering."""
    numbers = set(re.findall(r"\d+(?:[.,]\d+)*", f"{item.title}\n{item.text}\n{item.meeting.date.isoformat()}"))
    numbers |= {str(int(n)) for n in re.findall(r"\d+", item.meeting.date.isoformat())}
    return frozenset(numbers)


def in_scope(question: Question, item: AgendaItem) -> bool:
    """Whether the item is of the meeting period or month the question names (any item, when it names none): of the
    items that answer, one of that period goes first."""
    day = item.meeting.date
    return (question.period is None or day in question.period) and (question.month in (None, day.month))


def of_municipality(question: Question, item: AgendaItem) -> bool:
    """Whether the item is of the municipality the question names (any item, when it names none)."""
    return question.municipality is None or item.meeting.municipality == question.municipality


def titled_values(item: AgendaItem, values: frozenset[str]) -> bool:
    """Whether the item's title states every number of the question ("nytårskoncerten 2024" in "Opgørelse af
    nytårskoncerten 2024"): an item about 2025 that mentions 2024 in passing is not about it."""
    return bool(values) and values <= set(re.findall(r"\d+(?:[.,]\d+)*", item.title))


# Retrieval scores this close to the first item's are a tie (the fused ranks of items that match alike).
TIED_SCORE = 0.95
CLEARER_SENTENCE = 1.2
# How much more of the question's topic weight a tied item must hold to go before the first: whole items, read for
# every topic word (title, decision, recommendation, body), tell tied items apart better than their fused ranks.
CLEARER_COVERAGE = 0.05


def better_covered_first(clearing: list[ItemHit], covers: Callable[[ItemHit], float],
                         standing: Callable[[ItemHit], object],
                         titled: Callable[[ItemHit], float] = lambda hit: 0.0) -> list[ItemHit]:
    """The items clearing the threshold, with the item that covers the question's topic best among those tied
    with the first (retrieval score within TIED_SCORE, the same `standing` on the question's numbers, a title that
    covers the topic no less: a title naming the topic outweighs a body that mentions every word of it) first, when
    it covers CLEARER_COVERAGE more than the first does."""
    if len(clearing) < 2:
        return clearing
    first = clearing[0]
    tied = [h for h in clearing[1:] if h.score >= TIED_SCORE * first.score and standing(h) == standing(first)
            and titled(h) >= titled(first)]
    best = max(tied, key=covers, default=None)
    if best is None or covers(best) < covers(first) + CLEARER_COVERAGE:
        return clearing
    return [best, *(h for h in clearing if h is not best)]


def best_stated_first(clearing: list[ItemHit], weights: dict[str, float], readings: ItemReadings,
                      shape: Shape, standing: Callable[[ItemHit], object],
                      covers: Callable[[ItemHit], float] = lambda hit: 0.0) -> list[ItemHit]:
    """A factual question's items tied with the first (retrieval score within TIED_SCORE, the same `standing` on
    the question's numbers, covering the topic nearly as well: not CLEARER_COVERAGE less) ordered by their best
    sentence on the question: of two items that match alike, the one that says the asked fact outright answers. One
    sentence that repeats a common topic word never outweighs an item that holds the rare ones."""
    if len(clearing) < 2:
        return clearing
    top, first = clearing[0].score, standing(clearing[0])
    least = covers(clearing[0]) - CLEARER_COVERAGE
    tied = [h for h in clearing[:MAX_CITED_ITEMS]
            if h.score >= TIED_SCORE * top and standing(h) == first and covers(h) >= least]
    if len(tied) < 2:
        return clearing

    def best_sentence(hit: ItemHit) -> float:
        return max((score for score, _ in rank_sentences(weights, readings.sentences(hit.item), shape)[:1]),
                   default=0.0)

    # The first item keeps its place unless another says the fact clearly better (CLEARER_SENTENCE times as well).
    first_best = best_sentence(tied[0])
    ordered = sorted(tied, key=lambda h: -(best if (best := best_sentence(h)) > CLEARER_SENTENCE * first_best
                                           or h is tied[0] else 0.0))
    return [*ordered, *(h for h in clearing if h not in tied)]


def settled_first(hits: Sequence[ItemHit]) -> list[ItemHit]:
    """The hits with a treatment that only put the case off ("Sagen blev taget af.") moved right after the first of
    the case's treatments that decided it, which takes its place: what was decided is the answer, not that it was
    postponed once. Other hits keep their places."""
    ordered = list(hits)
    for hit in hits:
        if not is_deferral(hit.item.decision or "") or not hit.item.case_number:
            continue
        at = ordered.index(hit)
        decider = next((h for h in ordered[at + 1:] if h.item.case_number == hit.item.case_number
                        and h.item.decision and not is_deferral(h.item.decision)), None)
        if decider is not None:
            ordered.remove(decider)
            ordered[at:at] = [decider]
    return ordered


def choose_items(hits: Sequence[ItemHit], kind: QuestionKind) -> list[ItemHit]:
    """The top item, plus close runners-up; for case history every treatment of the top item's case, by date."""
    top = hits[0]
    if kind is QuestionKind.HISTORY and top.item.case_number:
        same_case = [h for h in hits if h.item.case_number == top.item.case_number]
        return sorted(same_case, key=lambda h: (h.item.meeting.date, h.item.meeting.time or date.min))[:6]
    chosen = [top]
    for hit in hits[1:]:
        if len(chosen) >= MAX_CITED_ITEMS or hit.score < 0.85 * top.score:
            break
        if (hit.item.case_number and hit.item.case_number == top.item.case_number) or kind is QuestionKind.FACTUAL:
            chosen.append(hit)
    return chosen


def remembered(question: Question, citations: Sequence[Citation]) -> Question:
    """The question as a follow-up inherits it: with the case of its first cited item when it typed none."""
    case = case_key(citations[0].item.case_number) if citations else None
    if question.case_numbers or not case:
        return question
    return replace(question, case_numbers=frozenset({case}))


def compose_meeting_answer(question: Question, hits: Sequence[ItemHit]) -> Answer:
    """A meeting question: every item of the meeting(s) in agenda order, each with its decision (or none yet)."""
    citations = tuple(Citation(n, h.item, decision_quotes(h.item)[:1] or (), h.score)
                      for n, h in enumerate(hits, start=1))
    lead = word_meeting_lead(citations)
    answer_text = "\n\n".join([lead, *(word_citation(c, QuestionKind.MEETING) for c in citations)])
    return Answer(question.text, answer_text, True, QuestionKind.MEETING, 1.0, citations, lead, question)


def compose_answer(question: Question, hits: Sequence[ItemHit], vocabulary: Vocabulary,
                   threshold: float = DEFAULT_THRESHOLD, readings: ItemReadings | None = None) -> Answer:
    """The answer for ranked items: pure given the index's terms and their weights. `readings` remembers what was
    read of items for later questions (it must read with `vocabulary`); without it every item is read afresh."""
    if readings is None:
        readings = ItemReadings(vocabulary, size=0)
    elif readings.vocabulary is not vocabulary:
        raise ValueError("the item readings were made with another vocabulary")
    kind, text = question.kind, question.text
    if kind is QuestionKind.MEETING and hits and all(h.item.meeting.date in question.period for h in hits
                                                      if question.period):
        return compose_meeting_answer(question, hits)
    if kind is QuestionKind.MEETING or (kind is QuestionKind.FACTUAL
                                        and question.answer_type is AnswerType.RECOMMENDATION):
        # "Hvad foreslog administrationen …?" is answered like a decision question: recommendation, then decision.
        kind = QuestionKind.DECISION
    weights, covered, guessed = covered_wording(text, hits, readings, question.committee,
                                                meeting_date_terms(question, vocabulary), question.spelled)
    confidence = max((c for c, _ in covered), default=0.0)
    # The answer starts from the best item that clears the threshold: an unrelated item ranked above it (an
    # unrelated decision under "Kun punkter med beslutning", say) is never presented as the answer. Among those, one
    # of the meeting period the question names comes first, then an item that states every number of the question:
    # "budget for 2025" is not answered by budget 2023; one whose title states them before one whose text does.
    values, topic_values = question_values(text), question_values(question.topic or text)
    standing = {h.item.id: (in_scope(question, h.item), titled_values(h.item, topic_values),
                            states_values(h.item, values))
                for c, h in covered if c >= threshold}
    # A question that names a municipality asks about it: another municipality's item does not answer it ("Hvor
    # mange ukrainske flygtninge har Herning fået i arbejde?" is not answered by Greve's figure).
    clearing = sorted((h for c, h in covered if c >= threshold and of_municipality(question, h.item)),
                      key=lambda h: tuple(not stated for stated in standing[h.item.id]))
    if not clearing:
        return Answer(text, NOT_FOUND, False, kind, confidence, (), scope=question)
    shape = per_asked_unit(answer_shape(text, vocabulary, question.answer_type), asked_units(question.asked or text))
    scoped = replace(question, kind=kind)
    focus = focused(weights, question.asked, vocabulary)
    asks = asked_questions(question.clauses, weights, vocabulary, kind) if kind is QuestionKind.FACTUAL else ()
    covers = {h.item.id: c for c, h in covered}
    clearing = better_covered_first(clearing, lambda h: covers[h.item.id], lambda h: standing[h.item.id],
                                    lambda h: coverage(weights, frozenset(vocabulary.terms(h.item.title)), guessed))
    if kind is QuestionKind.FACTUAL and not asks_case_officer(text):
        clearing = best_stated_first(clearing, focus, readings, shape, lambda h: standing[h.item.id],
                                     lambda h: covers[h.item.id])
    if kind in (QuestionKind.DECISION, QuestionKind.YES_NO):
        clearing = settled_first(clearing)
    ranked = [*clearing, *(h for h in hits if h not in clearing and h not in (c[1] for c in covered))]
    citations: list[Citation] = []
    for hit in choose_items(ranked, kind):
        # Only sources that clear the threshold are shown; a runner-up below it adds nothing to the answer.
        if citations and coverage(weights, readings.terms(hit.item), guessed) < threshold:
            continue
        quotes = verified(select_quotes(scoped, hit.item, focus, readings, shape, not citations, asks), hit.item)
        if quotes or kind is not QuestionKind.FACTUAL:
            citations.append(Citation(len(citations) + 1, hit.item, quotes, hit.score))
    if not citations:
        # A factual question whose items hold no sentence on its topic (a bare case number, say): what the top item
        # is about, rather than an empty answer.
        kind, top = QuestionKind.SUMMARY, ranked[0]
        quotes = verified(select_quotes(replace(scoped, kind=kind), top.item, focus, readings, shape, True),
                          top.item)
        citations.append(Citation(1, top.item, quotes, top.score))
    lead = word_lead(tuple(citations), kind, question.answer_type)
    answer_text = "\n\n".join([lead, *(word_citation(c, kind) for c in citations)])
    return Answer(text, answer_text, True, kind, confidence, tuple(citations), lead, remembered(question, citations))
