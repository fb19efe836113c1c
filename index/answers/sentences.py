"""An item's text as sentences, ranked by how much of the question's topic they cover and by the shape of the
answer the question asks for (a date, a number, a name)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.answers.types import Quote
from index.search.analysis import Vocabulary
from index.search.question import PRICE_PATTERN, AnswerType
from ingest.model import AgendaItem
from referat.danish import MONTH_NAMES, MONTH_PATTERN

TITLE_TERM_WEIGHT = 0.3

_DATE_IN_TEXT = re.compile(r"\b\d{1,2}\.\s*(?:" + "|".join(MONTH_NAMES) + r")\b|\b\d{1,2}/\d{1,2}\b|\b(?:19|20)\d\d\b",
                           re.IGNORECASE)
_ABBREVIATION_END = re.compile(r"\b(?:kr|jf|pkt|nr|ca|mio|mia|stk|bl\.a|f\.eks|inkl|evt|dvs|mv|m\.v|kl)\.$",
                               re.IGNORECASE)

# When, and nothing else: the label of a line in a schedule ("Sommer 2024.", "Ultimo 2024/Primo 2025.", "Oktober
# 2023.").
_TIME_LABEL = re.compile(r"^(?:(?:primo|medio|ultimo|forår(?:et)?|sommer(?:en)?|efterår(?:et)?|vinter(?:en)?|"
                         + "|".join(MONTH_NAMES) + r")\.?\s*(?:(?:19|20)\d\d)?\s*[/-]?\s*)+\.$",
                         re.IGNORECASE)

Shape = Callable[[str], float]

# Compiled once: every item an answer reads for the first time is split with these.
# A line break (with the blanks around it) before a word in lower case; joined unless what comes before it ends a
# sentence. Found from the break itself: a pattern that looks behind at every character costs a quarter of reading
# an item.
_BREAK_BEFORE_LOWER = re.compile(r"\n[ \t]*(?=[a-zæøå])")
_NOT_CONTINUED = frozenset(".!?:;")
_LINES = re.compile(r"\n+")
# The blanks after a sentence's end, before what starts a sentence: found from the full stop (a pattern that looks
# behind at every character is slow).
_SENTENCE_BREAK = re.compile(r"[.!?](\s+)(?=[A-ZÆØÅ0-9\"«(])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# The longest abbreviation with its full stop ("f.eks.") and the character before it fit in this many characters:
# the end of a sentence is searched, not all of it.
_ABBREVIATION_TAIL = 10


def join_wrapped_lines(text: str) -> str:
    """PDF exports break lines inside sentences; a line that does not end a sentence and is followed by one that
    starts in lower case continues on it."""
    if "\n" not in text:
        return text
    pieces: list[str] = []
    kept = 0
    for found in _BREAK_BEFORE_LOWER.finditer(text):
        start = found.start()
        while start > kept and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] in _NOT_CONTINUED or text[start - 1].isspace():
            continue
        pieces += [text[kept:start], " "]
        kept = found.end()
    return "".join([*pieces, text[kept:]]) if pieces else text


def split_at_sentence_ends(block: str) -> list[str]:
    """The block split at the blanks after ".", "!" or "?" that come before a capital, a digit, a quote or a
    parenthesis."""
    parts: list[str] = []
    kept = 0
    for found in _SENTENCE_BREAK.finditer(block):
        parts.append(block[kept:found.start(1)])
        kept = found.end(1)
    parts.append(block[kept:])
    return parts


def split_sentences(text: str) -> list[str]:
    """Sentences and list lines, never crossing a paragraph; Danish abbreviations ("kr.", "jf.", "pkt.") kept whole."""
    sentences: list[str] = []
    joined = join_wrapped_lines(text)
    for block in _LINES.split(joined) if "\n" in joined else [joined]:
        block = block.strip()
        parts = split_at_sentence_ends(block)
        merged: list[str] = []
        for part in parts:
            # A time label that only heads the line of a schedule ("Sommer 2024. Villa Sitka sælges") stays with it.
            if merged and (_ABBREVIATION_END.search(merged[-1][-_ABBREVIATION_TAIL:])
                           or _TIME_LABEL.match(merged[-1])):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        sentences.extend(s.strip() for s in merged if len(s.strip()) > 2)
    return sentences


def some_number(sentence: str) -> float:
    """Numbers are often what a question asks for, even when it does not say so."""
    return 0.15 * bool(re.search(r"\d", sentence))


# A person or organisation: two capitalised words inside the sentence ("Det Danske Madhus", "Blå Kors"), or a name
# with a party letter anywhere ("Gert Bjerregaard (V), byrådsmedlem").
# Capitalised words, not headings in capitals ("INDSTILLING FRA MAGISTRATSAFDELINGEN").
_NAMED = re.compile(r"(?<=\w[\s,(])[A-ZÆØÅ][a-zæøå]\w*[ -](?:[A-ZÆØÅ][a-zæøå]|\d)\w*|"
                    r"\b[A-ZÆØÅ][a-zæøå]\w*(?: [A-ZÆØÅ][a-zæøå][\w-]*)+ \([A-ZÆØÅ]{1,2}\d?\)")
# The municipality or its council is never who a question asks for ("… for Greve Kommunes ønsker …").
_NOT_A_NAME = re.compile(r"[ -](?:Kommunes?|Byråd(?:et|s)?)$")


# Who holds an office is named by it as often as by name ("det delegeres til rådmanden for Børn og Unge").
_OFFICE = re.compile(r"\b(?:rådmand|borgmester|viceborgmester|kommunaldirektør|direktør|udvalgsformand)(?:en|ens)?\b",
                     re.IGNORECASE)


def _names_someone(sentence: str) -> float:
    if any(not _NOT_A_NAME.search(m.group()) for m in _NAMED.finditer(sentence)):
        return 0.5
    return 0.3 if _OFFICE.search(sentence) else 0.0


def _names_a_date(sentence: str) -> float:
    return 0.5 * bool(_DATE_IN_TEXT.search(sentence))


def _states_an_amount(sentence: str) -> float:
    return 0.5 * bool(re.search(r"\d", sentence))


# A sum of money or a rate: a figure with its unit ("1.032.210 kr.", "0,960 mio. kr", "24,59 pct.", "3,3%").
_MONEY = re.compile(r"(?<![\d.,])\d[\d.,]*\s*(?:kr\b|kroner|mio\b|mia\b|millioner|milliarder|%|pct\b|procent)",
                    re.IGNORECASE)


def _a_figure_shaped(*shapes: re.Pattern[str]) -> Shape:
    """A sentence with a figure of one of these shapes beats a sentence with any other figure (a date, a point)."""
    def shaped(sentence: str) -> float:
        return 0.8 if any(p.search(sentence) for p in shapes) else 0.3 * bool(re.search(r"\d", sentence))
    return shaped


# For "Hvor stort et tilskud …", "Hvad koster …": a figure with its unit.
_states_a_sum = _a_figure_shaped(_MONEY)


_ADDRESS = re.compile(r"\b\w+(?:vej|gade|allé|plads|torv|stræde|park|have)\s+\d+\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+")


_PLACED = re.compile(r"\b(?:på|i|ved|til|fra)\s+([A-ZÆØÅ]\w+)")


def _names_a_place(sentence: str, known: frozenset[str] = frozenset()) -> float:
    """An address or a named place: "Rådhusvej 2" (a street and number, a postcode and town, the clearest), then
    "Hedebo", "Tune Skole" after a preposition of place — unless the question says the word itself ("… til
    Nytårskoncerten" is no place for "Hvor blev nytårskoncerten holdt?")."""
    if _ADDRESS.search(sentence):
        return 0.8
    return 0.5 * any(m.group(1).casefold() not in known for m in _PLACED.finditer(sentence))


def _place_shape(question: str) -> Shape:
    known = frozenset(re.findall(r"\w+", question.casefold()))
    return lambda sentence: _names_a_place(sentence, known)


# Small numbers are written as words in minutes ("ti fraktioner", "fem plejecentre"); "en"/"et" are articles too.
_NUMBER_WORDS = r"(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|femten|tyve|tredive|fyrre|halvtreds|hundrede)"
_MONEY_NOUNS = ("penge", "kroner", "kr")
# Words between "hvor mange" and the counted noun ("hvor mange ekstra vuggestuepladser").
_COUNT_ADJECTIVES = r"(?:ekstra|nye|flere|andre|yderligere|ledige|samlede|nuværende)"
_COUNTED = re.compile(rf"(?:\d[\d.,]*|\b{_NUMBER_WORDS})\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)
_DURATION_QUESTION = re.compile(r"\bhvor (?:længe|lang tid|hurtig[te]?)\b|\bvarighed\w*")
_DURATION = re.compile(rf"(?:\d[\d.,]*|\b{_NUMBER_WORDS})\s+(?:dage|døgn|uger|måneder|år|timer|minutter)\b",
                       re.IGNORECASE)
# How long something runs is also told by when it ends ("kontrakten løber til 1. november 2030").
# Not a bare "til": "Sagen udsættes til 3. juni 2025" says when, not how long; "løber fra … til …" does.
_UNTIL_DATE = re.compile(rf"\b(?:(?:løber|gælder|varer|frem)\b.{{0,40}}?\stil|indtil|udløber|ophører)\s+"
                         rf"(?:og med\s+|pr\.\s*)?(?:den\s+)?"
                         rf"(?:\d{{1,2}}\.\s*(?:{MONTH_PATTERN})\s+\d{{4}}\b|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b)",
                         re.IGNORECASE)


# For "hvor længe …", "hvor hurtigt …": a figure with a unit of time ("ca. 12 uger", "senest to måneder") or the date
# it lasts until.
_states_a_duration = _a_figure_shaped(_DURATION, _UNTIL_DATE)


_FREQUENCY_QUESTION = re.compile(r"\bhvor (?:tit|ofte)\b")
_FREQUENCY = re.compile(rf"(?:\d+|\b{_NUMBER_WORDS}|\ben)\s*(?:gange?|x)\b|\b(?:dagligt|ugentligt|månedligt|årligt)\b|"
                        r"\bkvartalsvis\b|"
                        r"\bhver[te]?\s+(?:\d+\.\s+|anden\s+|andet\s+)?(?:dag|uge|måned|år|kvartal|halvår)\b",
                        re.IGNORECASE)
# A periodic thing ("en halvårlig status", "den årlige opgørelse"): a frequency, but also just a name for a report.
_PERIODIC = re.compile(r"\b(?:dag|ugent|måned|kvartal|halvår|år)lig[te]?\b", re.IGNORECASE)


def _states_a_frequency(sentence: str) -> float:
    """For "hvor tit …", "hvor ofte …": how many times in a period ("to gange om dagen", "2 gange årligt", "hver 14.
    dag") beats a periodic thing ("halvårlig status"), which beats any other figure."""
    if _FREQUENCY.search(sentence):
        return 0.8
    return 0.5 if _PERIODIC.search(sentence) else 0.3 * bool(re.search(r"\d", sentence))


_SIZE_QUESTION = re.compile(r"\bhvor (?:stor\w*|høj\w*|lang[te]?|bred[te]?|dyb[te]?|tung[te]?)\b")
# A size with its unit ("20 x 60 m", "1.200 m2", "3 ha"); sums and shares are sizes too (see _MONEY).
_MEASURE = re.compile(r"(?<![\d.,])\d[\d.,]*\s*(?:x\s*\d[\d.,]*\s*)?(?:m2|m²|m3|m³|m|meter|km|kilometer|kvm|"
                      r"kvadratmeter|ha|hektar|ton|tons|liter|cm|mm)\b", re.IGNORECASE)


# For "hvor stor …", "hvor høj …": a figure with a unit of measure, money or a share.
_states_a_size = _a_figure_shaped(_MEASURE, _MONEY)


_RANK_QUESTION = re.compile(r"\bhvilken (?:placering|plads)\b|\bhvilket nummer\b")
# In a ranking, not any number ("bilag nr. 3", "lokalplan nr. 1.45"): "som nummer 18", "på en 18. plads", "nr. 18 ud
# af 98".
_RANK = re.compile(r"\b(?:som|på)\s+(?:en\s+)?(?:nr\.|nummer|plads)\s*\d+|\b\d+\.\s*plads(?:en)?\b|"
                   r"\b(?:nr\.|nummer)\s*\d+\s+(?:ud\s+)?af\s+\d+", re.IGNORECASE)


# For "hvilken placering fik …": a place in a ranking ("som nr. 18", "18. plads").
_states_a_rank = _a_figure_shaped(_RANK)


# Shapes named by the question's wording, tried in this order after a counted noun ("hvor mange borgere").
_SHAPES_BY_WORDING: tuple[tuple[re.Pattern[str], Shape], ...] = (
    (_FREQUENCY_QUESTION, _states_a_frequency), (_DURATION_QUESTION, _states_a_duration),
    (_RANK_QUESTION, _states_a_rank))


_AMOUNT_QUESTION = re.compile(
    r"\bhvor (?:meget|stor\w*|høj\w*|lang\w*|længe)\b|\bkoste\w*\b|\bpris\w*\b|\bbeløb\w*\b|\bgebyr\w*\b|\bbudget\w*\b|"
    r"\bbetale\w*\b|\bøkonomi\w*\b|\bhvilken placering\b|\bhvilken plads\b")
_MONEY_QUESTION = re.compile(
    rf"\bkoste\w*|\bpris\w*|\b{PRICE_PATTERN}\b|\bbeløb\w*|\w*gebyr\w*|\w*takst\w*|\bpenge\b|\btilskud\w*|"
    r"\bbevilg\w*|\bbevilling\w*|"
    r"\budgift\w*|\bindtægt\w*|\bspare\w*|\bbesparelse\w*|\bbetale\w*|\bleje\b|\bhusleje\w*|\bprocent\w*|"
    r"\w+procent\w*|\bhvor meget\b")
# The value asked for → the shape of sentence that holds it (numbers are handled with the counted noun below).
_SHAPES: dict[AnswerType, Shape] = {AnswerType.NAME: _names_someone, AnswerType.DATE: _names_a_date}
# Values an answer must quote: a sentence without one does not answer the question.
VALUE_TYPES = frozenset({AnswerType.NUMBER, AnswerType.DATE, AnswerType.NAME, AnswerType.PLACE})


def question_values(question: str) -> frozenset[str]:
    """The numbers a question states itself ("2021" in "i januar 2021", "3" in "3. kvartal"): topic, not answer."""
    return frozenset(re.findall(r"\d+(?:[.,]\d+)*", question))


def values_blanker(values: frozenset[str]) -> Callable[[str], str]:
    """What blanks the given numbers out of a sentence, so that they do not count as a value of the asked type; made
    once per question, since it runs over every sentence the answer weighs."""
    if not values:
        return lambda sentence: sentence
    pattern = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    compiled = re.compile(rf"(?<![\d.,])(?:{pattern})(?![\d]|[.,]\d)")

    def blank(sentence: str) -> str:
        # Most sentences hold none of the values: the pattern tried at every character finds nothing there.
        return compiled.sub(" ", sentence) if any(v in sentence for v in values) else sentence
    return blank


def _answer_shape(question: str, vocabulary: Vocabulary, answer_type: AnswerType) -> Shape:
    lowered = question.casefold()
    if shape := _SHAPES.get(answer_type):
        return shape
    if answer_type is AnswerType.PLACE:
        return _place_shape(question)
    counted = re.search(rf"\bhvor mange (?:{_COUNT_ADJECTIVES}\s+)?(\w+)", lowered)
    if counted and counted.group(1) in _MONEY_NOUNS:
        return _states_a_sum  # "hvor mange penge": a sum, not a count
    if counted:
        noun = set(vocabulary.terms(counted.group(1)))

        def count_bonus(sentence: str) -> float:
            # "hvor mange er arbejdsløse" names no noun ("er" is no term): any figure ("3,3%") is a count then. The
            # counted noun may follow an adjective or head a compound ("ti lovbundne affaldsfraktioner").
            followed = bool(noun) and any(noun <= set(vocabulary.terms(word))
                                          for pair in _COUNTED.findall(sentence) for word in pair if word)
            return 0.8 if followed else 0.4 * bool(re.search(r"\d", sentence))
        return count_bonus
    for wording, shape in _SHAPES_BY_WORDING:
        if wording.search(lowered):
            return shape
    if _MONEY_QUESTION.search(lowered):
        return _states_a_sum
    if _SIZE_QUESTION.search(lowered):
        return _states_a_size
    if answer_type is AnswerType.NUMBER or _AMOUNT_QUESTION.search(lowered):
        return _states_an_amount
    return some_number


# A capitalised word inside the question (not its first word): a name the question itself gives.
_QUESTION_NAME = re.compile(r"(?<=\s)[A-ZÆØÅ][a-zæøå]+(?:[ -][A-ZÆØÅ][a-zæøå]+)*")


def question_names(question: str) -> tuple[str, ...]:
    """The names a question gives itself ("… sammen med Viggo Jonasen?"): topic, not the name asked for."""
    return tuple(m.group() for m in _QUESTION_NAME.finditer(question))


def without_names(sentence: str, names: tuple[str, ...]) -> str:
    for name in names:
        sentence = sentence.replace(name, " ")
    return sentence


def _blanking_names(shape: Shape, names: tuple[str, ...]) -> Shape:
    return lambda sentence: shape(without_names(sentence, names))


def answer_shape(question: str, vocabulary: Vocabulary, answer_type: AnswerType = AnswerType.TEXT) -> Shape:
    """A bonus for sentences shaped like the answer the question asks for: a date for "hvornår", a name for "hvem",
    a number for "hvor mange/meget" and prices, a number with the counted noun for "hvor mange borgere". The numbers
    the question states itself are not the answer ("… i januar 2021 …" does not make every sentence dated 2021 one)."""
    shape = _answer_shape(question, vocabulary, answer_type)
    if answer_type is AnswerType.NAME and (names := question_names(question)):
        shape = _blanking_names(shape, names)
    values = question_values(question)
    if not values:
        return shape
    blank = values_blanker(values)
    return lambda sentence: shape(blank(sentence))


def _label(line: str) -> bool:
    """A short line that heads the lines under it ("Bruttoledighed:", "Sygedagpenge:")."""
    stripped = line.strip()
    return stripped.endswith(":") and 0 < len(stripped.split()) <= 6


def labelled_sentences(text: str) -> list[tuple[str, str | None]]:
    """Each sentence with the label it stands under within its paragraph, if any (a label is its own): a short line
    ending in a colon heads the lines after it, at the top of a paragraph ("Bruttoledighed:" over its rows) or inside
    one ("Stillet af:" over the proposer's name in a PDF export without blank lines)."""
    pairs: list[tuple[str, str | None]] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        label: str | None = None
        for sentence in split_sentences(paragraph):
            if _label(sentence):
                label = sentence
            elif sentence.isupper():
                label = None  # a heading in capitals ("INDSTILLING FRA …") ends what the label heads
            pairs.append((sentence, label))
    return pairs


def item_sentences(item: AgendaItem) -> list[Quote]:
    """The item's sentences in reading order, each with its section and label; bare labels and fragments of fewer
    than four words left out (they say nothing on their own)."""
    return [Quote(sentence, section.kind, label) for section in item.sections
            for sentence, label in labelled_sentences(section.text)
            if label != sentence and len(sentence.split()) >= 4]


@dataclass(frozen=True, slots=True)
class ReadSentence:
    """A sentence an answer may quote, with the terms of it and of the label it stands under."""

    quote: Quote
    terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class ItemSentences:
    """The sentences an item may be quoted by, with their terms, and the terms of its title. Depends only on the item
    and the vocabulary, so it is remembered per snapshot (index/answers/reading.py), not read for every question."""

    title_terms: frozenset[str]
    sentences: tuple[ReadSentence, ...]


def item_terms(item: AgendaItem, vocabulary: Vocabulary) -> frozenset[str]:
    """The terms of the item's title, case number and text: what the coverage of a question is counted in."""
    return frozenset(vocabulary.terms(f"{item.title}\n{item.case_number or ''}\n{item.text}"))


def read_sentences(item: AgendaItem, vocabulary: Vocabulary) -> ItemSentences:
    """The item's sentences with their terms, each once: a committee's decision repeated in the council's item is
    one sentence."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    for quote in item_sentences(item):
        if quote.text not in seen:
            seen.add(quote.text)
            quotes.append(quote)
    # A row's label names its topic ("Bruttoledighed:" over "Status april 2021: Herning 3,3%").
    analysed = vocabulary.terms_each([item.title, *(f"{quote.about or ''} {quote.text}" for quote in quotes)])
    sentences = tuple(ReadSentence(quote, frozenset(terms)) for quote, terms in zip(quotes, analysed[1:], strict=True))
    return ItemSentences(frozenset(analysed[0]), sentences)


def rank_sentences(weights: dict[str, float], read: ItemSentences,
                   shape: Shape | None = None) -> list[tuple[float, Quote]]:
    """Sentences of the item's sections by the topic weight they cover, best first."""
    shape = shape or some_number
    # Terms of the item's title are what every sentence of it is about; the answer is told apart by the others.
    weights = {t: w * (TITLE_TERM_WEIGHT if t in read.title_terms else 1.0) for t, w in weights.items()}
    ranked = []
    for sentence in read.sentences:
        score = sum(w for t, w in weights.items() if t in sentence.terms)
        if score > 0:
            # Short sentences that say the same win over long ones; the asked-for shape (a date, a number) wins.
            score *= 1 + shape(sentence.quote.text) - min(len(sentence.quote.text), 600) / 3000
            ranked.append((score, sentence.quote))
    return sorted(ranked, key=lambda pair: -pair[0])
