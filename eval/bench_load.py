"""Load benchmark: many citizens asking the running app at once, through its REST API (/gradio_api/call/ask).

Builds (or reuses) the offline index of a corpus (default: Greve), starts `python app.py` on it, and has --clients
clients (all in one event loop) ask --questions questions each (the 158 Greve dev questions in turn, every other one
with a year filter), then prints errors, latency p50/p95, throughput, the app's memory and the CPU time the app and
the clients used, with the load average: the machine may be shared, and a timing means little without them. Not a
timed test: run it by hand.

It measures four set-ups. With the app's reply cache on (as served): 500 requests over 158 questions, so most are
repeats answered from memory. With it off (REFERAT_REPLY_CACHE=0): every request is answered afresh, the figure that
is not flattered by repeats. And that again with the engine in the web server's own process
(REFERAT_ENGINE_PROCESS=0), the set-up before the app answered in an engine process of its own: the ratio of the two
is what the second process buys. And the web server alone (eval/gradio_floor.py: the app's Gradio settings, an
`ask` that answers at once): the floor under every set-up, since Gradio's own work per request is most of the
budget on a small machine; each set-up is printed against it at the end. The app's CPU time and memory include its
engine process. Each client keeps one session, as the browser and gradio_client do.

    python -m eval.bench_load [--data DIR] [--clients 20] [--questions 25] [--url http://127.0.0.1:7860/]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import aiohttp
import httpx

from eval.metrics import percentile
from eval.questions import load_questions
from eval.serving import cpu_seconds, pss_bytes, rss_bytes, running_server
from index import Settings, has_index, open_engine
from ingest.reader import find_sources

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "greve"
QUESTIONS = ROOT / "eval" / "questions" / "dev" / "greve.jsonl"
TARGET_P95_MS = 300
TARGET_RSS_MIB = 1024


@dataclass(frozen=True, slots=True)
class Pass:
    """One server set-up to measure: the command it is started with (`--port N` added, and the data folder when it
    serves one) and its environment."""

    command: tuple[str, ...]
    env: Mapping[str, str]
    serves_index: bool = True


APP = ("app.py", "--offline")
FLOOR = "web server alone (no engine)"
PASSES: dict[str, Pass] = {
    "reply cache on": Pass(APP, {}),
    "reply cache off": Pass(APP, {"REFERAT_REPLY_CACHE": "0"}),
    "reply cache off, one process": Pass(APP, {"REFERAT_REPLY_CACHE": "0", "REFERAT_ENGINE_PROCESS": "0"}),
    # The web server with the app's settings and an `ask` that answers at once: Gradio's own cost per request, the
    # floor under every set-up above.
    FLOOR: Pass(("-m", "eval.gradio_floor"), {}, serves_index=False),
}

Asked = tuple[str, str, str]  # question, committee, year ("" for none)
# A fresh app reads every item for the first time: each client's first questions show that start, the rest the app
# as it runs all day. Both are printed; the target is on all.
STARTING_QUESTIONS = 10


class Timing(NamedTuple):
    position: int  # in its client's sequence of questions
    ms: float


def _request(question: str, committee: str, year: str, session: str | None) -> dict[str, object]:
    dates = [f"{year}-01-01", f"{year}-12-31"] if year else ["", ""]
    body: dict[str, object] = {"data": [question, committee, *dates, False, ""]}
    if session is not None:
        body["session_hash"] = session
    return body


def _answer_from(lines: Iterable[str]) -> str:
    """The answer in the event stream's complete event; RuntimeError on an error event or none."""
    kind = ""
    for line in lines:
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind in ("complete", "error"):
            if kind == "error":
                raise RuntimeError(line)
            return str(json.loads(line.removeprefix("data: "))[0])
    raise RuntimeError("the event stream ended without an answer")


def ask_once(http: httpx.Client, url: str, question: str, committee: str, year: str,
             session: str | None = None) -> str:
    """One question through the app's REST API (POST, then read the event stream): what any HTTP caller does."""
    posted = http.post(f"{url}gradio_api/call/ask", json=_request(question, committee, year, session))
    posted.raise_for_status()
    with http.stream("GET", f"{url}gradio_api/call/ask/{posted.json()['event_id']}") as stream:
        return _answer_from(stream.iter_lines())


