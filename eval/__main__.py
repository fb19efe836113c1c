"""python -m eval: score question sets against an index built from a corpus (cached) or an existing index.

    python -m eval --questions eval/questions/dev/herning.jsonl --corpus samples --offline
    python -m eval --questions eval/questions/*/*.jsonl --index data --modes hybrid --json out.json --report out.md
    python -m eval --questions eval/questions/dev/herning.jsonl --corpus samples --offline --gate eval/thresholds.json

Exit status: 0 done, 1 below a --gate / --min-* value, 2 bad input."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from eval.cache import build_once, cache_key
from eval.questions import QuestionFileError, load_questions
from eval.report import markdown_report, plot_recall, text_table
from eval.runner import DEFAULT_K, MODES, Evaluation, Outcome, Source, parse_modes, result_json, run, summarize_outcomes
from index import DEFAULT_THRESHOLD, Embedder, Engine, FusionWeights, has_index, load_embedder, open_engine
from ingest.reader import find_sources
from referat.errors import EmbedderMismatch
from referat.settings import Settings, add_settings_arguments, build_settings

GATE_MODE = "hybrid"
EPSILON = 1e-9


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", nargs="+", type=Path, required=True, metavar="FILE", help="JSONL question files")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", nargs="+", type=Path, metavar="PATH",
                        help="minutes files or folders; indexed into a cache folder keyed by their content")
    source.add_argument("--index", type=Path, metavar="DIR", help="an existing index folder (as `--data` of the app)")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="where --corpus indexes are kept (default DATA/eval-cache)")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"comma-separated, of {', '.join(MODES)} (default: all)")
    parser.add_argument("--k", type=int, default=DEFAULT_K, help=f"items retrieved per question (default {DEFAULT_K})")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the metrics as JSON")
    parser.add_argument("--report", type=Path, metavar="OUT.md",
                        help="write a Markdown report (and a recall@k PNG beside it)")
    parser.add_argument("--details", type=Path, metavar="OUT.jsonl", help="write every question's outcome per mode")
    parser.add_argument("--gate", type=Path, metavar="FILE",
                        help="thresholds JSON (eval/thresholds.json) for the CI gate")
    parser.add_argument("--min-recall5", type=float, metavar="X", help=f"exit 1 when {GATE_MODE} recall@5 is below X")
    parser.add_argument("--min-answer-accuracy", type=float, metavar="Y",
                        help=f"exit 1 when {GATE_MODE} answer accuracy is below Y")
    parser.add_argument("--weights", metavar="LEXICAL,DENSE",
                        help="fusion weights to try instead of the embedder's tuned ones, e.g. 1.0,0.3")
    parser.add_argument("--threshold", type=float, metavar="X",
                        help=f"answer confidence threshold to try instead of the calibrated {DEFAULT_THRESHOLD}")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being built and reused")
    add_settings_arguments(parser)
    args = parser.parse_args(argv)
    if args.k < 1:
        parser.error("--k must be at least 1")
    try:
        args.modes = parse_modes(args.modes)
        args.weights = parse_weights(args.weights) if args.weights else None
    except ValueError as error:
        parser.error(str(error))
    return args


def parse_weights(text: str) -> FusionWeights:
    """"1.0,0.3" → FusionWeights(lexical=1.0, dense=0.3)."""
    parts = text.split(",")
    try:
        lexical, dense = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"--weights takes two numbers, LEXICAL,DENSE (got {text!r})") from None
    if lexical < 0 or dense < 0 or lexical + dense == 0:
        raise ValueError(f"--weights must be non-negative and not both zero (got {text!r})")
    return FusionWeights(lexical=lexical, dense=dense)


def gate_values(args: argparse.Namespace) -> dict[str, float]:
    """The gate's minimums: the thresholds file, overridden by explicit flags."""
    values: dict[str, float] = {}
    if args.gate is not None:
        raw = json.loads(args.gate.read_text(encoding="utf-8"))
        for key, metric in (("min_recall5", "recall@5"), ("min_answer_accuracy", "answer_accuracy")):
            if raw.get(key) is not None:
                values[metric] = float(raw[key])
    if args.min_recall5 is not None:
        values["recall@5"] = args.min_recall5
    if args.min_answer_accuracy is not None:
        values["answer_accuracy"] = args.min_answer_accuracy
    return values


