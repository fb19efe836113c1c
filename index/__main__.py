"""`python -m index stats | search "…" | case NUMBER`: look into an index from the command line.

    python -m index stats
    python -m index search "renovering af svømmehallen" --committee "Kultur" --from 2023-01-01 --decided -k 5
    python -m index search "budget 2025" --kommune herning
    python -m index case 22-011409

Exit status: 0 done, 1 nothing found, 2 bad input or no usable index."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date

from index import Engine, Filters, ItemHit, Mode, open_engine
from ingest.model import AgendaItem, MeetingKind
from referat.danish import item_label
from referat.errors import EmbedderMismatch, IndexingError, VectorStoreUnavailable
from referat.settings import Settings, add_settings_arguments, build_settings

_SNIPPET = 160


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    doc = __doc__ or ""
    parser = argparse.ArgumentParser(prog="python -m index", description=doc.split("\n\n")[0],
                                     epilog=doc.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    stats = commands.add_parser("stats", help="meetings, items, chunks, embedder and size on disk")
    search = commands.add_parser("search", help="ranked agenda items for a question or keywords")
    search.add_argument("query", help="the question or keywords, in Danish")
    search.add_argument("-k", type=int, default=10, help="items to show (default %(default)s)")
    search.add_argument("--mode", choices=("hybrid", "lexical", "dense"), default="hybrid")
    search.add_argument("--committee", help="only committees whose name holds this part, any case (e.g. Kultur)")
    search.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="meetings on or after")
    search.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="meetings on or before")
    search.add_argument("--kind", choices=[k.value for k in MeetingKind], help="only agendas or only minutes")
    search.add_argument("--decided", action="store_true", help="only items with a recorded decision")
    search.add_argument("--case", help="only items of this case number")
    # Not --municipality: that settings flag names the municipality ingest gives sources that do not state one.
    search.add_argument("--kommune", dest="kommune",
                        help="only meetings of municipalities whose name holds this part, any case (e.g. herning)")
    case = commands.add_parser("case", help="every treatment of a case number, in date order")
    case.add_argument("number", help="the case number, e.g. 22-011409")
    for sub in (stats, search, case):
        add_settings_arguments(sub)
        sub.add_argument("-v", "--verbose", action="store_true")
    return parser


def describe_item(item: AgendaItem) -> str:
    """One line naming the item as the answers cite it."""
    return item_label(item)


def shorten(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def format_hit(rank: int, hit: ItemHit) -> str:
    decision = hit.item.decision
    outcome = f"beslutning: {shorten(decision)}" if decision else "ingen beslutning"
    return f"{rank:>2}. [{hit.score:.4f}] {describe_item(hit.item)}\n    {hit.item.id}\n    {outcome}"


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(committee=args.committee, date_from=args.date_from, date_to=args.date_to,
                   kind=MeetingKind(args.kind) if args.kind else None, with_decision=args.decided,
                   case_number=args.case, municipality=args.kommune)


def require_vectors(engine: Engine) -> None:
    """The CLI says so and stops where the app would answer from the lexical side alone."""
    if problem := engine.vector_problem():
        engine.close()
        raise VectorStoreUnavailable(problem)


def run_stats(settings: Settings) -> int:
    engine = open_engine(settings, require_index=True)
    require_vectors(engine)
    status = engine.status(compare=True)
    s = status.stats
    print(f"data folder:  {settings.data_dir}")
    print(f"meetings:     {s.meetings}")
    print(f"items:        {s.items} ({s.items_with_decision} with a decision)")
    print(f"chunks:       {s.chunks} ({s.vectors} vectors)")
    if s.missing_vectors or s.stale_vectors:
        print(f"vectors:      {s.missing_vectors} missing, {s.stale_vectors} stale; "
              "a plain re-run of `python -m ingest PATH...` repairs them")
    print(f"embedder:     {s.embedder}")
    print(f"size on disk: {s.size_bytes / 1024 / 1024:.1f} MiB")
    engine.close()
    return 0


def run_search(settings: Settings, args: argparse.Namespace) -> int:
    if args.k < 1:
        print("error: -k must be at least 1", file=sys.stderr)
        return 2
    engine = open_engine(settings, require_index=True)
    if args.mode != Mode.LEXICAL.value:
        require_vectors(engine)
    hits = engine.search(args.query, _filters(args), k=args.k, mode=Mode(args.mode))
    for rank, hit in enumerate(hits, start=1):
        print(format_hit(rank, hit))
    if not hits:
        print("no items found", file=sys.stderr)
    engine.close()
    return 0 if hits else 1


def run_case(settings: Settings, number: str) -> int:
    engine = open_engine(settings, require_index=True)
    history = engine.case_history(number)
    for item in history:
        decision = item.decision
        print(describe_item(item))
        print(f"    {shorten(decision) if decision else 'ingen beslutning'}")
    if not history:
        print(f"no items with case number {number}", file=sys.stderr)
    engine.close()
    return 0 if history else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    settings = build_settings(args, os.environ)
    try:
        if args.command == "stats":
            return run_stats(settings)
        if args.command == "search":
            return run_search(settings, args)
        return run_case(settings, args.number)
    except (EmbedderMismatch, IndexingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
