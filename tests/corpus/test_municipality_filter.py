"""The municipality filter (issue #13) on an index of two municipalities: the Herning samples and a Greve meeting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest

from index import Engine, Filters, Mode, Settings, open_engine
from index.__main__ import main
from index.storage.lexical import published_version
from tests.conftest import SAMPLES, corpus_folder
from web.handlers import refresh_lists
from web.inputs import InputError, build_filters, require_text
from web.state import ReferatApp

GREVE_MEETING = "oekonomiudvalget_2025-01-29_eb813156.json"
GREVE_ITEMS = {"1038a9f5697ce8cb", "e82ee857a0fbbc4a", "895905be7b5c92e1"}
QUERY = "budget økonomi"


@pytest.fixture(scope="module")
def two_municipalities_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Herning samples ingested as Herning, one Greve meeting (FirstAgenda JSON) as Greve."""
    greve = corpus_folder("greve") / GREVE_MEETING
    folder = tmp_path_factory.mktemp("two-municipalities")
    for municipality, source in (("Herning", SAMPLES), ("Greve", greve)):
        engine = open_engine(Settings(data_dir=folder, offline=True, municipality=municipality))
        assert not engine.ingest([source]).failures
        engine.close()
    return folder


@pytest.fixture(scope="module")
def two_municipalities(two_municipalities_data: Path) -> Iterator[Engine]:
    engine = open_engine(Settings(data_dir=two_municipalities_data, offline=True))
    yield engine
    engine.close()


def test_the_catalog_lists_both_municipalities(two_municipalities: Engine) -> None:
    assert two_municipalities.municipalities() == ["Greve", "Herning"]


def test_unfiltered_search_mixes_the_municipalities(two_municipalities: Engine) -> None:
    found = [h.item.id for h in two_municipalities.search(QUERY, Filters(), k=5, mode=Mode.LEXICAL)]
    assert found == ["9f3c881552dc3809", "920975d24d01ed87", "3490fed6866bbd87", "895905be7b5c92e1",
                     "1038a9f5697ce8cb"]


@pytest.mark.parametrize("mode", [Mode.LEXICAL, Mode.DENSE, Mode.HYBRID])
def test_a_part_of_the_name_in_any_case_keeps_herning_only(two_municipalities: Engine, mode: Mode) -> None:
    found = [h.item.id for h in two_municipalities.search(QUERY, Filters(municipality="herning"), k=5, mode=mode)]
    assert found == ["9f3c881552dc3809", "920975d24d01ed87", "3490fed6866bbd87", "d9510be4842f0a75",
                     "aee4d26bd13ee4e1"]


@pytest.mark.parametrize("mode", [Mode.LEXICAL, Mode.DENSE, Mode.HYBRID])
def test_the_full_name_with_kommune_keeps_greve_only(two_municipalities: Engine, mode: Mode) -> None:
    found = {h.item.id for h in two_municipalities.search(QUERY, Filters(municipality="Greve Kommune"), k=5,
                                                          mode=mode)}
    assert found == GREVE_ITEMS


@pytest.mark.parametrize("mode", [Mode.LEXICAL, Mode.DENSE, Mode.HYBRID])
def test_an_unknown_municipality_finds_nothing(two_municipalities: Engine, mode: Mode) -> None:
    assert two_municipalities.search(QUERY, Filters(municipality="Aarhus"), k=5, mode=mode) == []


def test_the_filter_survives_publishing_the_lexical_index(two_municipalities_data: Path) -> None:
    """A reader opening the published index (rows saved with their municipality) filters the same way."""
    reader = open_engine(Settings(data_dir=two_municipalities_data, offline=True), publish_stale=False)
    try:
        found = {h.item.id for h in reader.search(QUERY, Filters(municipality="greve"), k=5, mode=Mode.LEXICAL)}
    finally:
        reader.close()
    assert found == GREVE_ITEMS


def test_the_form_and_api_pass_the_municipality_on() -> None:
    assert build_filters("Alle", "", "", False, " Herning ").municipality == "Herning"
    assert build_filters("Alle", "", "", False, "Alle").municipality is None
    assert build_filters("Alle", "", "", False, "").municipality is None


def test_the_api_refuses_a_municipality_that_is_not_text() -> None:
    with pytest.raises(InputError, match="«municipality» skal være tekst, ikke et tal"):
        require_text(7, "municipality")


def test_the_cli_filters_with_kommune(two_municipalities_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["search", QUERY, "--kommune", "GREVE", "--mode", "lexical", "--offline",
                 "--data", str(two_municipalities_data)])
    listed = {line.strip() for line in capsys.readouterr().out.splitlines()
              if len(line.strip()) == 16 and " " not in line.strip()}
    assert code == 0 and listed == GREVE_ITEMS


def test_the_kommune_dropdown_shows_only_with_two_municipalities(two_municipalities: Engine,
                                                                 herning_engine: Engine) -> None:
    def dropdown(engine: Engine, chosen: str | None) -> gr.Dropdown:
        app = ReferatApp(engine, samples=None)
        app.start()
        return refresh_lists(app, None, None, chosen)[2]  # type: ignore[no-any-return]

    both = dropdown(two_municipalities, "Greve")
    assert both.visible is True and both.value == "Greve"
    assert [value for _, value in both.choices] == ["Alle", "Greve", "Herning"]
    assert dropdown(herning_engine, None).visible is False


def test_a_lexical_index_of_the_older_format_is_rebuilt_with_municipalities(tmp_path: Path) -> None:
    """Format 2 rows have no municipality: a reader does not load them, and opening the engine publishes format 3."""
    engine = open_engine(Settings(data_dir=tmp_path, offline=True, municipality="Herning"))
    assert not engine.ingest([SAMPLES / "beskaeftigelsesudvalget-2020-10-20-dagsorden.md"]).failures
    engine.close()
    state = tmp_path / "lexical" / "state.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), "format": 2}))
    assert published_version(tmp_path) is None
    engine = open_engine(Settings(data_dir=tmp_path, offline=True))
    try:
        assert json.loads((tmp_path / "lexical" / "state.json").read_text())["format"] == 3
        assert len(engine.search(QUERY, Filters(municipality="herning"), k=3, mode=Mode.LEXICAL)) == 3
    finally:
        engine.close()
