"""Spelling tolerance from the corpus' own vocabulary: a word the index does not know ("ledighedprocenten",
"strandrensing") becomes the nearest corpus word by edit distance (SymSpell), so one typo does not lose the item.

Only unknown words are touched: a word the corpus holds, a stop word, a number, a short word or a compound of known
words is left as typed. Only one edit, two in long words (12 letters or more): further afield, a word the corpus lacks
("Eurovision", "legalisere") would become another word ("provision", "realisere") and answer a question nobody
asked."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from bm25s.stopwords import STOPWORDS_DANISH
from symspellpy import SymSpell, Verbosity

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Shorter words have too many neighbours one edit away to correct safely.
MIN_LENGTH = 6
# A suggestion must be a word the corpus uses at least this often.
MIN_COUNT = 2


def max_distance(word: str) -> int:
    return 2 if len(word) >= 12 else 1


class SpellingCorrector:
    """SymSpell over the corpus' word counts."""

    def __init__(self, counts: Counter[str]) -> None:
        self._known = frozenset(counts) | frozenset(STOPWORDS_DANISH)
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in counts.items():
            if count >= MIN_COUNT and len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)

    @classmethod
    def from_texts(cls, texts: list[str]) -> SpellingCorrector:
        return cls(Counter(word for text in texts for word in _WORD.findall(text.lower())))

    def knows(self, word: str) -> bool:
        return word.lower() in self._known

    def suggest(self, word: str) -> str | None:
        """The corpus word nearest to an unknown `word`, or None when it is known or nothing is near enough."""
        lowered = word.lower()
        if len(lowered) < MIN_LENGTH or lowered in self._known:
            return None
        found = self._symspell.lookup(lowered, Verbosity.TOP, max_edit_distance=max_distance(lowered))
        return found[0].term if found and found[0].term != lowered else None

    def correct(self, text: str, is_compound: Callable[[str], bool] = lambda word: False) -> str:
        """`text` with each unknown word replaced by its nearest corpus word; everything else as typed."""
        def replace(match: re.Match[str]) -> str:
            word = match.group(0)
            if is_compound(word.lower()):
                return word
            return self.suggest(word) or word
        return _WORD.sub(replace, text)
