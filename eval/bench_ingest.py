"""Benchmark the ingest: the offline build of a corpus (default: all of Greve) broken down by stage, and, with
`--model`, the ingest's throughput against the model's own on the same chunks, and a `--rebuild` against the first
build (the embedding cache answers it).

    python -m eval.bench_ingest [PATH...] [--model PATH] [--meetings 40] [--no-offline] [--keep DIR]
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from index import IngestSummary, Settings, open_engine
from index.embedding import Embedder, load_sentence_transformer
from index.storage.sources import prepare_source
from ingest.chunking import ChunkingConfig
from ingest.reader import DEFAULT_MAX_BYTES, find_sources

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "greve"
STAGES = ("read", "analyse", "plan", "cache", "embed", "vectors", "catalog", "ahead", "lexical")


def describe_stages(summary: IngestSummary) -> str:
    """Seconds per stage, wall/CPU; read, analysis (and offline embedding) run in worker processes beside the writer,
    and so do the writes of an embedded vector store."""
    return ", ".join(f"{stage} {summary.stages[stage]:.1f}/{summary.cpu.get(stage, 0.0):.1f} s" for stage in STAGES
                     if stage in summary.stages)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have ended (the ingest's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed_ingest(folder: Path, sources: list[Path], embedder: Embedder | None, rebuild: bool = False,
                 offline: bool = False) -> tuple[IngestSummary, float]:
    engine = open_engine(Settings(data_dir=folder, offline=offline), embedder=embedder, rebuild=rebuild)
    started = time.perf_counter()
    summary = engine.ingest(sources, answer=False)  # as `python -m ingest` does
    seconds = time.perf_counter() - started
    engine.close()
    return summary, seconds


def bench_offline(sources: list[Path], keep: Path | None) -> None:
    folder = keep or Path(tempfile.mkdtemp(prefix="referat-bench-"))
    started_cpu = cpu_seconds()
    try:
        summary, seconds = timed_ingest(folder, sources, None, offline=True)
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    own, children = (after - before for after, before in zip(cpu_seconds(), started_cpu, strict=True))
    print(f"offline build:  {summary.describe()}")
    print(f"  time:         {seconds:.1f} s, {summary.chunks / seconds:,.0f} chunks/s (target: under 45 s for Greve); "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  CPU:          {own + children:.1f} s: {own:.1f} s in this process, {children:.1f} s in its workers")
    print(f"  by stage:     {describe_stages(summary)} (wall/CPU)")


def encode_throughput(embedder: Embedder, texts: list[str]) -> float:
    started = time.perf_counter()
    embedder.embed_documents(texts)
    return len(texts) / (time.perf_counter() - started)


def bench_model(model: str, sources: list[Path]) -> None:
    embedder = load_sentence_transformer(model)
    chunking = ChunkingConfig()
    texts = [c.text for path in sources for c in prepare_source(path, None, DEFAULT_MAX_BYTES, chunking).chunks]
    embedder.embed_documents(texts[:64])  # warm up: the first batches pay for lazy initialisation
    before = encode_throughput(embedder, texts)
    folder = Path(tempfile.mkdtemp(prefix="referat-bench-"))
    try:
        first, first_s = timed_ingest(folder, sources, embedder)
        again, again_s = timed_ingest(folder, sources, embedder, rebuild=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    after = encode_throughput(embedder, texts)
    raw = (before + after) / 2
    ingest = first.chunks / first_s
    print(f"model:          {embedder.name}, {len(sources)} files, {len(texts)} chunks")
    print(f"  raw encode:   {raw:,.1f} chunks/s (before the ingest {before:,.1f}, after {after:,.1f})")
    print(f"  ingest:       {ingest:,.1f} chunks/s in {first_s:.1f} s; ratio {ingest / raw:.2f} (target: at least 0.9)")
    print(f"    by stage:   {describe_stages(first)} (wall/CPU)")
    print(f"  --rebuild:    {again_s:.1f} s, {first_s / again_s:.1f}x faster than the first build "
          f"({again.cached} texts from the cache, {again.encoded} encoded; target: at least 5x)")
    print(f"    by stage:   {describe_stages(again)} (wall/CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--model", help="a sentence-transformers model (path or name) to measure against")
    parser.add_argument("--meetings", type=int, default=40, help="files ingested with the model (default 40)")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline build of the whole corpus")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the offline index here and keep it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    sources = find_sources(args.paths)
    if not sources:
        print(f"no sources in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    if not args.no_offline:
        bench_offline(sources, args.keep)
    if args.model:
        bench_model(args.model, sources[:args.meetings])
    return 0


if __name__ == "__main__":
    sys.exit(main())
