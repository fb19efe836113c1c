"""What the user types, checked: questions, dates, committees and case numbers. Errors are Danish and shown as is."""

from __future__ import annotations

import re
from datetime import date

from index import Filters

ALL_COMMITTEES = "Alle"
ALL_MUNICIPALITIES = "Alle"
MAX_MUNICIPALITY_CHARS = 100
MAX_QUESTION_CHARS = 1000
MAX_CASE_NUMBER_CHARS = 80


class InputError(ValueError):
    """Something the user typed that we cannot use; the message is Danish and shown as is."""


def parse_day(text: str | None, what: str) -> date | None:
    """A date typed as ÅÅÅÅ-MM-DD, or None when left empty."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InputError(f"{what} skal skrives som ÅÅÅÅ-MM-DD, fx 2021-06-23. «{text[:20]}» kunne ikke læses.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} «{text}» er ikke en gyldig dato. Tjek måned og dag.") from None


def build_filters(committee: str | None, date_from: str | None, date_to: str | None,
                  only_decisions: bool | None, municipality: str | None = None) -> Filters:
    """The search filters from the form; raises InputError with a Danish explanation. The municipality, like the
    committee, is part of a name in any case ("herning" finds "Herning Kommune"); empty or "Alle" means all."""
    start = parse_day(date_from, "Fra-datoen")
    end = parse_day(date_to, "Til-datoen")
    if start and end and start > end:
        raise InputError("Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.")
    chosen = (committee or "").strip()
    whose = " ".join((municipality or "").split())
    if len(whose) > MAX_MUNICIPALITY_CHARS:
        raise InputError("Kommunenavnet er for langt – skriv fx «Herning».")
    return Filters(committee=None if chosen in ("", ALL_COMMITTEES) else chosen,
                   date_from=start, date_to=end, with_decision=bool(only_decisions),
                   municipality=None if whose in ("", ALL_MUNICIPALITIES) else whose)


_KINDS = ((bool, "sand/falsk"), (int, "et tal"), (float, "et tal"), (list, "en liste"), (tuple, "en liste"),
          (dict, "et objekt"), (str, "tekst"), (type(None), "tom (null)"))


def _kind(value: object) -> str:
    return next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)


def require_text(value: object, name: str, empty_allowed: bool = True) -> str:
    """An API parameter that must be text; anything else is refused in one Danish line."""
    if isinstance(value, str):
        return value
    if value is None and empty_allowed:
        return ""
    raise InputError(f"Parameteren «{name}» skal være tekst, ikke {_kind(value)}.")


def require_flag(value: object, name: str) -> bool:
    """An API parameter that must be true or false."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    raise InputError(f"Parameteren «{name}» skal være true eller false, ikke {_kind(value)}.")


def clean_question(text: str | None) -> tuple[str, str | None]:
    """The question trimmed and capped, plus a note for the reader when it was cut. The raw text is cut first, so
    a huge question costs no more than a long one."""
    question = " ".join((text or "")[:MAX_QUESTION_CHARS * 4].split())
    if not question:
        raise InputError(
            "Skriv et spørgsmål først – fx «Hvad besluttede udvalget om rammeaftalen for danskuddannelse?»")
    if len(question) <= MAX_QUESTION_CHARS:
        return question, None
    cut = question[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0]
    limit = f"{MAX_QUESTION_CHARS:,}".replace(",", ".")  # Danish thousands separator
    return cut, f"Spørgsmålet var meget langt, så kun de første {limit} tegn blev brugt."


def clean_case_number(text: str | None) -> str:
    case = (text or "").strip()
    if not case:
        raise InputError("Skriv et sagsnummer, fx 00.00.00-P19-1719-10.")
    if len(case) > MAX_CASE_NUMBER_CHARS:
        raise InputError("Sagsnummeret er for langt – det plejer at se ud som 00.00.00-P19-1719-10.")
    return case
