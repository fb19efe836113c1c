"""The unit a question asks a figure per ("om året", "pr. time", "per dag", "pr. kilometer") → a bonus for sentences
that state a figure per the same unit, however the minutes word it ("årligt", "i timen", "om dagen")."""

from __future__ import annotations

import re

from index.answers.sentences import Shape

# Each unit with the ways Danish says "per" it; a question and a sentence match when both use one of the unit's.
# Not "i år", "i dag", "i uge 12": this year, today, a week's number.
_UNIT_WORDINGS: dict[str, str] = {
    "year": r"(?:om\s+året|(?:pr\.?|per)\s+år(?:et)?)\b|\bårlig(?:t|e)?\b|\bhvert\s+år\b",
    "month": r"(?:(?:om|i)\s+måneden|(?:pr\.?|per)\s+måned(?:en)?)\b|\bmånedlig(?:t|e)?\b|\bhver\s+måned\b",
    "week": r"(?:(?:om|i)\s+ugen|(?:pr\.?|per)\s+uge(?:n)?)\b|\bugentlig(?:t|e)?\b|\bhver\s+uge\b",
    "day": r"(?:om\s+dagen|(?:pr\.?|per)\s+dag(?:en)?)\b|\bdaglig(?:t|e)?\b|\bhver\s+dag\b",
    "hour": r"(?:i\s+timen|(?:pr\.?|per)\s+time(?:n)?)\b|\btimepris\w*|\btimetakst\w*",
    "kilometer": r"(?:pr\.?|per)\s+(?:kilometer|km)\b|\bkilometertakst\w*",
    "child": r"(?:pr\.?|per)\s+barn\b",
    "pupil": r"(?:pr\.?|per)\s+elev\b",
    "citizen": r"(?:pr\.?|per)\s+(?:borger|indbygger)\b",
    "household": r"(?:pr\.?|per)\s+(?:husstand|bolig|parcelhus)\b",
    "square metre": r"(?:pr\.?|per)\s+(?:m2|m²|kvm|kvadratmeter)\b",
}
UNITS: dict[str, re.Pattern[str]] = {unit: re.compile(rf"(?<!\w){wording}", re.IGNORECASE)
                                     for unit, wording in _UNIT_WORDINGS.items()}
# What a sentence stating a figure per the asked unit gains on its shape.
RATE_BONUS = 0.3


def asked_units(question: str) -> frozenset[str]:
    """The units the question asks a figure per: "Hvad koster det om året …?" → {"year"}."""
    return frozenset(unit for unit, pattern in UNITS.items() if pattern.search(question))


def per_asked_unit(shape: Shape, units: frozenset[str]) -> Shape:
    """`shape`, plus RATE_BONUS for a sentence with a figure per one of `units`: "Hvad koster det om året?" is answered
    by "… 110.000 kr. årligt", not by the project's total over three years."""
    if not units:
        return shape
    patterns = [UNITS[unit] for unit in units]

    def rated(sentence: str) -> float:
        per_unit = any(char.isdigit() for char in sentence) and any(p.search(sentence) for p in patterns)
        return shape(sentence) + (RATE_BONUS if per_unit else 0.0)
    return rated
