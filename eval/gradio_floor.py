"""What the web server alone costs: a page with the app's REST `ask` (same signature, same queue, limits, MCP tools
and launch options) that answers at once without an engine. The load benchmark measures it beside the app in the
same run: the app's latency above this floor is what answering adds; the floor is Gradio's own work per request
(two HTTP requests, the queue, the event stream), which no change to the engine can lower.

    python -m eval.gradio_floor --port 7861
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import gradio as gr

from web.layout import GRADIO_ENVIRONMENT, QUEUE_SIZE, READ_CONCURRENCY, launch_options, remember_signatures

ANSWER = "Jeg kunne ikke finde noget i referaterne, der svarer på spørgsmålet."


async def ask(question: str, committee: str = "", date_from: str = "", date_to: str = "",
              only_decisions: bool = False, municipality: str = "") -> tuple[str, list[dict[str, Any]]]:
    """The app's `ask` signature (a coroutine, awaited on the event loop as the app's is), answered without an
    engine."""
    return ANSWER, []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.gradio_floor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-mcp", action="store_true", help="without the MCP tools (the app's --no-mcp)")
    args = parser.parse_args(argv)
    for name, value in GRADIO_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    with gr.Blocks(analytics_enabled=False) as demo:
        gr.Markdown("Referat – gulvmåling")
        gr.api(ask, api_name="ask")
    remember_signatures(demo)
    demo.queue(default_concurrency_limit=READ_CONCURRENCY, max_size=QUEUE_SIZE, status_update_rate=5)
    demo.launch(server_name="127.0.0.1", server_port=args.port, **launch_options(not args.no_mcp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
