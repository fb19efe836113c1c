"""Danish text → index terms: case numbers kept whole, Snowball stems, æ/ø/å folding, compound parts, ordinals."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import Stemmer
from bm25s.stopwords import STOPWORDS_DANISH

# Case numbers and other codes ("15.00.00-A00-8-21", "EMN-2025-003383", "25/26257", "§18") stay one term.
_CODE = re.compile(r"(?<![\w])(?=[\w./-]*\d)[\w]+(?:[./-][\w]+)+(?![\w])")
# A code can only lie within a run of word characters and [./-] that holds a digit: codes() finds the digits first
# and matches _CODE only in their runs, since _CODE tried at every word start costs more than all the rest of the
# analysis of a long text. The assertions of _CODE see the same neighbours in a run as in the whole text.
_DIGIT = re.compile(r"\d")
_RUN_REST = re.compile(r"[\w./-]*")
_RUN_SEPARATORS = frozenset("./-")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Without an underscore in the text, \w+ finds the same words as _WORD, faster.
_WORD_PLAIN = re.compile(r"\w+")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_ORDINALS = {
    "første": "1", "anden": "2", "andet": "2", "tredje": "3", "fjerde": "4", "femte": "5", "sjette": "6",
    "syvende": "7", "ottende": "8", "niende": "9", "tiende": "10",
}
_STOPWORDS = frozenset(STOPWORDS_DANISH) - set(_ORDINALS)
_ORDINAL_WORDS = frozenset(_ORDINALS)
# Danish compounds join with a linking -s- or -e- ("affald-s-indsamling", "skol-e-vej").
_LINKERS = ("s", "e", "")
_MIN_PART = 4
# Words whose stems are remembered; past this the memo starts afresh (bounded memory on any corpus and any query).
MEMO_WORDS = 500_000


_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """One stemmer per thread: PyStemmer's are not thread-safe, and the app answers questions in several threads."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


def fold(term: str) -> str:
    return term.translate(_FOLD)


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stop words; ordinals also yield their number ("anden" → "2")."""
    lowered = text.lower()
    found = (_WORD_PLAIN if "_" not in lowered else _WORD).findall(lowered)
    if _ORDINAL_WORDS.isdisjoint(found):  # most texts: one pass in C
        return [word for word in found if word not in _STOPWORDS]
    tokens = []
    for word in found:
        if word in _ORDINALS:
            tokens.append(_ORDINALS[word])
        if word not in _STOPWORDS:
            tokens.append(word)
    return tokens


def codes(text: str) -> list[str]:
    """The text's codes, lower-cased: what `_CODE.findall(text)` finds, read only in the runs around digits."""
    found: list[str] = []
    end = 0
    for digit in _DIGIT.finditer(text):
        start = digit.start()
        if start < end:  # in the run read last
            continue
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_./-"):  # \w is isalnum() or "_"
            start -= 1
        end = _run_end(text, digit.end())
        run = text[start:end]
        if not _RUN_SEPARATORS.isdisjoint(run):
            found += _CODE.findall(run)
    return [code.lower() for code in found]


def _run_end(text: str, start: int) -> int:
    """Where the run of word characters and [./-] from `start` ends."""
    run = _RUN_REST.match(text, start)
    assert run is not None  # the pattern matches the empty string too
    return run.end()


_stems: dict[str, str] = {}


def stem_words(tokens: list[str]) -> list[str]:
    """Folded Snowball stems, each distinct word stemmed once: minutes repeat their words."""
    global _stems
    # The memo is replaced when full, never cleared: a thread reading its own reference keeps every stem it added.
    memo = _stems
    try:
        return list(map(memo.__getitem__, tokens))  # a C loop: this runs over every word of every text read
    except KeyError:
        new = [token for token in dict.fromkeys(tokens) if token not in memo]
        if len(memo) + len(new) > MEMO_WORDS:
            memo = _stems = {}
            new = list(dict.fromkeys(tokens))
        memo.update(zip(new, (fold(stem) for stem in _stemmer().stemWords(new)), strict=True))
        return [memo[token] for token in tokens]


