"""Referat – a Danish web app over municipal agendas and minutes: ask questions, follow a case, prepare a meeting.

Start it with `python app.py` (add --offline to use the built-in lexical vectorizer instead of a model) and open
http://127.0.0.1:7860/. On first start with an empty index it loads the bundled sample minutes from samples/.

The same functions can be called from Python with gradio_client:

    from gradio_client import Client

    client = Client("http://127.0.0.1:7860/")
    answer, citations = client.predict(
        question="Hvad besluttede udvalget om rammeaftalen for danskuddannelse?",
        committee="Alle", date_from="", date_to="", only_decisions=False,
        api_name="/ask",
    )
    print(answer)
    for c in citations:  # committee, date, kind, number, title, case_number, decision, quotes, label
        print(c["label"], "→", c["decision"])

    treatments = client.predict(case_number="00.00.00-P19-1719-10", api_name="/case_history")
    meetings = client.predict(api_name="/meetings")                        # [{"id": ..., "label": ...}, ...]
    brief = client.predict(meeting_id=meetings[0]["id"], api_name="/prepare_meeting")  # Markdown text
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from index import EngineProcess, open_engine
from referat.errors import EngineStopped, IndexingError
from referat.settings import add_settings_arguments, build_settings
from web import ReferatApp, serve

log = logging.getLogger("referat.app")

APP_DIR = Path(__file__).resolve().parent


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Referat: spørg i kommunale dagsordener og referater (web-app).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--samples", type=Path, default=APP_DIR / "samples",
                        help="minutes to load when the index is empty (default: samples/ next to app.py)")
    parser.add_argument("--no-mcp", dest="mcp_server", action="store_const", const=False, default=None,
                        help="do not serve the MCP tools at /gradio_api/mcp/ (REFERAT_MCP=0)")
    parser.add_argument("--one-process", dest="engine_process", action="store_const", const=False, default=None,
                        help="answer in the web server's own process instead of one of its own "
                             "(REFERAT_ENGINE_PROCESS=0)")
    add_settings_arguments(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = build_settings(args, os.environ)
    log.info("opening the index in %s (%s)", settings.data_dir, "offline" if settings.offline else settings.model)
    try:
        # The engine process is made first, while this process runs no other thread (it is forked).
        engine = EngineProcess(settings) if settings.engine_process else open_engine(settings)
    except (IndexingError, EngineStopped) as error:
        # e.g. an index built by another embedder: the message says how to rebuild it.
        raise SystemExit(f"error: {error}") from None
    app = ReferatApp(engine, args.samples)
    app.start()
    serve(app, args.host, args.port, mcp_server=settings.mcp_server)


if __name__ == "__main__":
    main()
