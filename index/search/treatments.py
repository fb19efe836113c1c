"""The treatments of one case: a case goes from a committee to the finance committee to the city council (Greve:
Klima-, Teknik- og Miljøudvalget → Økonomiudvalget → Byrådet), and every treatment holds much the same text. Which
of them a question wants is not in its words when it names no committee: what came of a case is decided where it
ends, so the final treatment of the round leads. The case number groups the treatments; a round is the treatments
within a few months of the best-ranked one (a case number can come back years later for the next budget, say).
Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from functools import lru_cache

from index.storage.lexical import ItemFacts
from referat.committees import display_committee, is_pseudo_meeting

# The body that decides last, as municipalities and regions name it.
COUNCIL_WORDS = ("byråd", "kommunalbestyrelse", "regionsråd", "borgerrepræsentation")
# Treatments this soon after the best-ranked one belong to its round (committee to council takes 1-6 weeks).
ROUND_DAYS = 60


class TreatmentOrder(StrEnum):
    """How the treatments of one case share the places the case holds in a ranking."""

    # As scored.
    AS_RANKED = "as_ranked"
    # The latest decided treatment of the round first.
    LATEST = "latest"
    # The council's decided treatment that concluded the round first (the final word).
    FINAL = "final"


@lru_cache(maxsize=1024)
def is_council(committee: str) -> bool:
    """Whether a committee is the city or regional council ("Byråd 2022-2025", "Aarhus Byråd",
    "Kommunalbestyrelsen"), not a committee or a published list of questions to it."""
    words = display_committee(committee).casefold().split()
    return any(w.startswith(COUNCIL_WORDS) for w in words) and not is_pseudo_meeting(committee)


def order_treatments(ranked: Sequence[str], facts: Mapping[str, ItemFacts], has_decision: Mapping[str, bool],
                     order: TreatmentOrder, on_topic: Callable[[str], bool] | None = None,
                     titles: Mapping[str, str] | None = None, places: int | None = None) -> list[str]:
    """Within each case, the treatment that concluded the best-ranked one takes the first place the case holds in
    `ranked`; the case's other treatments follow in their ranked order. Items without a case keep their places.

    LATEST: the latest decided treatment within ROUND_DAYS after the best-ranked one. FINAL: the first decided
    council treatment within ROUND_DAYS after it (the council's word on the committee's recommendation; a later
    treatment of the same case number can be the next year's round or a follow-up on another subject).

    `on_topic` picks the round: when the best-ranked treatment is not on topic but another is (the question names
    2025 and a case comes back every year: "LED-pulje, 2024", "LED-pulje 2025"), the best-ranked one on topic is the
    one whose round counts.

    `places`: only the first so many places are wanted (a search shows its top k); only the cases holding one of them
    are ordered, and those places come out as they would of the whole ranking."""
    if order is TreatmentOrder.AS_RANKED:
        return list(ranked[:places])
    # A case's places are taken by its own treatments: the cases outside the wanted places cannot move into them.
    wanted = None if places is None else {fact.case_key for item_id in ranked[:places]
                                          if (fact := facts.get(item_id)) is not None and fact.case_key}
    groups: dict[str, list[str]] = {}
    for item_id in ranked:
        if ((fact := facts.get(item_id)) is not None and fact.case_key
                and (wanted is None or fact.case_key in wanted)):
            group = groups.setdefault(fact.case_key, [])
            # Some municipalities file a whole meeting's items under one case number: only items about the same
            # subject as the case's best-ranked one are its treatments.
            if titles is None or not group or same_subject(titles.get(group[0], ""), titles.get(item_id, "")):
                group.append(item_id)
    reordered: dict[str, list[str]] = {}
    for case, ids in groups.items():
        if len(ids) < 2:
            continue
        if on_topic is not None and not on_topic(ids[0]) and (matching := [i for i in ids if on_topic(i)]):
            ids = [*matching, *(i for i in ids if i not in matching)]
        if (lead := _concluding(ids, facts, has_decision, order)) != ids[0] or ids != groups[case]:
            reordered[case] = [lead, *(i for i in ids if i != lead)]
    members = {item_id for ids in reordered.values() for item_id in ids}
    result = []
    for item_id in ranked[:places]:
        fact = facts.get(item_id)
        key = fact.case_key if fact is not None else None
        result.append(reordered[key].pop(0) if key is not None and key in reordered and item_id in members
                      else item_id)
    return result


_TITLE_WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=16384)
def title_words(title: str) -> frozenset[str]:
    """The words of a title, case-folded; remembered, since the same titles are compared for question after
    question (a corpus holds some thousands)."""
    return frozenset(_TITLE_WORD.findall(title.casefold()))


def same_subject(title: str, other: str) -> bool:
    """Whether two titles name the same subject: at least half the words of the shorter one are in the other
    ("Energibesparelsesprojekter, frigivelse af LED-pulje, 2024" and "Energibesparelsesprojekter, LED-pulje 2025,
    anlægsbevilling")."""
    words, others = title_words(title), title_words(other)
    if not words or not others:
        return not words and not others
    return len(words & others) >= 0.5 * min(len(words), len(others))


def _concluding(ids: Sequence[str], facts: Mapping[str, ItemFacts], has_decision: Mapping[str, bool],
                order: TreatmentOrder) -> str:
    """The treatment that concluded the round of the best-ranked one (`ids[0]`), or that one itself."""
    first = facts[ids[0]]
    later = [i for i in ids[1:] if has_decision.get(i, False)
             and 0 <= (facts[i].date - first.date).days <= ROUND_DAYS]
    if order is TreatmentOrder.FINAL:
        councils = [i for i in later if is_council(facts[i].committee)]
        if is_council(first.committee):
            # The council's reading at a later meeting of the same round decides (a budget's 2nd reading after its
            # 1st); another item of the same meeting is no later word.
            readings = [i for i in councils if facts[i].date > first.date]
            return max(readings, key=lambda i: facts[i].date) if readings else ids[0]
        return min(councils, key=lambda i: facts[i].date) if councils else ids[0]
    return max(later, key=lambda i: facts[i].date) if later else ids[0]
