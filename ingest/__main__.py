"""`python -m ingest PATH...`: read minutes into the index (or, with --dry-run, report what would be indexed)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from tqdm import tqdm

from index import IngestSummary, open_engine
from index.storage.index import writer_lock
from ingest.pipeline import parse_and_chunk
from ingest.progress import ingest_progress
from ingest.reader import DEFAULT_MAX_BYTES, find_sources
from referat.errors import IndexingError
from referat.settings import Settings, add_settings_arguments, build_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders (searched recursively)")
    parser.add_argument("--dry-run", action="store_true", help="parse and chunk only; print what would be indexed")
    parser.add_argument("--rebuild", action="store_true", help="empty the index first (e.g. after changing model)")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024,
                        help="skip files larger than this (default %(default).0f MiB)")
    parser.add_argument("-v", "--verbose", action="store_true")
    add_settings_arguments(parser)
    return parser


def _dry_run(paths: list[Path], municipality: str | None, max_bytes: int) -> IngestSummary:
    summary = IngestSummary()
    for result, chunks in tqdm(parse_and_chunk(paths, municipality, max_bytes), total=len(paths), unit="fil",
                               disable=None):
        summary.count(result, chunks)
        if result.publication:
            meeting = result.publication.meeting
            tqdm.write(f"{result.path}: {meeting.committee} {meeting.date:%Y-%m-%d} ({meeting.kind}), "
                       f"{len(result.publication.items)} items, {chunks} chunks")
        else:
            tqdm.write(f"{result.path}: {result.error}", file=sys.stderr)
    return summary


def _index(paths: list[Path], args: argparse.Namespace) -> IngestSummary:
    settings = build_settings(args, os.environ)
    with writer_lock(settings.data_dir):  # refused at once, before any work, when another ingest writes
        return _index_locked(paths, args, settings)


def _index_locked(paths: list[Path], args: argparse.Namespace, settings: Settings) -> IngestSummary:
    engine = open_engine(settings, rebuild=args.rebuild, publish_stale=False)
    status = engine.status()
    if status.offline:
        print(f"Offline mode: embeddings from the built-in lexical vectorizer ({status.stats.embedder}); "
              f"reason: {status.offline_reason or 'requested'}", file=sys.stderr)
    # A bar on a terminal; log lines every N files (counts, rate, time left) in log files, cron and CI.
    with ingest_progress(len(paths), sys.stderr) as progress:
        summary = engine.ingest(paths, progress.update, int(args.max_mb * 1024 * 1024), answer=False)
    written = engine.published_status()
    if written.vector_problem is None:
        stats = written.stats
        print(f"Index {settings.data_dir}: {stats.chunks} chunks in the lexical index, "
              f"{stats.vectors} vectors ({stats.embedder})")
    engine.close()
    return summary


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    paths = find_sources(args.paths)
    if not paths:
        print("No minutes found in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    try:
        if args.dry_run:
            settings = build_settings(args, os.environ)
            summary = _dry_run(paths, settings.municipality, int(args.max_mb * 1024 * 1024))
        else:
            summary = _index(paths, args)
    except IndexingError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(("Would index: " if args.dry_run else "Indexed: ") + summary.describe())
    if summary.stopped:
        return 2
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
