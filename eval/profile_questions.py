"""What answering a fresh question costs the engine, and whether a speed change changed any answer.

Opens the engine on a data folder as the app does (one Settings object, the engine factory; offline, reply cache off)
and answers every question of the given files: each as asked, and each whose first reference has a date also with
that year as a filter (as the load benchmark asks every other question). Prints the engine's CPU time a question
(median, p90) over a first pass (items read for the first time) and the best of --passes more (items already read),
and with --profile a cProfile breakdown of one more pass. --record writes every reply (ranked item ids and scores,
chunk ids, the answer's text, citations and scope) to a file; --compare checks the replies against such a file and
exits 1 on any difference. Dev questions only: the test part is never tuned on, not even for speed.

    python -m eval.profile_questions --data /work/data-load [--record base.json | --compare base.json] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eval.metrics import percentile
from eval.questions import Question, load_questions
from index import Engine, Filters, QuestionScope, Reply, Settings, open_engine

ROOT = Path(__file__).resolve().parents[1]
DEV_QUESTIONS = sorted((ROOT / "eval" / "questions" / "dev").glob("*.jsonl"))
# Relative periods ("sidste år") are read against this day, so that a recorded reply does not depend on the day.
TODAY = date(2026, 11, 27)


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as put to the engine: its key in a record, its text, filters and the question it follows."""

    key: str
    question: str
    filters: Filters
    follow_up_of: str | None


def workload(questions: Sequence[Question]) -> list[Asked]:
    asked = []
    for q in questions:
        asked.append(Asked(q.id, q.question, Filters(), q.follow_up_of))
        year = q.relevant[0].date[:4] if q.relevant and q.relevant[0].date else ""
        if year and not q.follow_up_of:
            filters = Filters(date_from=date(int(year), 1, 1), date_to=date(int(year), 12, 31))
            asked.append(Asked(f"{q.id}@{year}", q.question, filters, None))
    return asked


def described(reply: Reply) -> dict[str, object]:
    """Everything a reply shows or hands on, as JSON."""
    answer = reply.answer
    return {
        "ranked": [h.item.id for h in reply.hits],
        "scores": [h.score for h in reply.hits],
        "chunks": [[c.chunk_id for c in h.chunks] for h in reply.hits],
        "text": answer.text,
        "found": answer.found,
        "kind": str(answer.kind),
        "confidence": answer.confidence,
        "lead": answer.lead,
        "citations": [[c.number, c.item.id, [repr(q) for q in c.quotes], c.score] for c in answer.citations],
        "scope": repr(answer.scope),
    }


def answer_all(engine: Engine, asked: Sequence[Asked]) -> tuple[dict[str, dict[str, object]], list[float]]:
    """Every reply by key, and the CPU milliseconds each took (this thread's clock: other processes do not count)."""
    scopes: dict[str, QuestionScope] = {}
    replies: dict[str, dict[str, object]] = {}
    costs: list[float] = []
    for a in asked:
        previous = scopes.get(a.follow_up_of) if a.follow_up_of else None
        started = time.thread_time()
        reply = engine.reply(a.question, a.filters, today=TODAY, previous=previous)
        costs.append((time.thread_time() - started) * 1000)
        if reply.answer.scope is not None:
            scopes[a.key] = reply.answer.scope
        replies[a.key] = described(reply)
    return replies, costs


def differences(recorded: dict[str, dict[str, object]], now: dict[str, dict[str, object]]) -> list[str]:
    lines = []
    for key in sorted(set(recorded) | set(now)):
        before, after = recorded.get(key), now.get(key)
        if before is None or after is None:
            lines.append(f"{key}: {'new' if before is None else 'missing'}")
            continue
        lines += [f"{key}: {field} differs\n  was {before[field]!r}\n  now {after.get(field)!r}"
                  for field in before if before[field] != after.get(field)]
    return lines


def summary(label: str, costs: Sequence[float]) -> str:
    return (f"{label}: {len(costs)} questions, CPU median {percentile(costs, 50) or 0:.1f} ms, "
            f"p90 {percentile(costs, 90) or 0:.1f} ms, mean {sum(costs) / max(len(costs), 1):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.profile_questions", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a data folder holding an offline index")
    parser.add_argument("--questions", type=Path, nargs="+", default=DEV_QUESTIONS)
    parser.add_argument("--record", type=Path, help="write every reply to this file")
    parser.add_argument("--compare", type=Path, help="compare every reply with this file; exit 1 on a difference")
    parser.add_argument("--passes", type=int, default=3, help="passes over items already read (default 3)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile breakdown of one more pass")
    parser.add_argument("--top", type=int, default=40, help="functions shown in each profile listing")
    args = parser.parse_args(argv)
    settings = Settings(data_dir=args.data, offline=True, hub_offline=True, reply_cache=False)
    started = time.process_time()
    engine = open_engine(settings, require_index=True, publish_stale=False)
    print(f"engine opened: {time.process_time() - started:.1f} CPU s", flush=True)
    asked = workload(load_questions(args.questions))
    replies, first = answer_all(engine, asked)
    print(summary("first pass (items read afresh)", first), flush=True)
    status = 0
    # The machine may be shared: of several passes over items already read, the least disturbed (lowest median)
    # is the figure to compare.
    passes = []
    for _ in range(args.passes):
        again, costs = answer_all(engine, asked)
        passes.append(costs)
        if (drift := differences(replies, again)):
            print(f"a later pass differs from the first in {len(drift)} places", file=sys.stderr)
            status = 1
    for n, costs in enumerate(sorted(passes, key=lambda c: percentile(c, 50) or 0.0)):
        print(summary("items already read, best pass" if n == 0 else "  another pass", costs))
    if args.record:
        args.record.write_text(json.dumps(replies, ensure_ascii=False, indent=1))
        print(f"recorded {len(replies)} replies in {args.record}")
    if args.compare:
        found = differences(json.loads(args.compare.read_text()), replies)
        print("\n".join(found[:20]))
        print(f"compared {len(replies)} replies with {args.compare}: "
              + (f"{len(found)} differences" if found else "identical"))
        status = status or int(bool(found))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        answer_all(engine, asked)
        profiler.disable()
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
            print(out.getvalue())
    engine.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