async def _ask(http: aiohttp.ClientSession, url: str, question: str, committee: str, year: str,
               session: str) -> str:
    """`ask_once` for the benchmark's clients, all in one event loop: twenty client threads spent about a third of
    what the app spent on CPU, on the same two cores, and measured that contention more than the app."""
    async with http.post(f"{url}gradio_api/call/ask", json=_request(question, committee, year, session)) as posted:
        posted.raise_for_status()
        event = (await posted.json())["event_id"]
    async with http.get(f"{url}gradio_api/call/ask/{event}") as stream:
        stream.raise_for_status()
        return _answer_from((await stream.text()).splitlines())


async def _citizen(http: aiohttp.ClientSession, url: str, questions: list[Asked], timings: list[Timing],
                   errors: list[str]) -> None:
    session = uuid.uuid4().hex  # one visitor, one session, as in the browser or with gradio_client
    for position, (question, committee, year) in enumerate(questions):
        started = time.perf_counter()
        try:
            if not await _ask(http, url, question, committee, year, session):
                errors.append(f"empty answer to {question!r}")
        except Exception as error:  # counted and shown: the benchmark's point is that there are none
            errors.append(f"{type(error).__name__}: {error}")
        timings.append(Timing(position, (time.perf_counter() - started) * 1000))


async def _citizens(url: str, work: list[list[Asked]], timings: list[Timing], errors: list[str]) -> None:
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as http:
        await asyncio.gather(*(_citizen(http, url, questions, timings, errors) for questions in work))


def workload(clients: int, per_client: int) -> list[list[Asked]]:
    """Each client's questions: the dev questions in turn from its own starting point, every other with a year."""
    asked = load_questions([QUESTIONS])
    plain = [(q.question, "Alle", "") for q in asked]
    filtered = [(q.question, "Alle", q.relevant[0].date[:4]) if q.relevant and q.relevant[0].date else
                (q.question, "Alle", "") for q in asked]
    pool = [pair[n % 2] for n, pair in enumerate(zip(plain, filtered, strict=True))]
    return [[pool[(c * per_client + n) % len(pool)] for n in range(per_client)] for c in range(clients)]


@dataclass(frozen=True, slots=True)
class LoadResult:
    timings: tuple[Timing, ...]
    errors: tuple[str, ...]
    seconds: float
    distinct: int
    client_cpu_s: float
    load_before: float
    load_after: float
    # Of the app, when the benchmark started it (None for --url).
    app_cpu_s: float | None = None
    app_rss: int | None = None
    app_pss: int | None = None

    def describe(self, clients: int, per_client: int) -> list[str]:
        all_ms = [t.ms for t in self.timings]
        later = [t.ms for t in self.timings if t.position >= STARTING_QUESTIONS]
        first = [t.ms for t in self.timings if t.position == 0]
        n = len(all_ms)
        p50, p95 = percentile(all_ms, 50), percentile(all_ms, 95)
        lines = [
            f"requests:    {n} ({clients} clients x {per_client} questions; {self.distinct} distinct)",
            f"errors:      {len(self.errors)}" + (f" (first: {self.errors[0]})" if self.errors else ""),
            f"latency:     p50 {p50 or 0:.0f} ms, p95 {p95 or 0:.0f} ms, max {max(all_ms, default=0):.0f} ms"
            f" (target p95: under {TARGET_P95_MS} ms)",
            f"             after each client's first {STARTING_QUESTIONS} questions (items read before): "
            f"p50 {percentile(later, 50) or 0:.0f} ms, p95 {percentile(later, 95) or 0:.0f} ms",
            f"             each client's first question (Gradio makes the session's copy of the page's settings): "
            f"p50 {percentile(first, 50) or 0:.0f} ms, max {max(first, default=0):.0f} ms",
            f"throughput:  {n / self.seconds:.1f} questions/s over {self.seconds:.1f} s",
        ]
        if self.app_cpu_s is not None:
            lines.append(f"app CPU:     {self.app_cpu_s:.1f} s ({self.app_cpu_s / max(n, 1) * 1000:.1f} ms a request)")
        lines.append(f"client CPU:  {self.client_cpu_s:.1f} s (the benchmark's own clients, one event loop)")
        lines.append(f"load avg:    {self.load_before:.2f} before, {self.load_after:.2f} after "
                     f"(1 min; {os.cpu_count()} cores)")
        if self.app_rss is not None:
            shared = f", {self.app_pss / 1024 / 1024:.0f} MiB proportional" if self.app_pss is not None else ""
            lines.append(f"app memory:  {self.app_rss / 1024 / 1024:.0f} MiB resident{shared}, with its engine process "
                         f"(target: under {TARGET_RSS_MIB:,} MiB)")
        return lines


