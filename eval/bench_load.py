"""Load benchmark: many citizens asking the running app at once, through its REST API (/gradio_api/call/ask).

Builds (or reuses) the offline index of a corpus (default: Greve), starts `python app.py` on it, and has --clients
threads ask --questions questions each (the Greve dev questions, every other one with a committee and year filter),
then prints errors, latency p50/p95, throughput and the app's memory. Not a timed test: run it by hand.

    python -m eval.bench_load [--data DIR] [--clients 20] [--questions 25] [--url http://127.0.0.1:7860/]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from eval.metrics import percentile
from eval.questions import load_questions
from index import Settings, has_index, open_engine
from ingest.reader import find_sources
from tests.e2e.serving import rss_bytes, running_app

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "greve"
QUESTIONS = ROOT / "eval" / "questions" / "dev" / "greve.jsonl"


def ask_once(http: httpx.Client, url: str, question: str, committee: str, year: str) -> str:
    """One question through the app's REST API (POST, then read the event stream): what any HTTP caller does."""
    dates = [f"{year}-01-01", f"{year}-12-31"] if year else ["", ""]
    posted = http.post(f"{url}gradio_api/call/ask", json={"data": [question, committee, *dates, False, ""]})
    posted.raise_for_status()
    event = posted.json()["event_id"]
    with http.stream("GET", f"{url}gradio_api/call/ask/{event}") as stream:
        kind = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(line)
                answer = json.loads(line.removeprefix("data: "))[0]
                return str(answer)
    raise RuntimeError("the event stream ended without an answer")


def _citizen(url: str, questions: list[tuple[str, str, str]], timings: list[float], errors: list[str]) -> None:
    with httpx.Client(timeout=60) as http:
        for question, committee, year in questions:
            started = time.perf_counter()
            try:
                if not ask_once(http, url, question, committee, year):
                    errors.append(f"empty answer to {question!r}")
            except Exception as error:  # counted and shown: the benchmark's point is that there are none
                errors.append(f"{type(error).__name__}: {error}")
            timings.append((time.perf_counter() - started) * 1000)


def _workload(clients: int, per_client: int) -> list[list[tuple[str, str, str]]]:
    asked = load_questions([QUESTIONS])
    plain = [(q.question, "Alle", "") for q in asked]
    filtered = [(q.question, "Alle", q.relevant[0].date[:4]) if q.relevant and q.relevant[0].date else
                (q.question, "Alle", "") for q in asked]
    pool = [pair[n % 2] for n, pair in enumerate(zip(plain, filtered, strict=True))]
    return [[pool[(c * per_client + n) % len(pool)] for n in range(per_client)] for c in range(clients)]


def _measure(url: str, clients: int, per_client: int, pid: int | None) -> None:
    work = _workload(clients, per_client)
    with httpx.Client(timeout=60) as http:
        ask_once(http, url, "Hvad besluttede byrådet?", "Alle", "")  # warm up
    timings: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=_citizen, args=(url, w, timings, errors)) for w in work]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - started
    print(f"requests:    {len(timings)} ({clients} clients x {per_client} questions)")
    print(f"errors:      {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"latency:     p50 {percentile(timings, 50):.0f} ms, p95 {percentile(timings, 95):.0f} ms, "
          f"max {max(timings):.0f} ms (target p95: under 300 ms)")
    print(f"throughput:  {len(timings) / elapsed:.1f} questions/s over {elapsed:.1f} s")
    if pid is not None:
        print(f"app memory:  {rss_bytes(pid) / 1024 / 1024:.0f} MiB resident (target: under 1,024 MiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="an offline index to serve (built from --corpus when missing)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=25, help="questions per client")
    parser.add_argument("--url", help="measure an app that is already running instead of starting one")
    args = parser.parse_args(argv)
    if args.url:
        _measure(args.url, args.clients, args.questions, None)
        return 0
    data = args.data or Path(tempfile.mkdtemp(prefix="referat-load-")) / "data"
    if not has_index(data):
        print(f"building the offline index of {args.corpus} in {data} …", file=sys.stderr)
        engine = open_engine(Settings(data_dir=data, offline=True))
        engine.ingest(find_sources([args.corpus]))
        engine.close()
    with running_app(data, data.parent / "bench-app.log", "--offline") as (url, app):
        _measure(url, args.clients, args.questions, app.pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
