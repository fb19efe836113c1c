"""Settings come from flags, then REFERAT_* environment variables, then defaults."""

from __future__ import annotations

import argparse
from pathlib import Path

from referat.settings import DEFAULT_MODEL, Settings, add_settings_arguments, build_settings


def _flags(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_settings_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults_without_flags_or_environment() -> None:
    assert build_settings(_flags(), {}) == Settings(data_dir=Path("data"), model=DEFAULT_MODEL, offline=False)


def test_environment_overrides_defaults() -> None:
    settings = build_settings(_flags(), {"REFERAT_DATA": "/srv/referat", "REFERAT_MODEL": "some/model",
                                         "REFERAT_OFFLINE": "ja", "REFERAT_MUNICIPALITY": "Greve",
                                         "HF_HUB_OFFLINE": "1"})
    assert (settings.data_dir, settings.model, settings.offline, settings.municipality, settings.hub_offline) == (
        Path("/srv/referat"), "some/model", True, "Greve", True)


def test_flags_override_the_environment() -> None:
    settings = build_settings(_flags("--data", "here", "--model", "flag/model", "--municipality", "Herning"),
                              {"REFERAT_DATA": "/srv/referat", "REFERAT_MODEL": "env/model",
                               "REFERAT_MUNICIPALITY": "Greve"})
    assert (settings.data_dir, settings.model, settings.municipality) == (Path("here"), "flag/model", "Herning")


def test_an_unset_flag_leaves_the_environment_in_force() -> None:
    settings = build_settings(_flags("--model", "flag/model"), {"REFERAT_OFFLINE": "1", "REFERAT_DEVICE": "cpu"})
    assert (settings.model, settings.offline, settings.device) == ("flag/model", True, "cpu")


def test_false_and_blank_environment_values() -> None:
    settings = build_settings(_flags(), {"REFERAT_OFFLINE": "0", "REFERAT_MODEL": "  "})
    assert (settings.offline, settings.model) == (False, DEFAULT_MODEL)


def test_the_reply_cache_is_on_unless_turned_off_in_the_environment() -> None:
    assert build_settings(_flags(), {}).reply_cache
    assert not build_settings(_flags(), {"REFERAT_REPLY_CACHE": "0"}).reply_cache


def test_the_app_answers_in_an_engine_process_unless_told_otherwise() -> None:
    assert build_settings(_flags(), {}).engine_process is True
    assert build_settings(_flags(), {"REFERAT_ENGINE_PROCESS": "0"}).engine_process is False
