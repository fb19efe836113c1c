"""`python -m index`: stats, search with filters and case history over the Herning sample index."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.__main__ import main


def run_cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, list[str], str]:
    code = main([*args, "--data", str(data), "--offline"])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_stats_counts_the_samples(capsys: pytest.CaptureFixture[str], herning_data: Path) -> None:
    code, lines, _ = run_cli(capsys, herning_data, "stats")
    assert code == 0
    assert "meetings:     2" in lines
    assert "items:        20 (7 with a decision)" in lines
    assert "chunks:       118 (118 vectors)" in lines
    assert "embedder:     offline-hashing-v1-1024" in lines


def test_search_ranks_the_danskuddannelse_item_first(capsys: pytest.CaptureFixture[str],
                                                     herning_data: Path) -> None:
    code, lines, _ = run_cli(capsys, herning_data, "search", "rammeaftale om danskuddannelse", "-k", "3")
    assert code == 0
    assert lines[0].endswith("punkt 3: Rammeaftale for KKR Midtjylland om samarbejde og koordinering af tilbud om "
                             "danskuddannelse · sag 15.00.00-A00-10-21")
    assert lines[2] == "    beslutning: Indstillingen blev tiltrådt."


def test_search_kind_filter_keeps_only_agenda_items(capsys: pytest.CaptureFixture[str],
                                                    herning_data: Path) -> None:
    code, lines, _ = run_cli(capsys, herning_data, "search", "danskuddannelse", "--kind", "dagsorden", "-k", "20")
    ranked = [line for line in lines if line[:3].strip().rstrip(".").isdigit()]
    assert code == 0 and ranked
    assert all("(dagsorden)" in line for line in ranked)
    assert all(line == "    ingen beslutning" for line in lines[2::3])


def test_case_prints_the_treatment_with_its_decision(capsys: pytest.CaptureFixture[str],
                                                     herning_data: Path) -> None:
    code, lines, _ = run_cli(capsys, herning_data, "case", "15.00.00-A00-10-21")
    assert code == 0
    assert lines == ["Beskæftigelsesudvalget, 23. juni 2021 (referat), punkt 3: Rammeaftale for KKR Midtjylland om "
                     "samarbejde og koordinering af tilbud om danskuddannelse · sag 15.00.00-A00-10-21",
                     "    Indstillingen blev tiltrådt."]


def test_unknown_case_exits_1(capsys: pytest.CaptureFixture[str], herning_data: Path) -> None:
    code, lines, err = run_cli(capsys, herning_data, "case", "99-999999")
    assert (code, lines) == (1, [])
    assert "no items with case number 99-999999" in err


def test_missing_index_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["stats", "--data", str(tmp_path / "none"), "--offline"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"error: {tmp_path / 'none'} holds no index yet; build one with `python -m ingest PATH...`"
