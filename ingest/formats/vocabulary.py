"""The Danish words and number forms every minutes format shares, named once: closed items, case and document
numbers, item numbering, meeting-header labels, attendance, tables of contents and page furniture.

Section headings ("Beslutning", "Indstilling", ...) live in ingest.sections, which every format calls.
"""

from __future__ import annotations

import re

from referat.danish import MONTH_PATTERN

# "Lukket: Køb af ejendom", "Lukket punkt: ...", "LUKKET - Personalesag".
CLOSED = re.compile(r"^\s*lukket\s*(?:punkt|sag)?\s*[:\-–]", re.IGNORECASE)

# A label that introduces a case (journal) number, and one that introduces a document number (not a case number).
CASE_LABEL = (r"(?:sags?\s*nr\.?|sagsnummer|sags?-?id|sag\s+nr\.?|sag(?=\s*:)|j\.?\s*nr\.?|journal\s*nr\.?"
              r"|journalnummer"
              r"|emnenr\.?|akt\s*id)")
DOCUMENT_LABEL = r"(?:dok(?:ument)?\.?\s*(?:nr|id)\.?|dokumentnummer|dok\.?-?nr\.?|dokument\s*id)"
# The shapes journal numbers take: 15.00.00-A00-8-21 (KLE), 21-014439, EMN-2025-003383, 17/4402, 2017-11873,
# 00.01A00-2023-1234. One token, at least one digit and one separator, never a bare year or a date.
_CASE_TOKEN = r"[A-ZÆØÅ]{0,6}-?\d[\dA-ZÆØÅ.]*(?:[-/][\dA-ZÆØÅ.]+)+"
CASE_TOKEN = re.compile(rf"(?P<number>{_CASE_TOKEN})", re.IGNORECASE)
LABELLED_CASE = re.compile(rf"(?<![\wæøå]){CASE_LABEL}\s*[:.]?\s*(?P<number>{_CASE_TOKEN})(?![\wæøå])",
                           re.IGNORECASE)
BARE_CASE = re.compile(rf"^\s*(?P<number>{_CASE_TOKEN})\s*$", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(rf"(?<![\wæøå]){DOCUMENT_LABEL}\s*[:.]?\s*\S+", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$")
# Other item metadata printed beside the case number, dropped from the item's text.
ITEM_METADATA = re.compile(
    rf"^\s*(?:{CASE_LABEL}|{DOCUMENT_LABEL}|sagsbehandler|sagsansvarlig|forfatter|ansvarlig|åben sag|lukket sag"
    r"|sagstype|kle(?:-nr\.?)?|emne|sagsid|afdeling|center)\b\s*[:.]?.*$",
    re.IGNORECASE,
)


def is_case_token(text: str) -> bool:
    """A journal number rather than a date, a year span ("2021-2024") or a phone number."""
    token = text.strip().rstrip(".,;")
    if _DATE_LIKE.match(token) or re.fullmatch(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}", token):
        return False
    return bool(re.search(r"\d", token)) and len(token) >= 5


# Item numbering, strongest first: each pattern captures the number and the title. A labelled form ("Punkt 3:",
# "Sag nr. 3") is trusted; a bare number ("3. Titel", "412. Titel") must earn its place by typography and sequence.
_SEP = r"(?:\s*[:.)\-–]\s*|\s+)"
_NUMBER = r"(?P<number>\d{1,4}[a-z]?)"
ITEM_NUMBERINGS: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE), weight)
    for name, pattern, weight in (
        ("punkt", rf"^(?:dagsordens?)?(?:punkt|pkt\.?)\s*(?:nr\.?\s*)?{_NUMBER}(?:{_SEP}(?P<title>\S.*)|\s*[:.]?)$", 4),
        ("sag", rf"^sag(?:\s+nr\.?)?\s*{_NUMBER}(?:{_SEP}(?P<title>\S.*)|\s*[:.]?)$", 4),
        ("paragraf", rf"^§\s*{_NUMBER}(?:{_SEP}(?P<title>\S.*)|\s*[:.]?)$", 3),
        ("bare", rf"^{_NUMBER}\s*(?:[.)]|\s[-–:])\s*(?P<title>[^\W\d_].*|[\"'“”«].*)$", 0),
        ("tabbed", rf"^{_NUMBER}\t+(?P<title>[^\W\d_].*)$", 0),
    )
)
# A bare "1. januar 2024 ..." is a date, "1. at ..." a list entry: neither starts an item.
NOT_A_TITLE = re.compile(rf"^(?:(?:{MONTH_PATTERN})\b|at\b|og\b|eller\b|kvartal\b|halvår\b|behandling\b"
                         r"|(?-i:[a-zæøå]))",
                         re.IGNORECASE)

