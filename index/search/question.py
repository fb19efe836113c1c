"""The one interpretation of a Danish question, made once and used by retrieval and answers alike: what kind of
answer it asks for (a decision, a fact, yes or no, a summary, a case history) and where to look — a committee ("ØU",
"Kultur- og Fritidsudvalget"), a period ("i marts 2024", "sidste år", "efter valget"; read in periods.py) and case
numbers. Pure functions; `today` is passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache

from index.search.analysis import codes
from index.search.periods import YEAR_WORD, Period, Span, read_period
from index.search.treatments import is_council


class QuestionKind(StrEnum):
    DECISION = "decision"
    # "Blev …?", "Skal …?": answered by the decision, with the one sentence of the item that bears most on it.
    YES_NO = "yes_no"
    FACTUAL = "factual"
    # "Hvad handler sag 24-005026 om?": answered by the item's summary.
    SUMMARY = "summary"
    HISTORY = "history"
    # "Hvad skete der på mødet den 23. juni 2021?": answered by the meeting's items with their decisions.
    MEETING = "meeting"


class AnswerType(StrEnum):
    """What the answer must hold: the value a quote has to contain, next to the question's topic terms."""

    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    PLACE = "place"
    YES_NO = "yes_no"
    LIST = "list"
    DECISION = "decision"
    RECOMMENDATION = "recommendation"
    # What something is or is about: no particular value.
    TEXT = "text"


_DECISION_WORDS = re.compile(
    r"\b(beslut\w*|vedt[ao]\w*|godkend\w*|afgør\w*|bevilg\w*|tiltr[åa]\w*|afvis\w*|anbefal\w*|stemte|vedtagelse|"
    r"indstilling\w*|indstille\w*|skete|sagde|svarede|udfald\w*|afstemning\w*|endte|mente|syntes)\b",
    re.IGNORECASE)
_HISTORY_WORDS = re.compile(r"\b(forløb|historik|behandlet|behandling(?:en|er)? gennem|gennem udvalgene|hvilke "
                            r"udvalg|tidligere behandl\w*|sagsforløb)\b", re.IGNORECASE)
_SUMMARY_QUESTION = re.compile(r"\bhandler\b.*\bom\s*\??\s*$|\bhvad går\b.*\bud på\b|^\s*hvad er sag(?:en)?\b",
                               re.IGNORECASE)
_QUESTION_WORD_FIRST = re.compile(r"^\W*(?:hv\w+|med hvilke\w*|i hvilke\w*|til hvad|fra hvornår|siden hvornår)\b",
                                  re.IGNORECASE)
# "Hvad skete der på mødet …", "Hvad stod på dagsordenen …": the whole meeting, unless a topic follows ("… om X").
_MEETING_OVERVIEW = re.compile(
    r"^\W*(?:hvad skete der|hvad blev (?:der )?(?:behandlet|besluttet|drøftet)|hvad (?:stod|var) (?:der )?på|hvilke "
    r"(?:punkter|sager)|hvad handlede)\b(?:(?!\bom\b).)*\b(?:møde(?:t|rne)?|dagsorden(?:en)?|programmet)\b"
    r"(?:(?!\bom\b).)*$", re.IGNORECASE)
# The words of a question that asks only what a dated meeting dealt with, once its committee and day are taken out
# ("Hvad behandlede Social- og Handicapudvalget på mødet den 10. oktober 2022?", "Hvilke sager var oppe i udvalget
# den 7. oktober?"): a question with any other word has a topic of its own.
_OVERVIEW_TEXT = ("hvad hvilke hvilken hvilket der var blev er har havde på i den d til ved af sager sag punkter punkt "
                  "emner oppe behandlet behandlede behandler drøftet drøftede besluttet besluttede skete sket mødet "
                  "møde mødets dagsorden dagsordenen programmet stod står handlede egentlig så sit sin sine deres")
_OVERVIEW_WORDS = frozenset(_OVERVIEW_TEXT.split())
# Wording that decides the kind of answer, checked in this order: a meeting, a case history, a summary, a decision.
_KINDS_BY_WORDING = ((_MEETING_OVERVIEW, QuestionKind.MEETING), (_HISTORY_WORDS, QuestionKind.HISTORY),
                     (_SUMMARY_QUESTION, QuestionKind.SUMMARY), (_DECISION_WORDS, QuestionKind.DECISION))
