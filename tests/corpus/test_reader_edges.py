"""Small things a reader of many files meets: a stray NUL byte, and pypdf warnings that must name their file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ingest.reader import read_publication
from referat.errors import IngestError
from tests.conftest import HERNING_MINUTES


def test_one_nul_byte_in_a_text_file_leaves_it_text(tmp_path: Path) -> None:
    text = HERNING_MINUTES.read_bytes()
    damaged = tmp_path / "referat.txt"
    damaged.write_bytes(text[:500] + b"\x00" + text[500:])
    assert len(read_publication(damaged).items) == len(read_publication(HERNING_MINUTES).items) == 7


def test_pypdf_warnings_name_the_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pdf = tmp_path / "skadet.pdf"
    # A one-page PDF whose startxref points nowhere: pypdf warns and recovers.
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n"
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\nxref\n0 4\n"
                    b"0000000000 65535 f \n0000000010 00000 n \n0000000060 00000 n \n0000000120 00000 n \n"
                    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n999\n%%EOF\n")
    # The file is no minutes; what matters is what pypdf said about it.
    with caplog.at_level(logging.WARNING, logger="pypdf"), pytest.raises(IngestError, match="no text layer"):
        read_publication(pdf)
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]
    assert warnings and all(w.startswith(f"{pdf}: ") for w in warnings)
