"""Each kind of bad input gives one clear line naming the file and the reason, and the run goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from index import Settings, open_engine
from ingest.__main__ import main as ingest_main
from ingest.reader import read_publication
from referat.errors import IngestError
from tests.conftest import HERNING_MINUTES, SAMPLES


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(IngestError) as caught:
        read_publication(path, **kwargs)
    return str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    assert _reason(_write(tmp_path, "tom.json", b"")) == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    reason = _reason(_write(tmp_path, "billede.txt", bytes(range(256)) * 40))
    assert reason == ("binary file in no known format (read: PDF, Word .docx, FirstAgenda JSON, SBSYS eDagsorden XML, "
                      "FirstAgenda web page, HTML, minutes web text, text or Markdown)")


def test_truncated_json(tmp_path: Path) -> None:
    text = json.dumps({"Moede": {"Dato": "2023-01-01T10:00:00"}, "Udvalg": {"Navn": "X"}, "Dagsordenpunkter": []})
    reason = _reason(_write(tmp_path, "afkortet.json", text[:-10].encode()))
    assert reason.startswith("invalid JSON at line 1 column")


def test_truncated_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    reason = _reason(_write(tmp_path, "afkortet.pdf", buffer.getvalue()[:200]))
    assert reason.startswith("corrupt or truncated PDF")


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _reason(_write(tmp_path, "krypteret.pdf", buffer.getvalue())) == (
        "encrypted PDF: cannot read without a password")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    reason = _reason(_write(tmp_path, "scannet.pdf", buffer.getvalue()))
    assert reason == "PDF has no text layer (scanned?): run OCR first, e.g. ocrmypdf"


def test_unknown_text_format(tmp_path: Path) -> None:
    reason = _reason(_write(tmp_path, "noter.txt", "Indkøbsliste: mælk, æg og rugbrød.\n".encode()))
    assert reason == "not minutes in any known layout: no meeting date and no numbered agenda items"


def test_html_that_is_not_a_meeting_page(tmp_path: Path) -> None:
    reason = _reason(_write(tmp_path, "side.html", b"<html><body><p>Velkommen</p></body></html>"))
    assert reason == "not minutes in any known layout: no meeting date and no numbered agenda items"


def test_cp1252_text_keeps_danish_letters(tmp_path: Path) -> None:
    text = HERNING_MINUTES.read_text(encoding="utf-8")
    publication = read_publication(_write(tmp_path, "referat-cp1252.txt", text.encode("cp1252")))
    assert publication.meeting.committee == "Beskæftigelsesudvalget"
    assert publication.items[2].decision == "Indstillingen blev tiltrådt."
    assert publication.items[0].title == "Strategi for socialt udsatte området"


def test_json_with_missing_meeting_date(tmp_path: Path) -> None:
    data = {"Moede": {"Sted": "Rådhuset"}, "Udvalg": {"Navn": "Økonomiudvalget"},
            "Dagsordenpunkter": [{"Navn": "Godkendelse af dagsorden", "Punktnummer": "1"}]}
    reason = _reason(_write(tmp_path, "uden-dato.json", json.dumps(data).encode()))
    assert reason == "FirstAgenda JSON lacks Moede.Dato"


def test_json_with_missing_items(tmp_path: Path) -> None:
    data = {"Moede": {"Dato": "2024-01-01T10:00:00"}, "Udvalg": {"Navn": "Økonomiudvalget"}}
    reason = _reason(_write(tmp_path, "uden-punkter.json", json.dumps(data).encode()))
    assert reason == "FirstAgenda JSON lacks the Dagsordenpunkter list"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "kæmpe.json"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MiB on paper, nothing written
    assert _reason(path) == "file is 100 MiB, over the 50 MiB limit"


def test_cli_reports_each_bad_file_and_indexes_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path, "tom.md", b"")
    status = ingest_main([str(SAMPLES), str(bad), "--offline", "--data", str(tmp_path / "data")])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"{bad}: empty file" in err.splitlines()
    assert ("Indexed: 2 new, 0 replaced, 0 unchanged, 1 failed meetings; 20 items (7 with a decision), 118 chunks "
            "written") in out


def test_bad_file_leaves_the_index_intact(tmp_path: Path) -> None:
    engine = open_engine(Settings(data_dir=tmp_path / "data", offline=True))
    engine.ingest([HERNING_MINUTES])
    before = engine.status().stats
    broken = _write(tmp_path, HERNING_MINUTES.name, HERNING_MINUTES.read_bytes()[:40])
    summary = engine.ingest([broken])
    assert len(summary.failures) == 1
    assert engine.status().stats == before
    engine.close()
