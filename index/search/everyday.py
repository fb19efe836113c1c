"""Everyday Danish → the words minutes use for the same thing ("arbejdsløse" → "ledighed"). Data, not rules: one row
per everyday phrase. Retrieval searches the minutes' words beside the question's own; the answer's coverage check
tries the question with the minutes' words in place of the everyday ones and keeps whichever variant the items cover
better, so an item that does use the everyday word loses nothing. Pure functions."""

from __future__ import annotations

import re

# (everyday phrase as a regular expression over the lower-cased question, the minutes' words for it). Written from
# the wording of the dev questions' failures and the words the indexed minutes use; each row must stay general
# (no case- or municipality-specific words).
EVERYDAY_WORDS: tuple[tuple[str, str], ...] = (
    (r"arbejdsløs\w*|jobløs\w*|uden (?:et )?arbejde", "bruttoledighed ledighed"),
    (r"bus(?:ser|serne|sen)?\b|busruter?\w*", "busdrift busbetjening"),
    (r"lære dansk|dansk ?undervisning|sprogskole\w*", "danskuddannelse"),
    (r"udlændinge\w*|indvandrere\w*", "udlændinge flygtninge"),
    (r"syge ?meldt\w*|syge ?melding\w*", "sygedagpenge sygemeldte"),
    (r"skære\w* (?:ned|i)\b|skåret (?:ned )?i\b|nedskæring\w*|spare\w* på", "besparelser"),
    # Old people, not old things ("gamle lamper" are not "ældre").
    (r"\bde gamle\b|gamle (?:mennesker|folk|borgere)\b|pensionister", "ældre"),
    (r"møder holder\b|holde\w* (?:\w+ )?møder\b|mødedatoer|hvornår mødes", "afholdes møder mødeplan"),
)
_PATTERNS = tuple((re.compile(rf"\b(?:{everyday})", re.IGNORECASE), words) for everyday, words in EVERYDAY_WORDS)


def minutes_words(question: str) -> list[str]:
    """The minutes' words for the everyday phrases in the question, in table order."""
    return [words for pattern, words in _PATTERNS if pattern.search(question)]


def expanded(question: str) -> str:
    """The question with the minutes' words added (for searching: both wordings count)."""
    extra = minutes_words(question)
    return f"{question} {' '.join(extra)}" if extra else question


def reworded(question: str) -> str | None:
    """The question with each everyday phrase replaced by the minutes' words, or None when it has none."""
    text = question
    for pattern, words in _PATTERNS:
        text = pattern.sub(words, text)
    return text if text != question else None
