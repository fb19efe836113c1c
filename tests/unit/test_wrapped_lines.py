"""Reading an item's sentences: PDF line breaks inside sentences joined and sentence ends found from the break, as the
look-behind patterns they replace did (those tried every character)."""

from __future__ import annotations

import random
import re

from index.answers import sentences
from index.answers.sentences import join_wrapped_lines, split_at_sentence_ends, split_sentences, values_blanker

# The pattern join_wrapped_lines replaced (slow: it looks behind at every character).
WRAPPED_LINE = re.compile(r"(?<=[^.!?:;\s])[ \t]*\n[ \t]*(?=[a-zæøå])")


def test_a_line_that_does_not_end_a_sentence_continues_on_the_next() -> None:
    text = "Byrådet godkendte \n  forslaget om\nudvidelse.\nNæste punkt:\nvedtaget"
    assert join_wrapped_lines(text) == "Byrådet godkendte forslaget om udvidelse.\nNæste punkt:\nvedtaget"


def test_joining_is_what_the_look_behind_pattern_did() -> None:
    pick = random.Random(7)
    alphabet = " \t\n\r.a!Bæ:;x\u00a0\u2028"
    for _ in range(20_000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 14)))
        assert join_wrapped_lines(text) == WRAPPED_LINE.sub(" ", text), repr(text)


def test_a_block_without_a_sentence_end_is_one_sentence() -> None:
    assert split_sentences("Udvalget anbefaler at\nsagen sendes videre") == [
        "Udvalget anbefaler at sagen sendes videre"]
    assert split_sentences("Godkendt jf. pkt. 3. Sagen lukkes.") == ["Godkendt jf. pkt. 3.", "Sagen lukkes."]


def test_splitting_at_sentence_ends_is_what_the_look_behind_pattern_did() -> None:
    old = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"«(])")
    pick = random.Random(11)
    alphabet = " \n.!?aBÆ9\"«(x"
    for _ in range(20_000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 14)))
        assert split_at_sentence_ends(text) == old.split(text), repr(text)


def test_the_numbers_a_question_states_are_blanked_only_where_they_stand_alone() -> None:
    blank = values_blanker(frozenset({"2025", "18"}))
    assert blank("Valget i 2025 holdes den 18. november.") == "Valget i   holdes den  . november."
    assert blank("Puljen er på 20251 kr. og 1,18 mio.") == "Puljen er på 20251 kr. og 1,18 mio."
    assert values_blanker(frozenset())("i 2025") == "i 2025"


def test_the_longest_abbreviation_and_the_character_before_it_fit_the_searched_tail() -> None:
    alternatives = re.search(r"\(\?:(.*?)\)", sentences._ABBREVIATION_END.pattern)
    assert alternatives is not None
    longest = max(len(a.replace("\\.", ".")) for a in alternatives.group(1).split("|"))
    assert longest == 5 and longest + 2 <= sentences._ABBREVIATION_TAIL  # "f.eks" + "." + the character before
