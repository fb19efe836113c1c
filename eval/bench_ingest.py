"""Benchmark: parse and chunk a corpus (default: the whole Greve corpus) and print items/s and chunks/s.

    python -m eval.bench_ingest [PATH...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from index import IngestSummary
from ingest.pipeline import parse_and_chunk
from ingest.reader import find_sources

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "greve"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_ingest", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    args = parser.parse_args(argv)
    sources = find_sources(args.paths)
    if not sources:
        print(f"no sources in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    summary = IngestSummary()
    started = time.perf_counter()
    for result, chunks in parse_and_chunk(sources):
        summary.count(result, chunks)
    seconds = time.perf_counter() - started
    print(f"files:      {len(sources)}")
    print(f"parsed:     {summary.describe()}")
    print(f"time:       {seconds:.1f} s (target: under 30 s for Greve on 2 cores)")
    print(f"items/s:    {summary.items / seconds:,.0f}")
    print(f"chunks/s:   {summary.chunks / seconds:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
