"""Names and places typed in a question ("Heidi Serny Jacobsen", "Café Langsiden", "Lærkevej 12", "Tofteholmen
52"): an item that holds the name exactly, word for word, is about that person or place, not only one that holds its
words somewhere. Pure functions over case-folded text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# A capitalised word (letters, inner hyphens), or a house number right after one.
_NAME_WORD = r"[A-ZÆØÅÉ][\wæøåéü-]*"
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\d+[a-zA-Z]?\b))+")
# Capitalised words that open a Danish question or sentence, not a name.
_OPENERS = frozenset({"hvad", "hvem", "hvor", "hvornår", "hvordan", "hvorfor", "hvilke", "hvilken", "hvilket",
    "blev", "bliver", "er", "var", "kan", "kommer", "skal", "må", "får", "fik", "har", "havde", "og", "men", "i",
    "om", "til", "ved", "med", "på", "det", "den", "de", "der"})


def find_names(question: str) -> tuple[str, ...]:
    """The names of two or more words, or a word and a house number, in the question, case-folded; a possessive
    -s is dropped ("Heidi Serny Jacobsens orlov" → "heidi serny jacobsen")."""
    names = []
    for match in _NAME.finditer(question):
        words = match.group(0).split()
        while words and words[0].casefold() in _OPENERS:
            words = words[1:]
        if len(words) < 2:
            continue
        name = " ".join(words).casefold()
        names.append(name[:-1] if name.endswith("s") and not name[-2:-1].isdigit() else name)
    return tuple(dict.fromkeys(names))


_WORD_CHARACTER = re.compile(r"\w")


def holds_name(name: str, text: str) -> bool:
    r"""Whether the case-folded text holds the name word for word: an occurrence not inside a longer word on its left
    (as `(?<!\w)name` would find it). Occurrences are found by plain substring search, a fraction of the cost of a
    regular expression over a whole item's text, and only their left neighbours are checked."""
    start = text.find(name)
    while start != -1:
        if start == 0 or not _WORD_CHARACTER.match(text, start - 1):
            return True
        start = text.find(name, start + 1)
    return False


def matched_share(names: Iterable[str], text: str) -> float:
    """The share of the names the case-folded text holds word for word."""
    wanted = list(names)
    if not wanted:
        return 0.0
    return sum(holds_name(name, text) for name in wanted) / len(wanted)


def name_matches(names: tuple[str, ...], texts: Mapping[str, str], candidates: Iterable[str],
                 common: float = 0.5) -> dict[str, float]:
    """Each candidate's share of the question's names; a name that more than `common` of the candidates hold (the
    municipality's own name, say) tells them apart no better than its words do and is left out."""
    candidates = list(candidates)
    if not names or not candidates:
        return {}
    # Each name is looked for once in each candidate's text (the texts are whole items).
    held = {name: {c for c in candidates if holds_name(name, texts.get(c, ""))} for name in names}
    telling = tuple(name for name in names if len(held[name]) <= common * len(candidates))
    if not telling:
        return {}
    shares = {c: sum(c in held[name] for name in telling) / len(telling) for c in candidates}
    return {c: share for c, share in shares.items() if share > 0}
