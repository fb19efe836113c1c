"""Committee names as people read and type them: cleaned for display, matched by part of the name.

Publication systems append the election period ("Byråd 2022-2025") and sort question lists first with a leading
dot (".Spørgsmål / Svar til Byrådet 2022-2025"). The raw name stays the key everywhere; these functions only
change what is shown and how a typed filter finds it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# An election period at the end of the name: "2022-2025", "2022 - 2025", "2022–2025", "(2022-2025)".
_PERIOD_SUFFIX = re.compile(r"\s*\(?\s*(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)\d{2}\s*\)?\s*$")
# Punctuation systems put in front of a name to sort it first or last.
_LEADING_PUNCTUATION = re.compile(r"^[\s.,;:·*_\-–—]+")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]+")
# What marks a meeting that is really a list of questions and answers, not a committee meeting.
_PSEUDO_MEETING_WORDS = ("spørgsmål", "spørgetid", "besvarelse")
# Danish letters folded so that "okonomi", "oekonomi" and "Økonomi" all find "Økonomiudvalget".
_DANISH_FOLDS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))


def display_committee(raw: str) -> str:
    """The name as shown: "Byråd 2022-2025" → "Byråd"; ".Spørgsmål / Svar til Byrådet 2022-2025" →
    "Spørgsmål / Svar til Byrådet"."""
    name = _SPACES.sub(" ", raw).strip()
    name = _LEADING_PUNCTUATION.sub("", name)
    name = _PERIOD_SUFFIX.sub("", name).strip()
    return name or raw.strip()


def _fold(text: str) -> str:
    """Lower case, Danish letters spelled out, other accents and punctuation dropped, whitespace single
    ("Klima-, Teknik- og Miljøudvalget" → "klima teknik og miljoeudvalget")."""
    text = _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip().casefold()
    for letter, spelled in _DANISH_FOLDS:
        text = text.replace(letter, spelled)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def committee_matches(query: str, raw: str) -> bool:
    """Whether a typed filter names this committee: part of the name, any case, with or without æ/ø/å, accents and
    hyphens ("kultur" finds "Kultur- og Fritidsudvalget"; "okonomi" finds "Økonomiudvalget"; "teknik og miljø"
    finds "Klima-, Teknik- og Miljøudvalget"). An empty filter matches all."""
    wanted = _fold(query)
    if not wanted:
        return True
    name = _fold(raw)
    if wanted in name:
        return True
    # "o" typed for "ø": compare with the Danish letters reduced to their base letter as well.
    return wanted in _fold(raw.casefold().replace("ø", "o").replace("æ", "a").replace("å", "a"))


def matching_committees(query: str, names: Iterable[str]) -> set[str]:
    """The names a committee filter selects: the name typed exactly (any case), else the names shown as typed, else
    every name that `committee_matches` the typed part."""
    names, wanted = set(names), query.strip().casefold()
    exact = {name for name in names if name.casefold() == wanted}
    # A shown name ("Byråd") stands for its periods ("Byråd 2018-2021", "Byråd 2022-2025"), not for every name
    # that holds it (".Spørgsmål / Svar til Byrådet").
    shown = {name for name in names if display_committee(name).casefold() == wanted}
    return exact or shown or {name for name in names if committee_matches(query, name)}


def is_pseudo_meeting(committee: str) -> bool:
    """Whether the "meeting" is a published list of questions and answers rather than a real meeting."""
    name = _fold(display_committee(committee))
    return any(_fold(word) in name for word in _PSEUDO_MEETING_WORDS) or " / svar" in name
