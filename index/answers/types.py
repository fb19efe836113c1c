"""What an answer is: its text, the items it cites and the verbatim quotes it takes from them."""

from __future__ import annotations

from dataclasses import dataclass

from index.search.question import Question, QuestionKind
from ingest.model import AgendaItem, SectionKind
from referat.danish import item_label


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of the cited item, and the section it comes from."""

    text: str
    section: SectionKind
    # The label the quoted line stands under ("Bruttoledighed:"), verbatim: what a table row's value is about.
    about: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    item: AgendaItem
    quotes: tuple[Quote, ...]
    score: float

    @property
    def label(self) -> str:
        """The source line readers cite: "[1] " and the item's one label (committee, date, kind, item, case)."""
        return f"[{self.number}] {item_label(self.item)}"


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    text: str
    found: bool
    kind: QuestionKind
    confidence: float
    citations: tuple[Citation, ...]
    # The direct answer in a sentence or two; `text` starts with it, then the quoted paragraphs follow.
    lead: str = ""
    # The question as understood, with the case the answer came from: what a follow-up inherits.
    scope: Question | None = None

    @property
    def body(self) -> str:
        """The quoted paragraphs after the lead."""
        return self.text.removeprefix(self.lead).lstrip("\n")
