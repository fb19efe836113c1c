"""The one settings object entry points build from flags and REFERAT_* environment variables."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path = Path("data")
    model: str = DEFAULT_MODEL
    offline: bool = False
    chroma_url: str | None = None
    device: str | None = None
    reranker: str | None = None
    municipality: str | None = None
    # huggingface_hub's own switch, honoured so that a cached-or-nothing setup never waits on the network.
    hub_offline: bool = False
    # The web app also serves its read-only functions as MCP tools (at /gradio_api/mcp/).
    mcp_server: bool = True
    # Replies are remembered per snapshot and given again to the same question; off, every question is answered
    # afresh (what the load benchmark measures besides the usual set-up).
    reply_cache: bool = True
    # The web app answers in a process of its own (index/process.py), so that serving pages and answering use two
    # cores; off, both share one (what the load benchmark compares with).
    engine_process: bool = True


_ENV = {
    "data_dir": "REFERAT_DATA",
    "model": "REFERAT_MODEL",
    "offline": "REFERAT_OFFLINE",
    "chroma_url": "REFERAT_CHROMA_URL",
    "device": "REFERAT_DEVICE",
    "reranker": "REFERAT_RERANKER",
    "municipality": "REFERAT_MUNICIPALITY",
    "hub_offline": "HF_HUB_OFFLINE",
    "mcp_server": "REFERAT_MCP",
    "reply_cache": "REFERAT_REPLY_CACHE",
    "engine_process": "REFERAT_ENGINE_PROCESS",
}
_TRUE = {"1", "true", "yes", "ja", "on"}


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags shared by every entry point; each overrides its REFERAT_* variable."""
    parser.add_argument("--data", dest="data_dir", type=Path, help="data folder (REFERAT_DATA, default ./data)")
    parser.add_argument("--model",
                        help=f"sentence-transformers model name or local path (REFERAT_MODEL, default {DEFAULT_MODEL})")
    parser.add_argument("--offline", action="store_const", const=True, default=None,
                        help="use the built-in lexical vectorizer; no model download (REFERAT_OFFLINE=1)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (REFERAT_CHROMA_URL)")
    parser.add_argument("--device", help="cpu, cuda, mps; default: picked automatically (REFERAT_DEVICE)")
    parser.add_argument("--reranker", help="cross-encoder model name or path for reranking (REFERAT_RERANKER)")
    parser.add_argument("--municipality",
                        help="municipality name for sources that do not state it (REFERAT_MUNICIPALITY)")


def build_settings(args: argparse.Namespace | None, environ: Mapping[str, str]) -> Settings:
    """Flags win over the environment, the environment over defaults."""
    # Values of several field types, checked by Settings' own annotations where they are set.
    given: dict[str, Any] = {}
    for field in fields(Settings):
        value = getattr(args, field.name, None) if args is not None else None
        if value is None and (raw := environ.get(_ENV[field.name], "").strip()):
            value = raw.lower() in _TRUE if field.type in (bool, "bool") else raw
        if value is not None:
            given[field.name] = Path(value) if field.name == "data_dir" else value
    return Settings(**given)
