"""Eval results as text: the side-by-side table, a Markdown report with per-type breakdown and failures, and the
recall@k plot. Formatting only; nothing here prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from eval.metrics import Summary, recall_curve
from eval.runner import Evaluation, Outcome, Source

COLUMNS = ("n", "hit@1", "hit@5", "hit@10", "recall@5", "recall@10", "mrr@10", "ndcg@10", "answer_accuracy",
           "abstention_accuracy", "p50 ms", "p95 ms")
_METRICS_NOTE = ("Retrieval metrics leave out unanswerable questions; answer accuracy counts questions with expected "
                 "answer text; abstention accuracy counts all.")
_FAILURES_NOTE = ("Gold references missing from the top 5 (gold ranks: each reference's first rank, – = not in the top "
                  "k), a wrong answer text or a wrong abstention. recall@5 cannot reach 1 for questions with more than "
                  "five references (case histories); those count as failures here only when fewer than five are "
                  "found.")
_SHORT = {"answer_accuracy": "answer acc", "abstention_accuracy": "abstain acc"}


def _cell(summary: Summary, column: str) -> str:
    if column == "n":
        return str(summary.n)
    if column in ("p50 ms", "p95 ms"):
        latency = summary.latency_p50 if column == "p50 ms" else summary.latency_p95
        return "–" if latency is None else f"{latency:.1f}" if latency < 10 else f"{latency:.0f}"
    value = summary.metrics[column]
    return "–" if value is None else f"{value:.3f}"


def _rows(rows: Mapping[str, Summary], first: str) -> tuple[list[str], list[list[str]]]:
    header = [first, *(_SHORT.get(c, c) for c in COLUMNS)]
    return header, [[name, *(_cell(summary, c) for c in COLUMNS)] for name, summary in rows.items()]


def text_table(rows: Mapping[str, Summary], first: str = "mode") -> str:
    """A fixed-width table for the console: one row per mode (or type)."""
    header, body = _rows(rows, first)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, body)])


def markdown_table(rows: Mapping[str, Summary], first: str = "mode") -> str:
    header, body = _rows(rows, first)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def plot_recall(outcomes: Mapping[str, Sequence[Outcome]], path: Path, title: str = "recall@k") -> Path:
    """recall@k for k = 1..10, one line per mode, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = range(1, 11)
    figure, axes = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for mode, found in outcomes.items():
        curve = recall_curve([o.score for o in found], ks)
        axes.plot(list(ks), [float("nan") if (value := curve[k]) is None else value for k in ks], marker="o",
                  label=mode)
    axes.set_xlabel("k")
    axes.set_ylabel("recall@k")
    axes.set_xticks(list(ks))
    axes.set_ylim(0, 1.02)
    axes.grid(alpha=0.3)
    axes.set_title(title)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path


def missed_references(outcome: Outcome, k: int = 5) -> bool:
    """True when fewer references are found within k than could be (min(references, k)): a case with six
    treatments cannot have all six in a top 5, and is not a failure for that alone."""
    ranks = outcome.score.ranks
    found = sum(r is not None and r <= k for r in ranks)
    return bool(ranks) and found < min(len(ranks), k)


def failures(outcomes: Sequence[Outcome], k: int = 5) -> list[Outcome]:
    """Questions a mode got wrong: references missing from the top k, a wrong answer, or a wrong abstention."""
    return [o for o in outcomes if missed_references(o, k) or o.score.answer_ok is False or not o.score.abstention_ok]


def describe_failure(outcome: Outcome) -> str:
    score = outcome.score
    problems = []
    if score.answerable:
        ranks = ", ".join("–" if r is None else str(r) for r in score.ranks)
        if missed_references(outcome):
            problems.append(f"gold ranks {ranks}")
        if not outcome.found:
            problems.append("abstained")
    elif outcome.found:
        problems.append("answered an unanswerable question")
    if score.answer_ok is False and outcome.found == score.answerable:
        problems.append("answer lacks " + " / ".join(f"«{s}»" for s in outcome.question.answer_contains))
    return f"`{outcome.question.id}` ({outcome.question.type}) {outcome.question.question} — {'; '.join(problems)}"


def markdown_report(source: Source, evaluation: Evaluation, outcomes: Mapping[str, Sequence[Outcome]],
                    plot: Path | None) -> str:
    """The whole report: configuration, the table, the per-type breakdown, the plot and the failures per mode."""
    config = evaluation.config
    lines = ["# Referat evaluation", ""]
    facts: tuple[tuple[str, object], ...] = (
        ("questions_files", source.questions_files), ("corpus", source.corpus), ("index_dir", source.index_dir),
        ("embedder", config.embedder), ("k", config.k), ("today", config.today), ("threshold", config.threshold),
        ("questions", config.questions))
    for key, value in facts:
        if value is not None:
            lines.append(f"- **{key}**: {', '.join(map(str, value)) if isinstance(value, tuple) else value}")
    lines.append(f"- **index**: {config.meetings} meetings, {config.items} items, {config.chunks} chunks")
    unmatched = config.unmatched_references
    if unmatched:
        lines.append(f"- **unmatched gold references** (no indexed item): {', '.join(map(str, unmatched))}")
    lines += ["", _METRICS_NOTE, "", "## Results", "",
              markdown_table({mode: summary.overall for mode, summary in evaluation.modes.items()}), ""]
    if plot is not None:
        lines += [f"![recall@k]({plot.name})", ""]
    lines += ["## By question type", ""]
    for mode, summary in evaluation.modes.items():
        lines += [f"### {mode}", "", markdown_table(summary.by_type, first="type"), ""]
    lines += ["## Failures", "", _FAILURES_NOTE, ""]
    for mode, found in outcomes.items():
        missed = failures(found)
        lines += [f"### {mode} ({len(missed)} of {len(found)})", ""]
        lines += [f"- {describe_failure(o)}" for o in missed] or ["- none"]
        lines.append("")
    return "\n".join(lines)