@dataclass(frozen=True, slots=True)
class TextTerms:
    """What analysing a text takes before the corpus vocabulary is known (made where the text is read, beside the
    parser): its codes, the stems of its words, and its words long enough to be a compound or a part of one. Each is
    space-joined (no term holds a space): one string crosses a process boundary and sits in memory far cheaper than
    thousands of small ones. The compound parts, which depend on the vocabulary of every chunk, are added when the
    index is built (`Analyzer.terms_of`)."""

    codes: str
    stems: str
    long_words: str


def analyse_text(text: str) -> TextTerms:
    tokens = words(text)
    return TextTerms(" ".join(codes(text)), " ".join(stem_words(tokens)),
                     " ".join(token for token in tokens if len(token) >= _MIN_PART))


class Decompounder:
    """Splits a compound into parts that occur as words of their own in the corpus vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._vocabulary = frozenset(vocabulary)
        self._splits: dict[str, list[str]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 2) -> Decompounder:
        return cls.from_words((words(text) for text in texts), min_count)

    @classmethod
    def from_words(cls, tokens: Iterable[list[str]], min_count: int = 2) -> Decompounder:
        """From the word tokens of each text: the words long enough to be a part, seen at least `min_count` times
        (shorter tokens may be left out beforehand)."""
        counts: Counter[str] = Counter()
        for text_tokens in tokens:
            counts.update(text_tokens)
        return cls(word for word, count in counts.items() if count >= min_count and len(word) >= _MIN_PART)

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
        # The stems of each compound's parts, by word (words that are no compound are not kept).
        self._compounds: dict[str, list[str]] = {}
        self._plain: set[str] = set()

    @property
    def decompounder(self) -> Decompounder:
        return self._decompounder

    def terms(self, text: str) -> list[str]:
        """The text's index terms, as `terms_of(analyse_text(text))` gives them, without joining each part into one
        string and splitting it again: that form is for texts crossing a process boundary, while questions and the
        items read for answers are analysed here, for every question."""
        return self.terms_each([text])[0]

    def terms_each(self, texts: Sequence[str]) -> list[list[str]]:
        """The index terms of each text (its codes, the stems of its words and of their compound parts), the words of
        all of them stemmed and split into compound parts in one go: an item's sentences are analysed together when an
        answer reads it for the first time."""
        tokens_each = [words(text) for text in texts]
        every_token = [token for tokens in tokens_each for token in tokens]
        stems = stem_words(every_token)
        compounds = self._remember({token for token in every_token if len(token) >= _MIN_PART})
        analysed, start = [], 0
        for text, tokens in zip(texts, tokens_each, strict=True):
            end = start + len(tokens)
            analysed.append(codes(text) + stems[start:end]
                            + [stem for token in tokens if token in compounds and len(token) >= _MIN_PART
                               for stem in compounds[token]])
            start = end
        return analysed

    def terms_of(self, analysed: TextTerms) -> list[str]:
        """The index terms of an analysed text: its codes, the stems of its words and of their compound parts."""
        tokens = analysed.long_words.split()
        compounds = self._remember(set(tokens))
        return (analysed.codes.split() + analysed.stems.split()
                + [stem for token in tokens if token in compounds for stem in compounds[token]])

    def _remember(self, tokens: set[str]) -> dict[str, list[str]]:
        """Look up, once per distinct word, whether it is a compound and the stems of its parts; the compounds
        returned hold every one of `tokens` that is one. Full memos are replaced, never cleared, so that a thread
        analysing a text meanwhile keeps the memo it filled."""
        plain, compounds = self._plain, self._compounds
        unseen = {token for token in tokens - plain if token not in compounds}
        if not unseen:
            return compounds
        if len(plain) + len(compounds) + len(unseen) > MEMO_WORDS:
            plain, compounds = self._plain, self._compounds = set(), {}
            unseen = tokens
        for token in unseen:
            parts = self._decompounder.split(token)
            if parts:
                compounds[token] = stem_words(parts)
            else:
                plain.add(token)
        return compounds


class Vocabulary(Protocol):
    """What answers need of the indexed text: its terms, as the chunks were analysed, and how rare each is."""

    def terms(self, text: str) -> list[str]: ...

    def terms_each(self, texts: Sequence[str]) -> list[list[str]]: ...

    def idf(self, terms: list[str]) -> dict[str, float]: ...