# "Hvor" before a word of degree asks how much, how often or how soon, not where ("hvor tit", "hvor hurtigt", "hvor
# gammel").
DEGREE_PATTERN = (r"(?:mange|meget|stor\w*|høj\w*|lav\w*|lang\w*|længe|ofte|tit|hurtig[te]?|gammel|gamle|dyr[te]?|"
                  r"billig[te]?|tidlig[te]?|sent|bred[te]?|dyb[te]?|tung[te]?)")
# A price named in its definite form asks for the sum ("timeprisen", "taksten", "gebyret"): a closed list of
# compounds, since "entreprisen" is no price and "kulturprisen" an award.
PRICE_PATTERN = r"(?:time|enheds|kvadratmeter|kilometer|salgs|billet|leje|grund|stk|kilo|liter|dag|måneds)?prisen"
# Wording that names the value asked for, the first match wins; a question that names none asks for the decision
# (decision questions), yes or no, or a text.
_ANSWER_TYPES_BY_WORDING = (
    (re.compile(r"\bsagsbehandler\w*|^\W*(?:og\s+)?hvem\b|\bhvilken (?:person|borgmester|formand|næstformand)\b|"
                r"\bhvad hedder\b|\bhvilke[nt]? (?:samarbejds)?(?:partner|leverandør|firma|virksomhed|forening|"
                r"organisation|person|politiker|parti|aktør|rådgiver)(?:e|er|en|et|ne|erne)?\b",
                re.IGNORECASE), AnswerType.NAME),
    (re.compile(rf"\bhvor {DEGREE_PATTERN}\b|\bprocent\w*|\w+procent\w*|"
                r"\bantal\w*|\bspare[rs]?\b|\bsparede\b|\bbesparelse\w*|\bkoste\w*|\bbeløb\w*|\bpris\b|"
                r"\bhvilket (?:tal|beløb|nummer)\b|\bsats\w*|"
                r"\bhvilken (?:placering|plads)\b", re.IGNORECASE),
     AnswerType.NUMBER),
    (re.compile(r"\bhvornår\b|\bhvilken dato\b|\bfra hvilken dag\b|\bhvilket år\b", re.IGNORECASE), AnswerType.DATE),
    # After "hvornår": "Hvornår stiger taksten?" asks when.
    (re.compile(rf"\b{PRICE_PATTERN}\b|\w*taksten\b|\w*gebyret\b", re.IGNORECASE), AnswerType.NUMBER),
    (re.compile(rf"^\W*(?:og\s+)?hvor\b(?!\s+(?:{DEGREE_PATTERN}|godt)\b)|\bhvilken adresse\b|"
                r"\bhvilket sted\b|\bhvilken by\b", re.IGNORECASE), AnswerType.PLACE),
    (re.compile(r"\banbefal\w*|\bforeslog\b|\bforeslå\w*|\bindstill\w*|\bforslag\w*|\bville\b.*\bhave\b",
                re.IGNORECASE), AnswerType.RECOMMENDATION),
    (re.compile(r"^\W*hvilke\b|\bhvad er (?:der )?(?:af )?problemer\w*", re.IGNORECASE), AnswerType.LIST),
)
_ANSWER_TYPE_BY_KIND = {QuestionKind.DECISION: AnswerType.DECISION, QuestionKind.YES_NO: AnswerType.YES_NO,
                        QuestionKind.MEETING: AnswerType.LIST, QuestionKind.HISTORY: AnswerType.DECISION}
