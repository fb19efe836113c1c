"""The app's MCP tools: a real MCP client (the `mcp` package) on loopback lists them and asks a question."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from index import Settings, open_engine
from web import ReferatApp
from web.layout import build_ui, launch_options

QUESTION = "Hvad besluttede udvalget om rammeaftalen for danskuddannelse?"
TOOLS = ["hent_punkt", "moedeforberedelse", "moedeliste", "sagsforloeb", "spoerg_referater"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def mcp_url(herning_data: Path) -> Iterator[str]:
    engine = open_engine(Settings(data_dir=herning_data, offline=True))
    app = ReferatApp(engine, samples=None)
    app.start()
    demo = build_ui(app)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                **launch_options(mcp_server=True))
    try:
        yield f"http://127.0.0.1:{port}/gradio_api/mcp/"
    finally:
        demo.close()
        engine.close()


async def _list_and_ask(url: str) -> tuple[dict[str, str], str, bool, str]:
    async with streamable_http_client(url) as (read, write, _), ClientSession(read, write) as session:
        await session.initialize()
        tools = {tool.name: tool.description or "" for tool in (await session.list_tools()).tools}
        result = await session.call_tool("spoerg_referater", {"spoergsmaal": QUESTION, "udvalg": "beskæftigelse"})
        text = result.content[0].text if result.content and hasattr(result.content[0], "text") else ""
        # The samples are not Greve's: the kommune argument reaches the filter and nothing is found.
        other = await session.call_tool("spoerg_referater", {"spoergsmaal": QUESTION, "kommune": "Greve"})
        elsewhere = other.content[0].text if other.content and hasattr(other.content[0], "text") else ""
        return tools, text, bool(result.isError), elsewhere


def test_an_mcp_client_lists_the_tools_and_gets_the_decision_with_its_citation(mcp_url: str) -> None:
    tools, text, failed, elsewhere = asyncio.run(asyncio.wait_for(_list_and_ask(mcp_url), timeout=60))
    assert set(TOOLS) <= set(tools)
    assert tools["spoerg_referater"].startswith("Besvar et spørgsmål ud fra kommunens dagsordener og referater.")
    assert not failed
    answer = json.loads(text)
    assert answer["fundet"] is True
    assert answer["kort_svar"] == ("Beslutning, Beskæftigelsesudvalget den 23. juni 2021: "
                                   "«Indstillingen blev tiltrådt.» [1]")
    source = answer["kilder"][0]
    assert source["nummer"] == 1 and source["beslutning"] == "Indstillingen blev tiltrådt."
    assert source["henvisning"] == (
        "Beskæftigelsesudvalget, 23. juni 2021 (referat), punkt 3: Rammeaftale for KKR Midtjylland om samarbejde og "
        "koordinering af tilbud om danskuddannelse · sag 15.00.00-A00-10-21")
    filtered = json.loads(elsewhere)
    assert filtered["fundet"] is False and filtered["kilder"] == []
