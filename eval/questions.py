"""Question sets: JSONL files of Danish questions with the agenda items that answer them.

One JSON object per line::

    {"id": "herning-001", "type": "decision", "question": "Hvad besluttede ...?",
     "relevant": [{"date": "2021-06-23", "case": "15.00.00-A00-10-21"}],
     "answer_contains": ["Indstillingen blev tiltrådt"]}

A gold reference names an agenda item by any of date, case, committee, title and number; an empty `relevant` marks a
question the minutes cannot answer (the product should say so)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from index import case_key
from ingest.model import AgendaItem

_REF_FIELDS = ("date", "case", "committee", "title", "number")
_QUESTION_FIELDS = ("id", "type", "question", "relevant", "answer_contains")
# A follow-up question ("Og hvad kostede det?") is asked after the question it names, in the same conversation.
_OPTIONAL_FIELDS = ("follow_up_of",)


class QuestionFileError(ValueError):
    """A malformed question file; the message names file:line and what is wrong."""


@dataclass(frozen=True, slots=True)
class GoldRef:
    """An agenda item as a question set names it; every given field must agree with the item."""

    date: str | None = None
    case: str | None = None
    committee: str | None = None
    title: str | None = None
    number: str | None = None

    def matches(self, item: AgendaItem) -> bool:
        meeting = item.meeting
        if self.date is not None and self.date != meeting.date.isoformat():
            return False
        if self.case is not None and (item.case_number is None or case_key(self.case) != case_key(item.case_number)):
            return False
        if self.committee is not None and self.committee.casefold() not in meeting.committee.casefold():
            return False
        if self.title is not None and self.title.casefold() not in item.title.casefold():
            return False
        return self.number is None or self.number.strip() == item.number.strip()

    def describe(self) -> str:
        return ", ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name) is not None)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    question: str
    relevant: tuple[GoldRef, ...]
    answer_contains: tuple[str, ...]
    follow_up_of: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


def _ref_from_json(raw: object, where: str) -> GoldRef:
    if not isinstance(raw, dict):
        raise QuestionFileError(f"{where}: each entry of 'relevant' must be an object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(_REF_FIELDS))
    if unknown:
        raise QuestionFileError(f"{where}: unknown field(s) {', '.join(unknown)} in a reference "
                                f"(allowed: {', '.join(_REF_FIELDS)})")
    values: dict[str, str] = {}
    for name in _REF_FIELDS:
        value = raw.get(name)
        if value is None:
            continue
        if name == "number" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise QuestionFileError(f"{where}: reference field {name!r} must be a non-empty string, got {value!r}")
        values[name] = value.strip()
    if not values:
        raise QuestionFileError(f"{where}: a reference must give at least one of {', '.join(_REF_FIELDS)}")
    if "date" in values:
        try:
            date.fromisoformat(values["date"])
        except ValueError:
            raise QuestionFileError(f"{where}: reference date {values['date']!r} is not YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["date"]):
            raise QuestionFileError(f"{where}: reference date {values['date']!r} is not YYYY-MM-DD")
    return GoldRef(**values)


def parse_question(raw: object, where: str) -> Question:
    """One decoded JSON line → a Question; `where` ("file:line") prefixes every error."""
    if not isinstance(raw, dict):
        raise QuestionFileError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    missing = [name for name in _QUESTION_FIELDS if name not in raw]
    if missing:
        raise QuestionFileError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_QUESTION_FIELDS) - set(_OPTIONAL_FIELDS))
    if unknown:
        raise QuestionFileError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "type", "question"):
        if not isinstance(raw[name], str) or not raw[name].strip():
            raise QuestionFileError(f"{where}: {name!r} must be a non-empty string, got {raw[name]!r}")
    if not isinstance(raw["relevant"], list):
        raise QuestionFileError(f"{where}: 'relevant' must be a list, got {type(raw['relevant']).__name__}")
    contains = raw["answer_contains"]
    if not isinstance(contains, list) or not all(isinstance(s, str) and s.strip() for s in contains):
        raise QuestionFileError(f"{where}: 'answer_contains' must be a list of non-empty strings, got {contains!r}")
    follow_up_of = raw.get("follow_up_of")
    if follow_up_of is not None and (not isinstance(follow_up_of, str) or not follow_up_of.strip()):
        raise QuestionFileError(f"{where}: 'follow_up_of' must be a non-empty string, got {follow_up_of!r}")
    return Question(
        id=raw["id"].strip(), type=raw["type"].strip(), question=raw["question"].strip(),
        relevant=tuple(_ref_from_json(ref, where) for ref in raw["relevant"]),
        answer_contains=tuple(contains), follow_up_of=follow_up_of.strip() if follow_up_of else None,
    )


def parse_lines(lines: Iterable[str], source: str) -> list[Question]:
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise QuestionFileError(f"{where}: invalid JSON: {error.msg} (column {error.colno})") from None
        questions.append(parse_question(raw, where))
    return questions


def load_questions(paths: Sequence[Path | str]) -> list[Question]:
    """All questions of the files, in file order; ids must be unique across them."""
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in map(Path, paths):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise QuestionFileError(f"{path}: cannot read: {error.strerror or error}") from None
        except UnicodeDecodeError as error:
            raise QuestionFileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
        for number, question in _numbered(parse_lines(text.splitlines(), str(path)), text):
            if question.id in seen:
                raise QuestionFileError(f"{path}:{number}: duplicate id {question.id!r} (first in {seen[question.id]})")
            if question.follow_up_of is not None and question.follow_up_of not in seen:
                raise QuestionFileError(f"{path}:{number}: follow_up_of {question.follow_up_of!r} names no earlier "
                                        "question")
            seen[question.id] = f"{path}:{number}"
            questions.append(question)
    return questions


def _numbered(questions: list[Question], text: str) -> Iterable[tuple[int, Question]]:
    """Pair parsed questions with their line numbers (blank lines skipped as the parser does)."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return zip(numbers, questions, strict=True)
