"""Danish text → index terms: case numbers kept whole, Snowball stems, æ/ø/å folding, compound parts, ordinals."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

import Stemmer
from bm25s.stopwords import STOPWORDS_DANISH

# Case numbers and other codes ("15.00.00-A00-8-21", "EMN-2025-003383", "25/26257", "§18") stay one term.
_CODE = re.compile(r"(?<![\w])(?=[\w./-]*\d)[\w]+(?:[./-][\w]+)+(?![\w])")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_ORDINALS = {
    "første": "1", "anden": "2", "andet": "2", "tredje": "3", "fjerde": "4", "femte": "5", "sjette": "6",
    "syvende": "7", "ottende": "8", "niende": "9", "tiende": "10",
}
_STOPWORDS = frozenset(STOPWORDS_DANISH) - set(_ORDINALS)
# Danish compounds join with a linking -s- or -e- ("affald-s-indsamling", "skol-e-vej").
_LINKERS = ("s", "e", "")
_MIN_PART = 4
# Words whose folded stem is remembered (each tens of bytes): every distinct word of the questions asked and of the
# items their answers read; the least recently used are forgotten first. A remembered stem is also one string shared
# by all its occurrences: the token lists of the whole corpus (the item index built on opening) take ~200 MB less.
STEMS_REMEMBERED = 1 << 16


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("danish")


def fold(term: str) -> str:
    return term.translate(_FOLD)


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stop words; ordinals also yield their number ("anden" → "2")."""
    tokens = []
    for word in _WORD.findall(text.lower()):
        if word in _ORDINALS:
            tokens.append(_ORDINALS[word])
        if word not in _STOPWORDS:
            tokens.append(word)
    return tokens


def codes(text: str) -> list[str]:
    return [code.lower() for code in _CODE.findall(text)]


@lru_cache(maxsize=STEMS_REMEMBERED)
def stem_word(word: str) -> str:
    """The word's Snowball stem, folded; remembered, since the same words are analysed over and over (questions, the
    sentences of the items answers are composed from)."""
    return fold(_stemmer().stemWord(word))


def stem_words(tokens: list[str]) -> list[str]:
    return [stem_word(token) for token in tokens]


class Decompounder:
    """Splits a compound into parts that occur as words of their own in the corpus vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._vocabulary = frozenset(vocabulary)
        self._splits: dict[str, list[str]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 2) -> Decompounder:
        counts = Counter(word for text in texts for word in words(text) if len(word) >= _MIN_PART)
        return cls(word for word, count in counts.items() if count >= min_count)

    @property
    def vocabulary(self) -> frozenset[str]:
        return self._vocabulary

    def split(self, word: str) -> list[str]:
        """Parts of `word`, longest known tail first; [] when it is not a compound of known words."""
        if len(word) < 2 * _MIN_PART:
            return []
        if word not in self._splits:
            self._splits[word] = self._find_split(word)
        return self._splits[word]

    def _find_split(self, word: str) -> list[str]:
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if tail not in self._vocabulary:
                continue
            for linker in _LINKERS:
                if linker and not head.endswith(linker):
                    continue
                stem = head[: len(head) - len(linker)] if linker else head
                if len(stem) >= _MIN_PART - 1 and stem in self._vocabulary:
                    return [stem, tail]
        return []


class Analyzer:
    def __init__(self, decompounder: Decompounder | None = None) -> None:
        self._decompounder = decompounder or Decompounder(())

    @property
    def decompounder(self) -> Decompounder:
        return self._decompounder

    def terms(self, text: str) -> list[str]:
        tokens = words(text)
        parts = [part for token in tokens for part in self._decompounder.split(token)]
        return codes(text) + stem_words(tokens + parts)


class Vocabulary(Protocol):
    """What answers need of the indexed text: its terms, as the chunks were analysed, and how rare each is."""

    def terms(self, text: str) -> list[str]: ...

    def idf(self, terms: list[str]) -> dict[str, float]: ...
