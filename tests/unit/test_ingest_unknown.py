"""Files that no format recognises: each gets one line saying what it looks like, and the others are read."""

from __future__ import annotations

from pathlib import Path

from ingest.reader import find_sources, read_sources
from tests.conftest import HERNING_MINUTES


def _errors(tmp_path: Path) -> dict[str, str | None]:
    return {r.path.name: r.error for r in read_sources(find_sources([tmp_path]))}


def test_every_file_in_a_folder_is_tried(tmp_path: Path) -> None:
    (tmp_path / "referat.txt").write_bytes(HERNING_MINUTES.read_bytes())
    (tmp_path / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(600))
    (tmp_path / "arkiv.zip").write_bytes(b"PK\x03\x04" + bytes(600))
    (tmp_path / ".skjult.txt").write_text("ignoreres", encoding="utf-8")
    assert _errors(tmp_path) == {
        "arkiv.zip": "ZIP archive that is not a Word .docx document",
        "gammel.doc": "old Word/Excel file (.doc/.xls): save it as .docx or PDF",
        "referat.txt": None,
        "scan.jpg": "image file: scanned minutes need OCR into a searchable PDF first (e.g. ocrmypdf)",
    }


def test_json_that_is_not_firstagenda(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text('{"navn": "noget andet"}', encoding="utf-8")
    assert _errors(tmp_path) == {"data.json": "FirstAgenda JSON lacks the Moede or Udvalg object"}
