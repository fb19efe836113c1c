"""Real Greve agenda items printed as PDF (fpdf2) and Word (python-docx) in seeded layout variants, for the
layout-fuzzing tests: numbering, heading typography, running headers and footers, wrapped titles, a table of
contents, page breaks inside sections and decisions headed in different ways. Every variant is data."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from datetime import date, time

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from fpdf import FPDF

from ingest.model import DraftItem, DraftMeeting, SectionKind
from referat.danish import MONTH_NAMES

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    numbering: str  # a format string over n (the printed number) and title
    number_offset: int  # running numbers: item 1 printed as 1 + offset
    headings: str  # "bold" | "caps" | "size" | "caps_bold" | "word_styles"
    decision: str  # a format string over committee, COMMITTEE, genitive and day; "inline" puts text on its line
    case_line: str  # a format string over case
    cover: str  # a format string over committee, genitive, day, weekday, clock, place
    running: bool = False
    toc: str = ""  # "" | "leaders" | "loose"
    wrap_titles: bool = False
    break_in_sections: bool = False
    earlier_decision: bool = False  # a dated decision of another body before this meeting's own
    attendance: bool = False


VARIANTS: tuple[Variant, ...] = (
    Variant("punkt-bold", "Punkt {n}: {title}", 0, "bold", "Beslutning", "Sagsnr.: {case}",
            "REFERAT\n{committee}\nMødedato: {day:%d.%m.%Y} kl. {clock}\nMødested: {place}"),
    Variant("bare-caps-running", "{n}. {title}", 0, "caps", "{COMMITTEE}S BESLUTNING", "{case}",
            "Referat fra {genitive} møde {weekday} den {long_day}, kl. {clock}\nSted: {place}", running=True),
    Variant("running-numbers-toc", "{n}. {title}", 411, "bold", "Beslutning i {committee} den {long_day}",
            "Sagsnr.: {case}", "{committee}\nDato: {day:%d.%m.%Y}\nTid: {clock}\nSted: {place}", toc="leaders"),
    Variant("sag-nr-size", "Sag nr. {n}: {title}", 0, "size", "Afgørelse", "J.nr. {case}",
            "Beslutningsprotokol\n{committee}\n{long_day} - kl. {clock}\n{place}", running=True),
    Variant("pkt-wrapped", "Pkt. {n} {title}", 0, "bold", "Udvalgets beslutning", "Sagsnr. {case}   Dok.nr. 4471/23",
            "DAGSORDEN OG REFERAT\n{committee}\n{weekday} den {long_day} kl. {clock}", wrap_titles=True),
    Variant("inline-decision", "Punkt {n} - {title}", 0, "caps_bold", "inline", "Sag: {case}",
            "Åbent referat\n{committee}\nMødedato: {long_day}\nMødetidspunkt: {clock}\nMødested: {place}",
            attendance=True),
    Variant("breaks-and-footer", "{n}. {title}", 0, "bold", "Beslutning", "Sagsnummer: {case}",
            "Referat\n{committee}\nDato: {day:%d-%m-%Y} kl. {clock}", running=True, break_in_sections=True),
    Variant("case-history", "Punkt {n}: {title}", 0, "bold", "Beslutning i {committee} den {long_day}",
            "Sagsnr.: {case}", "REFERAT {committee} d. {day:%d-%m-%Y}\nMødedato {weekday} d. {long_day} kl. {clock}",
            earlier_decision=True),
    Variant("toc-loose-caps", "{n}. {title}", 0, "caps_bold", "Beslutning", "Sagsnr.: {case}",
            "{committee}\nReferat\n{weekday} den {long_day} kl. {clock}", toc="loose", wrap_titles=True),
    Variant("word-styles", "{n}. {title}", 0, "word_styles", "{genitive} beslutning den {long_day}",
            "Sagsnr.: {case}", "Referat af mødet i {committee}\nDato: {day:%d.%m.%Y}, kl. {clock}\nSted: {place}"),
    Variant("running-everything", "{n}. {title}", 200, "size", "BESLUTNING", "{case}",
            "Referat\n{committee}\nDato og tid: {long_day} kl. {clock}", running=True, toc="leaders",
            wrap_titles=True, break_in_sections=True, attendance=True),
    Variant("case-history-caps", "Sag nr. {n} {title}", 0, "caps", "{COMMITTEE}S BESLUTNING {day:%d.%m.%Y}",
            "Sagsnr.: {case}", "Dagsorden\n{committee}\n{long_day} kl. {clock}\n{place}", earlier_decision=True,
            running=True, attendance=True),
)

_EARLIER = ("Økonomiudvalget", date(2023, 5, 2), "Anbefales over for byrådet med de foreslåede ændringer.")
_PDF_SAFE = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "…": "...",
                           "•": "-", "€": "EUR", "\t": " ", "\u200b": "", "\xad": ""})


def pdf_safe(text: str) -> str:
    """What the PDF core fonts can print (Latin-1); the expected values go through the same mapping."""
    return text.translate(_PDF_SAFE).encode("latin-1", "replace").decode("latin-1")


def long_date(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def genitive(name: str) -> str:
    return name if name.endswith("s") else f"{name}s"


@dataclass(frozen=True, slots=True)
class Block:
    """One printed paragraph: its kind decides the typography ("title", "heading", "meta", "body", "toc")."""

    kind: str
    text: str
    page_break: bool = False


def choose_items(meeting: DraftMeeting, seed: int, count: int = 7) -> list[DraftItem]:
    rng = random.Random(seed)
    items = list(meeting.items)
    picked = sorted(rng.sample(range(len(items)), min(count, len(items))))
    return [items[i] for i in picked]


def _fields(variant: Variant, meeting: DraftMeeting, clock: time) -> dict[str, object]:
    return {"committee": meeting.committee, "COMMITTEE": meeting.committee.upper(),
            "genitive": genitive(meeting.committee), "day": meeting.date, "long_day": long_date(meeting.date),
            "weekday": WEEKDAYS[meeting.date.weekday()], "clock": clock.strftime("%H:%M"),
            "place": meeting.place or "Rådhuset"}


def layout_blocks(variant: Variant, meeting: DraftMeeting, items: list[DraftItem], seed: int) -> list[Block]:
    """The document as paragraphs in reading order."""
    rng = random.Random(seed)
    fields = _fields(variant, meeting, meeting.time or time(16, 0))
    blocks = [Block("cover", line.format(**fields)) for line in variant.cover.split("\n")]
    if variant.attendance:
        blocks += [Block("meta", "Til stede: Pernille Beckmann (V), Jens Jensen (A), Anna Holm (F)"),
                   Block("meta", "Afbud: Simon Østergaard (V)")]
    if variant.toc:
        blocks.append(Block("heading", "Indholdsfortegnelse"))
        for position, item in enumerate(items, start=1):
            label = variant.numbering.format(n=position + variant.number_offset, title=item.title)
            blocks.append(Block("toc", f"{label} {'.' * 12 if variant.toc == 'leaders' else '  '} {position + 2}"))
    for position, item in enumerate(items, start=1):
        title = variant.numbering.format(n=position + variant.number_offset, title=item.title)
        blocks.append(Block("title", _wrap(title, rng) if variant.wrap_titles else title, page_break=True))
        if item.case_number:
            blocks.append(Block("meta", variant.case_line.format(case=item.case_number)))
        for section in item.sections:
            if section.kind is SectionKind.BESLUTNING:
                continue
            blocks.append(Block("heading", _heading(section.heading or "Sagsfremstilling", variant)))
            paragraphs = [p for p in section.text.split("\n") if p.strip()][:6]
            for index, paragraph in enumerate(paragraphs):
                blocks.append(Block("body", paragraph,
                                    page_break=variant.break_in_sections and index == 1 and rng.random() < 0.5))
        if item.attachments:
            blocks.append(Block("heading", _heading("Bilag", variant)))
            blocks += [Block("body", name) for name in item.attachments]
        blocks += _decision_blocks(variant, fields, item)
    return blocks


def _wrap(title: str, rng: random.Random) -> str:
    words = title.split()
    if len(words) < 4:
        return title
    cut = rng.randint(2, len(words) - 2)
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _heading(text: str, variant: Variant) -> str:
    return text.upper() if variant.headings in {"caps", "caps_bold"} else text


def decision_of(item: DraftItem) -> str | None:
    # A lone "." is FirstAgenda's placeholder for a decision not written: no decision.
    texts = [s.text for s in item.sections if s.kind is SectionKind.BESLUTNING and re.search(r"\w", s.text)]
    return "\n\n".join(texts) if texts else None


def _decision_blocks(variant: Variant, fields: dict[str, object], item: DraftItem) -> list[Block]:
    decision = decision_of(item)
    if decision is None:
        return []
    blocks: list[Block] = []
    if variant.earlier_decision:
        committee, day, text = _EARLIER
        blocks += [Block("heading", _heading(f"Beslutning i {committee} den {long_date(day)}", variant)),
                   Block("body", text)]
    paragraphs = [p for p in decision.split("\n") if p.strip()]
    if variant.decision == "inline":
        return [*blocks, Block("inline", f"Beslutning: {paragraphs[0]}"), *(Block("body", p) for p in paragraphs[1:])]
    heading = _heading(variant.decision.format(**fields), variant)
    return [*blocks, Block("heading", heading), *(Block("body", p) for p in paragraphs)]


def expected_decision(variant: Variant, item: DraftItem) -> str | None:
    decision = decision_of(item)
    if decision is None:
        return None
    earlier = f"{_EARLIER[2]} " if variant.earlier_decision else ""
    return " ".join(f"{earlier}{decision}".split())


# --- PDF ---------------------------------------------------------------------------------------------------------

_SIZES = {"title": 14.0, "heading": 10.0, "body": 10.0, "meta": 10.0, "cover": 16.0, "toc": 10.0, "inline": 10.0}


class _Minutes(FPDF):
    def __init__(self, running: str | None) -> None:
        super().__init__(format="A4")
        self.running = running
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(22, 20, 22)

    def header(self) -> None:
        if self.running and self.page_no() > 1:
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, self.running, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

    def footer(self) -> None:
        if self.running:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="C")


def render_pdf(variant: Variant, blocks: list[Block], meeting: DraftMeeting) -> bytes:
    running = f"Greve Kommune - {pdf_safe(meeting.committee)} - {meeting.date:%d.%m.%Y}" if variant.running else None
    pdf = _Minutes(running)
    pdf.add_page()
    for block in blocks:
        if block.page_break and (block.kind == "title" or variant.break_in_sections):
            pdf.add_page()
        style, size = _pdf_style(block.kind, variant.headings)
        pdf.set_font("Helvetica", style, size)
        text = pdf_safe(block.text)
        if block.kind == "inline":
            head, rest = text.split(": ", 1)
            pdf.set_font("Helvetica", "B", size)
            pdf.write(size * 0.5, f"{head}: ")
            pdf.set_font("Helvetica", "", size)
            pdf.write(size * 0.5, rest)
            pdf.ln(size * 0.5)
        else:
            for line in text.split("\n"):
                pdf.multi_cell(0, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(size * 0.45)
    return bytes(pdf.output())


def _pdf_style(kind: str, headings: str) -> tuple[str, float]:
    size = _SIZES[kind]
    if kind == "heading":
        return {"bold": ("B", size), "caps": ("", size), "size": ("", 13.0), "caps_bold": ("B", size),
                "word_styles": ("B", 12.0)}[headings]
    if kind in {"title", "cover"}:
        return "B", size
    return "", size


# --- Word ----------------------------------------------------------------------------------------------------------


def render_docx(variant: Variant, blocks: list[Block], meeting: DraftMeeting) -> bytes:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    if variant.running:
        section = document.sections[0]
        section.header.paragraphs[0].text = f"Greve Kommune - {meeting.committee} - {meeting.date:%d.%m.%Y}"
        section.footer.paragraphs[0].text = "Side 1"
    for block in blocks:
        if block.page_break and (block.kind == "title" or variant.break_in_sections):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if variant.headings == "word_styles" and block.kind in {"title", "heading"}:
            paragraph = document.add_paragraph(style="Heading 1" if block.kind == "title" else "Heading 2")
            _add_lines(paragraph, block.text, bold=None, size=None)
            continue
        paragraph = document.add_paragraph()
        if block.kind == "inline":
            head, rest = block.text.split(": ", 1)
            paragraph.add_run(f"{head}: ").bold = True
            paragraph.add_run(rest)
            continue
        style, size = _pdf_style(block.kind, variant.headings)
        _add_lines(paragraph, block.text, bold="B" in style, size=size)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_lines(paragraph: object, text: str, bold: bool | None, size: float | None) -> None:
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)  # type: ignore[attr-defined]
        if bold is not None:
            run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        if index < text.count("\n"):
            run.add_break()