# A second turn that leans on the first: it opens with "Og …", "Men …", "Hvad med …", "Også …" or "Samme …".
# Or a short question that ends on a pronoun for the thing just talked about ("Hvor lang tid tager det?", "Hvem
# betaler for den?"), or one that opens with a preposition before its question word ("I hvilken periode af året?",
# "Fra hvornår?").
_FOLLOW_UP = re.compile(r"^\W*(?:og|men|så|hvad med|hvad så med|også|samme|hvad med dem|dem)\b|"
                        r"^\W*(?:[\w'-]+\s+){1,5}(?:det|den|dem|dette|denne)\W*$|"
                        r"^\W*(?:i|fra|til|med|for|på|efter|indtil)\s+hv\w+\b(?:\W+\w+){0,4}\W*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Question:
    """A question as asked, and what it says: the kind of answer it wants and where to look."""

    text: str
    kind: QuestionKind
    committee: str | None = None
    period: Period | None = None
    # A month named without a year ("i marts").
    month: int | None = None
    # Codes typed in the question ("22-011409", "EMN-2025-003383"), compared case- and space-insensitively; for a
    # follow-up also the case the previous turn was answered from.
    case_numbers: frozenset[str] = frozenset()
    answer_type: AnswerType = AnswerType.TEXT
    # A municipality the question names ("i Greve", "Aarhus"): its items are lifted, never the only ones searched.
    municipality: str | None = None
    # The words the question is about: its text without the committee and the meeting's date it names.
    topic: str = ""
    # For a follow-up, the topic of the turn before ("Og kirkeskatten?" after "Hvad blev udskrivningsprocenten …?").
    context: str = ""
    # Years that are part of the topic, not the meeting's date ("budget 2025", "mødekalender for 2023").
    years: frozenset[int] = frozenset()
    # The clause that asks, where the text holds more: a preamble before it ("Jeg kører tit ad X, hvor længe …?") or,
    # for a follow-up, the turn before after it. Its words tell the answer's sentence; the rest only finds the item.
    asked: str = ""
    # The text with the words the corpus does not know replaced by its nearest words ("faglærete" → "faglærte"), set
    # where the corpus is known (the engine); empty when nothing was replaced. The answer weighs the item's coverage
    # of it beside the text as typed.
    spelled: str = ""
    # The questions a text asks when it asks more than one ("Hvor mange penge er der sat af til asfalt, og hvor stor
    # en del betaler fjernvarmen?"): the answer quotes a sentence for each.
    clauses: tuple[str, ...] = ()

    def has_scope(self) -> bool:
        """Whether the question names what lifts items (retrieval's boosts): a case number, committee, period,
        month, municipality or topic year."""
        return bool(self.case_numbers or self.committee or self.period or self.month or self.municipality
                    or self.years)

    @property
    def search_text(self) -> str:
        """What retrieval searches for: the topic (the text where none was read) and a follow-up's context."""
        return " ".join(part for part in (self.topic or self.text, self.context) if part.strip())


@lru_cache(maxsize=4096)
def committee_aliases(committee: str) -> frozenset[str]:
    """Ways people write a committee: its name, without "-udvalget"/year spans, and its initials (ØU, KTM, SBUU).
    Remembered: every question is read against every committee of the index."""
    name = re.sub(r"\s+\d{4}\s*-\s*\d{4}$", "", committee.strip().lstrip(".")).strip()
    lowered = name.casefold()
    aliases = {lowered}
    # "byrådet" is the council itself, never the published list of questions to it (".Spørgsmål / Svar til Byrådet").
    if is_council(committee):
        aliases |= {"byrådet", "byråd", "kommunalbestyrelsen"}
    parts = [p for p in re.split(r"[\s,/-]+", name) if p and p.casefold() not in {"og", "/"}]
    if len(parts) >= 1 and lowered.endswith(("udvalget", "udvalg")):
        initials = "".join(p[0] for p in parts).upper()
        aliases |= {initials.casefold(), (initials + "U").casefold()}
        if len(parts) == 1:
            aliases.add(re.sub(r"udvalg(et)?$", "", lowered) + "udvalget")
    return frozenset(a for a in aliases if len(a) >= 2)


def _loose(alias: str) -> str:
    """An alias as a pattern that takes it typed without the hyphen of a shared word ("plan og tryghedsudvalget" for
    "Plan- og Tryghedsudvalget")."""
    return re.escape(alias).replace(r"\-\ ", r"-?\ ")


@lru_cache(maxsize=4096)
def _alias_patterns(committee: str) -> tuple[tuple[int, re.Pattern[str], bool], ...]:
    """Each alias of the committee as its length, its pattern and whether the pattern reads the question as typed
    (initials, whole upper-case words) rather than case-folded; compiled once per committee, not per question."""
    patterns = []
    for alias in committee_aliases(committee):
        if len(alias) <= 4 and alias.isalpha():
            patterns.append((len(alias), re.compile(rf"(?<![\wÆØÅæøå]){re.escape(alias.upper())}(?![\wÆØÅæøå])"),
                             True))
        else:
            patterns.append((len(alias), re.compile(rf"(?<![\wæøå]){_loose(alias)}"), False))
    return tuple(patterns)


def find_committee(question: str, committees: Iterable[str], municipalities: Iterable[str] = ()) -> str | None:
    """The committee a question names, longest match first; initials only as whole upper-case words. Of committees
    named alike ("byrådet": "Byråd 2022-2025", "Aarhus Byråd"), one whose name holds a municipality the question
    does not name comes last."""
    lowered = question.casefold()
    others = [m.casefold() for m in municipalities if find_municipality(question, [m]) is None]
    best: tuple[int, bool, str] | None = None
    for committee in committees:
        elsewhere = any(m and m in committee.casefold() for m in others)
        for length, pattern, as_typed in _alias_patterns(committee):
            hit = pattern.search(question if as_typed else lowered)
            if hit and (best is None or (length, not elsewhere) > (best[0], best[1])):
                best = (length, not elsewhere, committee)
    return best[2] if best else None


def _committee_spans(question: str, committee: str | None) -> tuple[Span, ...]:
    if committee is None:
        return ()
    lowered = question.casefold()
    return tuple(m.span() for alias in committee_aliases(committee)
                 for m in re.finditer(rf"(?<![\wæøå]){_loose(alias)}(?:s|e?ts)?(?![\wæøå])", lowered))


def topic_text(question: str, spans: Iterable[Span]) -> str:
    """The question without the spans that only say where to look (the committee, the meeting's date)."""
    text = question
    for start, end in sorted(set(spans), reverse=True):
        text = f"{text[:start]} {text[end:]}"
    return " ".join(text.split())


def find_municipality(question: str, municipalities: Iterable[str]) -> str | None:
    """The municipality a question names ("i Greve", "Århus"), as a whole word in any case."""
    folded = question.casefold().replace("å", "aa")
    for name in municipalities:
        short = name.casefold().removesuffix(" kommune").strip().replace("å", "aa")
        if short and re.search(rf"(?<![\wæø]){re.escape(short)}(?![\wæø])", folded):
            return name
    return None


def find_case_numbers(question: str) -> frozenset[str]:
    return frozenset(code for code in codes(question) if re.search(r"\d.*[-./].*\d", code))


# "Og …", "Men …" before the question word of a follow-up that asks a question of its own ("Og hvem …?"); "Og hvad
# med X?" stays elliptic: it asks what the turn before asked.
_LEAD_IN = re.compile(r"^\W*(?:og|men|så)\s+(?!hvad (?:så )?med\b)", re.IGNORECASE)
# A question asked after a preamble ("Jeg kører tit ad X, hvor længe bliver vejen lukket …?"): the clause from its
# question word on is what is asked.
_SENTENCE_END = re.compile(r"[.!?;:]\s+")
# The question words a clause that asks opens with (after an optional "og").
_CLAUSE_QUESTION_WORD = r"hv(?:ad|em|or|ornår|ordan|orfor|ilke[nt]?)\b"
_ASKED_CLAUSE = re.compile(rf"(?:[,.;:!?]|\s[-–—])\s+(?=(?:og\s+)?{_CLAUSE_QUESTION_WORD})", re.IGNORECASE)
# Value questions whose topic holds a decision word ("Hvor mange anbefalinger …?", "Hvor meget blev bevilget …?"):
# the value is the answer, not the decision.
# "Hvor mange stemte for …?": the count is the decision's vote, quoted with the decision.
_VOTES = re.compile(r"\bstem(?:te|mer|mes|merne|mede)\b", re.IGNORECASE)
_VALUE_FIRST = re.compile(r"^\W*hvor (?:mange|meget|længe|stor\w*|høj\w*|lang\w*)\b", re.IGNORECASE)


def asked_clause(question: str) -> str:
    """The part of the question that asks: without an "Og"/"Men" lead-in, and after a preamble that ends in a comma,
    a dash or a full stop before a question word."""
    if not _QUESTION_WORD_FIRST.match(question):
        splits = list(_ASKED_CLAUSE.finditer(question))
        if splits:
            # The first question of the last sentence: a later ", hvor …" is its indirect question ("… – hvad
            # besluttede de om, hvor højt der må bygges?"), not the question itself.
            sentence = max((m.end() for m in _SENTENCE_END.finditer(question, 0, splits[-1].end())), default=0)
            question = question[next(m.end() for m in splits if m.end() >= sentence):]
    return _LEAD_IN.sub("", question, count=1)


def classify_question(question: str) -> QuestionKind:
    asked = asked_clause(question)
    for pattern, kind in _KINDS_BY_WORDING:
        if pattern.search(question):
            if kind is QuestionKind.DECISION and _VALUE_FIRST.match(asked) and not _VOTES.search(question):
                return QuestionKind.FACTUAL
            return kind
    # Danish yes/no questions open with the verb ("Blev …", "Skal …"); all others with a question word.
    return QuestionKind.FACTUAL if _QUESTION_WORD_FIRST.match(asked) else QuestionKind.YES_NO


def find_answer_type(question: str, kind: QuestionKind) -> AnswerType:
    """The value the question asks for: named by its wording ("hvor mange", "hvornår", "hvem"), or else by its kind."""
    asked = asked_clause(question)
    for pattern, answer_type in _ANSWER_TYPES_BY_WORDING:
        if pattern.search(asked):
            return answer_type
    return _ANSWER_TYPE_BY_KIND.get(kind, AnswerType.TEXT)


def interpret(text: str, committees: Iterable[str], today: date, municipalities: Iterable[str] = ()) -> Question:
    """The question's kind and scope; `committees` and `municipalities` are the indexed names it may refer to."""
    committee = find_committee(text, committees, municipalities)
    period, month, date_spans = read_period(text, today, committee is not None)
    kind = classify_question(text)
    one_day = period is not None and period.start == period.end
    if kind is QuestionKind.MEETING and not one_day:
        kind = QuestionKind.DECISION  # "Hvad skete der på mødet om X?" names no meeting to list
    topic = topic_text(text, (*date_spans, *_committee_spans(text, committee)))
    if one_day and committee is not None and asks_only_overview(topic):
        kind = QuestionKind.MEETING
    return Question(text, kind, committee=committee, period=period, month=month,
                    case_numbers=find_case_numbers(text), answer_type=find_answer_type(text, kind),
                    municipality=find_municipality(text, municipalities), topic=topic, years=topic_years(topic),
                    asked=_asked_part(text), clauses=asked_clauses(text))


def asks_only_overview(topic: str) -> bool:
    """Whether a question's topic (its text without committee and date) asks only what the meeting dealt with."""
    words = re.findall(r"[^\W\d_]+", topic.lower())
    return bool(words) and all(word in _OVERVIEW_WORDS for word in words)


# A second question in the same text: after ", og" or a question mark, from its question word on ("…, og hos hvilken
# fond?"). Not after a bare comma, where "hvor" and "hvad" mostly begin a relative clause ("skolen, hvor …").
_NEXT_QUESTION = re.compile(r"(?:,\s+og|\?)\s+(?=(?:og\s+)?(?:(?:hos|til|fra|med|i|på|af|for|om|ved)\s+)?"
                            rf"{_CLAUSE_QUESTION_WORD})", re.IGNORECASE)


def asked_clauses(question: str) -> tuple[str, ...]:
    """The questions the text asks, when it asks more than one: it opens with a question word, and a later clause
    opens with one too after ", og" or a question mark; () for a text that asks one."""
    parts = _NEXT_QUESTION.split(question)
    if len(parts) < 2 or not _QUESTION_WORD_FIRST.match(parts[0]):
        return ()
    return tuple(_LEAD_IN.sub("", part, count=1).strip() for part in parts)


def _asked_part(text: str) -> str:
    """The asked clause when a preamble comes before it, else "" (the whole text asks)."""
    asked = asked_clause(text)
    return asked if len(asked) < len(text) - 4 else ""


def topic_years(topic: str) -> frozenset[int]:
    """The years a question's topic names ("budget 2025", "gebyret for 2024"); a case number's digits are not."""
    return frozenset(int(m.group(0)) for m in re.finditer(rf"(?<![\w./-]){YEAR_WORD}(?![\w./])", topic))


def is_follow_up(text: str) -> bool:
    """Whether a question leans on the turn before it ("Og for hele landet?", "Hvad med Økonomiudvalget?")."""
    return bool(_FOLLOW_UP.match(text))


def follow_up(question: Question, previous: Question) -> Question:
    """The follow-up with the committee, period and case of the previous turn, where it names none of its own. An
    elliptic one ("Og for hele landet?", read as yes/no because it opens with no question word) asks what the previous
    turn asked, unless its wording names a value of its own ("Og fra hvornår?" asks for a date). One that leans on the
    previous turn ("Og …", "Hvad med …") is searched and answered with that turn's words after its own: "Og fra
    hvornår?" has no topic words of its own."""
    own_period = question.period is not None or question.month is not None
    if is_follow_up(question.text):
        if question.kind is QuestionKind.YES_NO:
            asked = previous.answer_type if question.answer_type is AnswerType.YES_NO else question.answer_type
            question = replace(question, kind=previous.kind, answer_type=asked)
        question = replace(question, text=f"{question.text} {previous.text}", asked=question.asked or question.text,
                           spelled=f"{question.spelled} {previous.text}" if question.spelled else "")
    return replace(question, committee=question.committee or previous.committee,
                   period=question.period if own_period else previous.period,
                   month=question.month if own_period else previous.month,
                   case_numbers=question.case_numbers or previous.case_numbers,
                   municipality=question.municipality or previous.municipality,
                   context=previous.topic or previous.text)


def unscoped(text: str) -> Question:
    """A query taken as plain words, with no committee, period or case number read into it (an item's title)."""
    kind = classify_question(text)
    return Question(text, kind, answer_type=find_answer_type(text, kind))
