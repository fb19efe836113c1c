"""A new visitor's session: Gradio copies the settings of every block of the page, with the blocks' signatures
remembered (web.layout.remember_signatures) and exactly as without."""

from __future__ import annotations

import inspect

import gradio as gr
import pytest
from gradio.state_holder import SessionState

from index import Engine
from web.layout import build_ui, remember_signatures
from web.state import ReferatApp


@pytest.fixture(scope="module")
def page(herning_engine: Engine) -> gr.Blocks:
    return build_ui(ReferatApp(herning_engine, samples=None))


def _initialisers(page: gr.Blocks) -> set[object]:
    return {vars(cls)["__init__"] for block in page.blocks.values() for cls in type(block).__mro__
            if inspect.isfunction(vars(cls).get("__init__"))}


def test_a_session_gets_the_same_settings_with_the_signatures_remembered(page: gr.Blocks) -> None:
    before = SessionState(page).config_values
    remembered = remember_signatures(page)
    after = SessionState(page).config_values
    assert remembered == len(_initialisers(page)) >= 10
    assert after == before
    assert len(after) == len(page.blocks)


def test_every_block_class_of_the_page_keeps_its_signature(page: gr.Blocks) -> None:
    remember_signatures(page)
    for initialiser in _initialisers(page):
        remembered = initialiser.__signature__  # type: ignore[attr-defined]
        assert isinstance(remembered, inspect.Signature)
        assert inspect.signature(initialiser) is remembered
        assert "self" in remembered.parameters
