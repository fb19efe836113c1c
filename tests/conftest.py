from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from index import Engine, Settings, open_engine
from ingest.model import Publication
from ingest.reader import find_sources, read_publication, read_sources

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
HERNING_MINUTES = SAMPLES / "beskaeftigelsesudvalget-2021-06-23-referat.txt"
HERNING_AGENDA = SAMPLES / "beskaeftigelsesudvalget-2020-10-20-dagsorden.md"


_TIERS = ("unit", "corpus", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test carries the marker of its tier folder (tests/unit, tests/corpus, tests/e2e)."""
    for item in items:
        tier = item.path.parent.name
        if tier in _TIERS:
            item.add_marker(tier)


def corpus_folder(name: str) -> Path:
    folder = CORPUS / name
    if not folder.is_dir():
        pytest.skip(f"../shared/corpus/{name} is not available")
    return folder


def greve_meeting_files(names: tuple[str, ...]) -> list[Path]:
    """The Greve corpus files of the named meetings ("byraad-2022-2025_2024-10-02"), one each (skipped without it)."""
    greve = corpus_folder("greve")
    files = [path for name in names for path in greve.glob(f"{name}_*.json")]
    assert len(files) == len(names)
    return files


@contextmanager
def engine_over(data_dir: Path, files: Sequence[Path]) -> Iterator[Engine]:
    """An offline engine over an index of just these minutes files, each read without failure."""
    built = open_engine(Settings(data_dir=data_dir, offline=True))
    try:
        assert not built.ingest(list(files)).failures
        yield built
    finally:
        built.close()


@pytest.fixture(scope="session")
def herning_minutes() -> Publication:
    return read_publication(HERNING_MINUTES)


@pytest.fixture(scope="session")
def herning_agenda() -> Publication:
    return read_publication(HERNING_AGENDA)


@pytest.fixture(scope="session")
def greve_publications() -> list[Publication]:
    results = list(read_sources(find_sources([corpus_folder("greve")])))
    failures = [(r.path.name, r.error) for r in results if r.error]
    assert not failures, failures[:5]
    return [r.publication for r in results if r.publication]


@pytest.fixture(scope="session")
def herning_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the offline index of the bundled Herning samples."""
    folder = tmp_path_factory.mktemp("herning-index")
    engine = open_engine(Settings(data_dir=folder, offline=True))
    summary = engine.ingest([SAMPLES])
    engine.close()
    assert not summary.failures
    return folder


@pytest.fixture(scope="session")
def herning_engine(herning_data: Path) -> Iterator[Engine]:
    engine = open_engine(Settings(data_dir=herning_data, offline=True))
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def greve_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Greve and Herning in one offline index (about 90 s on two cores): built once for all slow tests."""
    engine = open_engine(Settings(data_dir=tmp_path_factory.mktemp("greve-index"), offline=True))
    summary = engine.ingest([corpus_folder("greve"), SAMPLES])
    assert not summary.failures
    yield engine
    engine.close()