def measure(url: str, clients: int, per_client: int, pid: int | None) -> LoadResult:
    work = workload(clients, per_client)
    with httpx.Client(timeout=60) as http:
        ask_once(http, url, "Hvad besluttede byrådet?", "Alle", "")  # warm up
    timings: list[Timing] = []
    errors: list[str] = []
    load_before = os.getloadavg()[0]
    app_cpu = cpu_seconds(pid) if pid is not None else 0.0
    client_cpu = time.process_time()
    started = time.perf_counter()
    asyncio.run(_citizens(url, work, timings, errors))
    seconds = time.perf_counter() - started
    return LoadResult(
        timings=tuple(timings), errors=tuple(errors), seconds=seconds,
        distinct=len({asked for questions in work for asked in questions}),
        client_cpu_s=time.process_time() - client_cpu, load_before=load_before, load_after=os.getloadavg()[0],
        app_cpu_s=cpu_seconds(pid) - app_cpu if pid is not None else None,
        app_rss=rss_bytes(pid) if pid is not None else None,
        app_pss=pss_bytes(pid) if pid is not None else None,
    )


def above_floor(results: Mapping[str, LoadResult]) -> list[str]:
    """Each set-up's p95 and throughput against the web server alone, measured in the same run."""
    floor = results[FLOOR]
    floor_p95 = percentile([t.ms for t in floor.timings], 95) or 0.0
    floor_rate = len(floor.timings) / floor.seconds
    lines = [f"== against the web server alone (p95 {floor_p95:.0f} ms, {floor_rate:.1f} questions/s)"]
    for name, result in results.items():
        if name != FLOOR:
            p95 = percentile([t.ms for t in result.timings], 95) or 0.0
            rate = len(result.timings) / result.seconds
            lines.append(f"{name}: p95 {p95 / max(floor_p95, 1e-9):.2f}× (+{p95 - floor_p95:.0f} ms), "
                         f"throughput {rate / floor_rate:.2f}×")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="an offline index to serve (built from --corpus when missing)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=25, help="questions per client")
    parser.add_argument("--passes", nargs="+", choices=list(PASSES), default=list(PASSES),
                        help="the set-ups to measure (default: all)")
    parser.add_argument("--url", help="measure an app that is already running instead of starting one")
    args = parser.parse_args(argv)
    if args.url:
        print("\n".join(measure(args.url, args.clients, args.questions, None).describe(args.clients, args.questions)))
        return 0
    data = args.data or Path(tempfile.mkdtemp(prefix="referat-load-")) / "data"
    if not has_index(data):
        print(f"building the offline index of {args.corpus} in {data} …", file=sys.stderr)
        engine = open_engine(Settings(data_dir=data, offline=True))
        engine.ingest(find_sources([args.corpus]))
        engine.close()
    log = Path(tempfile.gettempdir()) / "referat-bench-app.log"
    results: dict[str, LoadResult] = {}
    for name in args.passes:
        chosen = PASSES[name]
        served = ["--data", str(data), "--samples", str(data / "no-samples")] if chosen.serves_index else []
        with running_server([*chosen.command, *served], log, chosen.env) as (url, app):
            results[name] = measure(url, args.clients, args.questions, app.pid)
        print(f"== {name}")
        print("\n".join(results[name].describe(args.clients, args.questions)), flush=True)
    if FLOOR in results:
        print("\n".join(above_floor(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
