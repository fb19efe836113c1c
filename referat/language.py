"""Whether a question is written in English, so the answer can add a Danish hint (the minutes are in Danish).

A stopword count is enough for questions: they are short and full of function words. No language model needed.
"""

from __future__ import annotations

import re

# Common English function and question words that are not also Danish words ("i", "a", "have", "for", "man",
# "hvad" etc. are left out on purpose, as are words Danish borrows such as "job" or "team").
_ENGLISH = frozenset((
    "the", "an", "of", "to", "on", "at", "by", "with", "from", "about", "what", "which", "who", "whom", "whose",
    "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "has", "had",
    "do", "does", "did", "will", "would", "should", "could", "can", "may", "might", "must", "this", "that",
    "these", "those", "there", "their", "they", "it", "its", "and", "or", "not", "any", "all", "decided",
    "decision", "decisions", "council", "committee", "meeting", "meetings", "budget", "approved",
))
_DANISH = frozenset((
    "og", "i", "at", "det", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af", "for", "ikke",
    "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde", "ham", "hun", "nu", "over",
    "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans", "hvor", "eller", "hvad", "skal", "selv",
    "her", "alle", "vil", "blev", "kunne", "ind", "når", "være", "dog", "noget", "ville", "jo", "deres",
    "efter", "ned", "skulle", "denne", "end", "dette", "mit", "også", "under", "have", "dig", "anden", "hende",
    "mine", "alt", "meget", "sit", "sine", "vor", "mod", "disse", "hvis", "din", "nogle", "hos", "blive",
    "mange", "ad", "bliver", "hendes", "været", "thi", "jer", "sådan", "hvornår", "hvilke", "hvilken", "hvem",
    "hvorfor", "hvordan", "besluttet", "beslutning", "udvalget", "byrådet", "kommunen", "møde", "mødet",
    "sagen", "punkt",
))
_WORD = re.compile(r"[a-zæøåéü]+")
MIN_ENGLISH_WORDS = 2


def looks_english(question: str) -> bool:
    """True when English function words clearly outnumber Danish ones (at least two of them, none of æ/ø/å)."""
    words = _WORD.findall(question.casefold())
    if not words or re.search(r"[æøå]", question.casefold()):
        return False
    english = sum(word in _ENGLISH for word in words)
    danish = sum(word in _DANISH for word in words)
    return english >= MIN_ENGLISH_WORDS and english > 2 * danish
