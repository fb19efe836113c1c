"""Everyday Danish → the words minutes use for the same thing ("arbejdsløse" → "ledighed"). Data, not rules: one row
per everyday phrase. Retrieval searches the minutes' words beside the question's own; the answer's coverage check
tries the question with the minutes' words in place of the everyday ones and keeps whichever variant the items cover
better, so an item that does use the everyday word loses nothing. Pure functions."""

from __future__ import annotations

import re

# (everyday phrase as a regular expression over the lower-cased question, the minutes' words for it). Written from
# the wording of the dev questions' failures, the words the indexed minutes use and the names municipal services go by;
# each row must stay general (no case- or municipality-specific words).
EVERYDAY_WORDS: tuple[tuple[str, str], ...] = (
    (r"arbejdsløs\w*|jobløs\w*|uden (?:et )?arbejde", "bruttoledighed ledighed"),
    (r"bus(?:ser|serne|sen)?\b|busruter?\w*", "busdrift busbetjening"),
    (r"lære dansk|dansk ?undervisning|sprogskole\w*", "danskuddannelse"),
    (r"udlændinge\w*|indvandrere\w*", "udlændinge flygtninge"),
    (r"syge ?meldt\w*|syge ?melding\w*", "sygedagpenge sygemeldte"),
    (r"skære\w* (?:ned|i)\b|skåret (?:ned )?i\b|nedskæring\w*|spare\w* på", "besparelser"),
    # Old people, not old things ("gamle lamper" are not "ældre").
    (r"\bde gamle\b|gamle (?:mennesker|folk|borgere)\b|pensionister", "ældre"),
    (r"møder holder\b|holde\w* (?:\w+ )?møder\b|mødedatoer|hvornår mødes", "afholdes møder mødeplan"),
    (r"plejehjem\w*", "plejecentre plejeboliger"),
    (r"snyd\w*|svindel\w*|snyde\w*", "bedrageri kontrol"),
    (r"sosu\w*", "social- og sundhedsmedarbejdere"),
    (r"gratis\b", "betalingsfri vederlagsfri"),
    (r"foreslog|foreslået|foreslår", "forslag"),
    (r"gave(?:n|r|rne)?\b", "donation"),
    # Municipal services and terms as citizens name them.
    (r"hjemløs\w*|uden (?:et )?(?:sted|tag over hovedet|bolig) at bo|uden (?:fast )?bopæl", "hjemløse hjemløshed"),
    (r"spørgsmål til (?:politikerne|byrådet)|spørge politikerne", "spørgetid spørgetiden"),
    (r"sjældnere|færre afgange|køre\w* mindre", "frekvens"),
    (r"\w*understøttelse\w*|a-kasse\w*", "dagpenge forsikrede ledige"),
    (r"drivhusgas\w*|co2\b|klimagas\w*", "co2e udledning"),
    (r"(?:mere|bedre|mindre) lys\b|\blys i\b|gadelys\w*|gadelamper?\w*", "belysning"),
    (r"i stedet for (?:ham|hende|ham eller hende)|vikarie\w* for", "stedfortræder"),
    (r"dagligvarer\w*|hjælp til at handle|indkøb\b", "indkøbsordning levering af dagligvarer"),
    (r"børnehave\w*|vuggestue\w*|dagpleje\w*", "dagtilbud daginstitutioner"),
    (r"skrald\w*|affaldsspand\w*", "affald renovation"),
    (r"kloak\w*", "spildevand"),
    (r"ejendomsskat\w*|boligskat\w*", "grundskyld"),
    (r"kommuneskat\w*|skatten\b", "udskrivningsprocent skatteprocent"),
    (r"handicappede\w*", "handicap borgere med handicap"),
    # Parties by their initials, as minutes also write them in full.
    (r"sf\b", "socialistisk folkeparti"),
    (r"df\b", "dansk folkeparti"),
)
def _compiled(table: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A table of (pattern at a word start, value), its patterns compiled once."""
    return tuple((re.compile(rf"\b(?:{pattern})", re.IGNORECASE), value) for pattern, value in table)


def _found(table: tuple[tuple[re.Pattern[str], str], ...], text: str) -> list[str]:
    """The values of the table's rows whose pattern occurs in the text, in table order."""
    return [value for pattern, value in table if pattern.search(text)]


_PATTERNS = _compiled(EVERYDAY_WORDS)


def minutes_words(question: str) -> list[str]:
    """The minutes' words for the everyday phrases in the question, in table order."""
    return _found(_PATTERNS, question)


# Parties by name → the letter minutes put in brackets after a vote or a proposal ("Imod stemte: (Ø)"). Not searched
# for (one letter finds too much, and the name would count twice): only a named proposer is found by it.
PARTY_LETTERS: tuple[tuple[str, str], ...] = (
    (r"enhedslisten\w*", "ø"),
    (r"socialdemokrat\w*", "a"),
    (r"venstres?\b", "v"),
    (r"(?:det )?konservative\w*", "c"),
    (r"sf\b|socialistisk folkeparti\w*", "f"),
    (r"dansk folkeparti\w*|df\b", "o"),
    (r"radikale\w*", "b"),
    (r"liberal alliance\w*", "i"),
    (r"nye borgerlige\w*", "d"),
    (r"danmarksdemokrat\w*", "æ"),
    (r"moderaterne\w*", "m"),
    (r"alternativet\w*", "å"),
)
_PARTIES = _compiled(PARTY_LETTERS)


def party_letters(text: str) -> list[str]:
    """The letters of the parties the text names by name ("Enhedslisten" → "ø")."""
    return _found(_PARTIES, text)


def expanded(question: str) -> str:
    """The question with the minutes' words added (for searching: both wordings count)."""
    extra = minutes_words(question)
    return f"{question} {' '.join(extra)}" if extra else question


def reworded(question: str) -> str | None:
    """The question with each everyday phrase replaced by the minutes' words, or None when it has none."""
    text = question
    for pattern, words in _PATTERNS:
        text = pattern.sub(words, text)
    return text if text != question else None