# Meeting-header labels, by the field they fill. The "Møde..." labels stand without a colon in FirstAgenda exports;
# the short ones ("Tid", "Sted") only count with a colon or tab, or they would match ordinary sentences.
HEADER_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(rf"^\s*(?:{pattern})(?![\wæøå])\s*{separator}\s*(?P<value>.*?)\s*$", re.IGNORECASE))
    for field, pattern, separator in (
        ("date", r"mødedato|mødedag", "[:.\t]?"),
        ("time", r"mødetidspunkt|mødestart", "[:.\t]?"),
        ("place", r"mødested|mødelokale", "[:.\t]?"),
        ("committee", r"udvalg|udvalg/råd|forum|mødeforum|organ|møde i|mødetype", "[:\t]"),
        ("date", r"dato|dato og tid|dato/tid|tid og sted|dato og sted", "[:\t]"),
        ("time", r"tidspunkt|tid|start|kl\.", "[:\t]"),
        ("place", r"sted|lokale|adresse", "[:\t]"),
        ("municipality", r"kommune|region|myndighed", "[:\t]"),
    )
)
# Attendance is meeting data: these labels open a block of names that is never an item.
ATTENDANCE = re.compile(
    r"^\s*(?:til\s*stede|tilstede|deltagere|mødedeltagere|medlemmer|fraværende|fravær|afbud|deltog ikke"
    r"|øvrige deltagere|andre deltagere|desuden deltog|desuden til stede|fra administrationen|referent"
    r"|mødeleder|formand|afbud fra)\b\s*[:.]?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# Words that name a political body, for finding the committee in a header that does not label it.
BODY_WORDS = re.compile(
    r"(?:udvalg(?:et)?|byråd(?:et)?|kommunalbestyrelse(?:n)?|regionsråd(?:et)?|bestyrelse(?:n)?|magistrat(?:en)?"
    r"|borgerrepræsentation(?:en)?|råd(?:et)?|repræsentantskab(?:et)?|komité(?:en)?)s?\b",
    re.IGNORECASE,
)
# Words in a title line that are not the body's name: "Referat fra ...", "Dagsorden til ... mødet".
DOCUMENT_WORDS = re.compile(
    r"^(?:åbent\s+|offentligt\s+|ordinært\s+|ekstraordinært\s+)?(?:referat|dagsorden|beslutningsprotokol|protokol"
    r"|beslutninger)(?:\s+(?:og\s+)?(?:referat|dagsorden))?(?:\s+(?:fra|for|til|af))?"
    r"(?:\s+(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde(?:t)?(?:\s+(?:i|for))?)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)

# Table of contents: the heading, and entries that end in a page number after leaders or a tab.
TOC_HEADING = re.compile(r"^\s*(?:indholdsfortegnelse|indhold|dagsordenoversigt|oversigt over punkter"
                         r"|punktoversigt|sagsliste|dagsordenpunkter)\s*:?\s*$", re.IGNORECASE)
TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|(?:\s\.){3,}|_{3,}|\t)\s*(?:side\s*)?\d{1,4}\s*$", re.IGNORECASE)
TOC_ENTRY_LOOSE = re.compile(r"\S\s{2,}(?:side\s*)?\d{1,4}\s*$", re.IGNORECASE)

# Page furniture that needs no repetition to be recognised: "Side 3 af 28", "3 af 28", "3/28", "- 3 -", a bare "3".
PAGE_NUMBER = re.compile(r"^\s*(?:side|s\.|page)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:af|/|of|ud af)\s*\d{1,4})?\s*$",
                         re.IGNORECASE)

# Distribution grids printed under an item: rows of committee abbreviations ("DIR FOU BFU SOS"), a lone "X" and
# "Øvrige sagsbehandlere:". Routing furniture, not content.
DISTRIBUTION_GRID = re.compile(
    r"^\s*(?:(?:[A-ZÆØÅ]{2,4}\s+){2,}[A-ZÆØÅ]{2,4}|[Xx]|[Xx]?\s*Øvrige sagsbehandlere:.*)\s*$")
