"""Where agenda items start, in any common numbering ("Punkt 3: Titel", "Sag nr. 3", "3. Titel", "412. Titel").

Every line that could open an item is a candidate; one chain of candidates with rising numbers and one numbering
style is chosen by how well each candidate is supported: a labelled number, heading typography, a case number or
section heading right below, a gap above. Numbered lists inside items ("1. Aarhus Byråd træffer ...") lose because
they have none of that, and because their numbers do not continue the chain.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ingest.formats.layout import Line, is_emphasised, is_styled
from ingest.formats.vocabulary import (
    BARE_CASE,
    ITEM_METADATA,
    ITEM_NUMBERINGS,
    LABELLED_CASE,
    NOT_A_TITLE,
    is_case_token,
)
from ingest.sections import classify_heading

_MAX_TITLE_CHARS = 250
_LOOKAHEAD = 4
# A number skipped in the chain costs this much: agendas rarely skip, lists inside items often do.
_SKIP_COST = 1.0


@dataclass(frozen=True, slots=True)
class ItemStart:
    index: int
    number: str
    title: str | None
    style: str
    score: float


def find_item_starts(lines: Sequence[Line], excluded: Collection[int] = ()) -> list[ItemStart]:
    """The lines that open agenda items, in order."""
    emphasised_doc = any(is_emphasised(line) for line in lines)
    candidates = [c for index, line in enumerate(lines) if index not in excluded
                  for c in _candidates(lines, index, emphasised_doc)]
    best: list[ItemStart] = []
    best_score = 0.0
    for style in {c.style for c in candidates}:
        chain, score = _best_chain([c for c in candidates if c.style == style])
        if score > best_score or (score == best_score and len(chain) > len(best)):
            best, best_score = chain, score
    if not best and candidates:
        # No chain is supported by anything but its numbers: take the longest rising one of the strongest style.
        strongest = max(ITEM_NUMBERINGS, key=lambda row: row[2] if any(c.style == row[0] for c in candidates)
                        else -1)[0]
        best, _ = _best_chain([ItemStart(c.index, c.number, c.title, c.style, 1.0)
                               for c in candidates if c.style == strongest])
    return best


def _candidates(lines: Sequence[Line], index: int, emphasised_doc: bool) -> list[ItemStart]:
    line = lines[index]
    found: list[ItemStart] = []
    for style, pattern, weight in ITEM_NUMBERINGS:
        match = pattern.match(line.text)
        if match is None:
            continue
        title = match.groupdict().get("title")
        if weight == 0 and (not title or NOT_A_TITLE.match(title) or len(line.text) > _MAX_TITLE_CHARS
                            or classify_heading(title) is not None or BARE_CASE.match(line.text)):
            continue
        if title is None and (index + 1 >= len(lines) or classify_heading(lines[index + 1].text)):
            continue
        found.append(ItemStart(index, match.group("number").lstrip("0") or "0", title, style,
                               _support(lines, index, weight, emphasised_doc)))
        break
    return found


def _support(lines: Sequence[Line], index: int, weight: int, emphasised_doc: bool) -> float:
    line = lines[index]
    score = float(weight) - 1.0
    if is_emphasised(line):
        score += 2.5
    elif emphasised_doc and is_styled(line):
        score -= 2.0
    if line.gap_before or index == 0 or lines[index - 1].page != line.page:
        score += 0.5
    below = lines[index + 1: index + 1 + _LOOKAHEAD]
    if any(LABELLED_CASE.search(b.text) or (BARE_CASE.match(b.text) and is_case_token(b.text)) for b in below):
        score += 2.0
    if any(classify_heading(b.text) is not None or ITEM_METADATA.match(b.text) for b in below):
        score += 1.5
    if line.text.rstrip().endswith((",", ";")):
        score -= 2.0
    return score


def _order_key(number: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d+)([a-z]?)", number, re.IGNORECASE)
    return (int(match.group(1)), match.group(2).lower()) if match else (0, number)


def _best_chain(candidates: Sequence[ItemStart]) -> tuple[list[ItemStart], float]:
    """The rising chain of candidates with the highest total support (each link pays for numbers it skips)."""
    if not candidates:
        return [], 0.0
    totals = [c.score for c in candidates]
    previous: list[int | None] = [None] * len(candidates)
    for i, current in enumerate(candidates):
        key = _order_key(current.number)
        for j in range(i):
            before = _order_key(candidates[j].number)
            if before >= key:
                continue
            skipped = max(0, key[0] - before[0] - 1) if key[1] == "" else 0
            total = totals[j] + current.score - _SKIP_COST * min(skipped, 5)
            if total > totals[i]:
                totals[i], previous[i] = total, j
    end = max(range(len(candidates)), key=lambda i: totals[i])
    if totals[end] <= 0:
        return [], 0.0
    chain: list[ItemStart] = []
    cursor: int | None = end
    while cursor is not None:
        chain.append(candidates[cursor])
        cursor = previous[cursor]
    return chain[::-1], totals[end]