def check_gate(evaluation: Evaluation, minimums: dict[str, float]) -> list[str]:
    """One line per metric below its minimum."""
    metrics = evaluation.modes[GATE_MODE].overall.metrics
    failed = []
    for metric, minimum in minimums.items():
        value = metrics[metric]
        if value is None or value + EPSILON < minimum:
            failed.append(f"{GATE_MODE} {metric} = {value if value is None else f'{value:.4f}'} is below {minimum}")
    return failed


def open_target(args: argparse.Namespace, settings: Settings, embedder: Embedder, cache_root: Path,
                progress: bool) -> tuple[Engine, Source]:
    """The engine to evaluate, over the cached index of --corpus (built when missing) or over --index."""
    questions_files = tuple(str(p) for p in args.questions)
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not args.corpus:
        if not has_index(args.index):
            raise FileNotFoundError(f"{args.index} holds no Referat index (no catalog.sqlite)")
        engine = open_engine(replace(settings, data_dir=args.index), embedder=embedder, weights=args.weights,
                             threshold=threshold)
        return engine, Source(questions_files, str(args.index))
    missing = [str(p) for p in args.corpus if not p.exists()]
    if missing:
        raise FileNotFoundError(f"corpus path(s) not found: {', '.join(missing)}")
    if settings.chroma_url:
        print("note: --corpus builds an embedded index; the Chroma server setting is not used", file=sys.stderr)
    sources = find_sources(args.corpus)
    if not sources:
        raise FileNotFoundError(f"no minutes files found in {', '.join(map(str, args.corpus))}")
    folder = cache_root / cache_key(sources, embedder.name, settings.municipality)
    engine = open_engine(replace(settings, data_dir=folder, chroma_url=None), embedder=embedder,
                         weights=args.weights, threshold=threshold)
    built = build_once(engine, sources, folder, embedder.name, progress)
    for failure in built.failures:
        print(f"warning: not indexed: {failure}", file=sys.stderr)
    return engine, Source(questions_files, str(folder), tuple(str(p) for p in args.corpus), built)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    settings = build_settings(args, os.environ)
    progress = not args.no_progress and sys.stderr.isatty()
    try:
        questions = load_questions(args.questions)
        minimums = gate_values(args)
    except (QuestionFileError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    modes = args.modes
    if minimums and GATE_MODE not in modes:
        modes = (*modes, GATE_MODE)

    embedder = load_embedder(settings.model, settings.offline, settings.device, settings.hub_offline)
    cache_root = args.cache or settings.data_dir / "eval-cache"
    try:
        engine, source = open_target(args, settings, embedder, cache_root, progress)
    except (EmbedderMismatch, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if engine.is_empty():
        print("error: the index is empty", file=sys.stderr)
        return 2

    try:
        outcomes, run_config = run(questions, engine, modes, args.k, naive_cache=cache_root / "naive",
                                   progress=progress, naive_embedder=embedder)
    finally:
        engine.close()
    evaluation = Evaluation(run_config, summarize_outcomes(outcomes))

    print(text_table({mode: summary.overall for mode, summary in evaluation.modes.items()}))
    unmatched = run_config.unmatched_references
    if unmatched:
        print(f"\nwarning: {len(unmatched)} gold reference(s) match no indexed item: " + "; ".join(unmatched),
              file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result_json(source, evaluation), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    if args.details:
        write_details(args.details, outcomes)
    if args.report:
        plot = plot_recall(outcomes, args.report.with_name(args.report.stem + "-recall.png"))
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(markdown_report(source, evaluation, outcomes, plot), encoding="utf-8")

    failed = check_gate(evaluation, minimums) if minimums else []
    for line in failed:
        print(f"gate failed: {line}", file=sys.stderr)
    if minimums and not failed:
        hybrid = evaluation.modes[GATE_MODE].overall.metrics
        print("\ngate passed: " + ", ".join(f"{GATE_MODE} {m} {hybrid[m]:.3f} ≥ {v}" for m, v in minimums.items()))
    return 1 if failed else 0


def write_details(path: Path, outcomes: dict[str, list[Outcome]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for mode, found in outcomes.items():
            for o in found:
                out.write(json.dumps({
                    "mode": mode, "id": o.question.id, "type": o.question.type, "question": o.question.question,
                    "ranks": list(o.score.ranks), "ranked": list(o.ranked), "found": o.found,
                    "answer_ok": o.score.answer_ok, "abstention_ok": o.score.abstention_ok,
                    "latency_ms": round(o.latency_ms, 1), "answer": o.answer,
                }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
