"""An item's text as sentences, ranked by how much of the question's topic they cover and by the shape of the
answer the question asks for (a date, a number, a name)."""

from __future__ import annotations

import re
from collections.abc import Callable

from index.answers.types import Quote
from index.search.analysis import Vocabulary
from ingest.model import AgendaItem
from referat.danish import MONTH_NAMES

TITLE_TERM_WEIGHT = 0.3

_DATE_IN_TEXT = re.compile(r"\b\d{1,2}\.\s*(?:" + "|".join(MONTH_NAMES) + r")\b|\b\d{1,2}/\d{1,2}\b|\b(?:19|20)\d\d\b",
                           re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:kr|jf|pkt|nr|ca|mio|mia|stk|bl\.a|f\.eks|inkl|evt|dvs|mv|m\.v|kl)\.$",
                               re.IGNORECASE)

Shape = Callable[[str], float]


def join_wrapped_lines(text: str) -> str:
    """PDF exports break lines inside sentences; a line that does not end a sentence and is followed by one that
    starts in lower case continues on it."""
    return re.sub(r"(?<=[^.!?:;\s])[ \t]*\n[ \t]*(?=[a-zæøå])", " ", text)


def split_sentences(text: str) -> list[str]:
    """Sentences and list lines, never crossing a paragraph; Danish abbreviations ("kr.", "jf.", "pkt.") kept whole."""
    sentences: list[str] = []
    for block in re.split(r"\n+", join_wrapped_lines(text)):
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"«(])", block.strip())
        merged: list[str] = []
        for part in parts:
            if merged and _ABBREVIATION_END.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        sentences.extend(s.strip() for s in merged if len(s.strip()) > 2)
    return sentences


def some_number(sentence: str) -> float:
    """Numbers are often what a question asks for, even when it does not say so."""
    return 0.15 * bool(re.search(r"\d", sentence))


def _names_someone(sentence: str) -> float:
    """A person or organisation: two capitalised words inside the sentence ("Gert Bjerregaard", "Blå Kors")."""
    return 0.5 * bool(re.search(r"(?<=\w[\s,(])[A-ZÆØÅ]\w+[ -][A-ZÆØÅ0-9]\w*", sentence))


def _names_a_date(sentence: str) -> float:
    return 0.5 * bool(_DATE_IN_TEXT.search(sentence))


def _states_an_amount(sentence: str) -> float:
    return 0.5 * bool(re.search(r"\d", sentence))


_AMOUNT_QUESTION = re.compile(
    r"\bhvor (?:meget|stor\w*|høj\w*|lang\w*)\b|\bkoste\w*\b|\bpris\w*\b|\bbeløb\w*\b|\bgebyr\w*\b|\bbudget\w*\b|"
    r"\bbetale\w*\b|\bøkonomi\w*\b|\bhvilken placering\b|\bhvilken plads\b")
# Question wording → the shape of sentence that answers it; the first that matches wins.
_SHAPES: tuple[tuple[re.Pattern[str], Shape], ...] = (
    (re.compile(r"^\W*hvem\b"), _names_someone),
    (re.compile(r"\bhvornår\b|\bfra hvilken dato\b"), _names_a_date),
)


def answer_shape(question: str, vocabulary: Vocabulary) -> Shape:
    """A bonus for sentences shaped like the answer the question asks for: a date for "hvornår", a number for
    "hvor mange/meget" and prices, a number with the counted noun for "hvor mange borgere"."""
    lowered = question.casefold()
    for pattern, shape in _SHAPES:
        if pattern.search(lowered):
            return shape
    counted = re.search(r"\bhvor mange (\w+)", lowered)
    if counted:
        noun = vocabulary.terms(counted.group(1))

        def count_bonus(sentence: str) -> float:
            numbers = re.findall(r"\d[\d.,]*\s+(\w+)", sentence)
            followed = noun and any(vocabulary.terms(word) == noun for word in numbers)
            return 0.8 if followed else 0.4 * bool(numbers)
        return count_bonus
    if _AMOUNT_QUESTION.search(lowered):
        return _states_an_amount
    return some_number


def rank_sentences(weights: dict[str, float], item: AgendaItem, vocabulary: Vocabulary,
                   shape: Shape | None = None) -> list[tuple[float, Quote]]:
    """Sentences of the item's sections by the topic weight they cover, best first."""
    shape = shape or some_number
    # Terms of the item's title are what every sentence of it is about; the answer is told apart by the others.
    in_title = set(vocabulary.terms(item.title))
    weights = {t: w * (TITLE_TERM_WEIGHT if t in in_title else 1.0) for t, w in weights.items()}
    ranked = []
    for section in item.sections:
        for sentence in split_sentences(section.text):
            if len(sentence.split()) < 4:
                continue  # labels such as "Bruttoledighed:" say nothing on their own
            terms = set(vocabulary.terms(sentence))
            score = sum(w for t, w in weights.items() if t in terms)
            if score > 0:
                # Short sentences that say the same win over long ones; the asked-for shape (a date, a number) wins.
                score *= 1 + shape(sentence) - min(len(sentence), 600) / 3000
                ranked.append((score, Quote(sentence, section.kind)))
    return sorted(ranked, key=lambda pair: -pair[0])
