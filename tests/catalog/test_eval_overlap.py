"""`toolrisk eval` says when the gold file overlaps the classifier's training data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from catalog.trainoverlap import training_overlap

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "classifier" / "data" / "train.jsonl"


def _train(n: int) -> list[dict]:
    return [json.loads(x) for x in TRAIN.read_text(encoding="utf-8").splitlines()[:n]]


def _fresh(i: int) -> dict:
    return {"id": f"qa-fresh::tool_{i}", "server": "qa-fresh", "tool": f"frobnicate_widget_{i}",
            "description": f"Frobnicates widget number {i} in a way no training record describes.",
            "input_schema": {"type": "object"}, "action": "Write", "risk": "medium"}


def _eval(gold: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "catalog.cli", "eval", "--gold", str(gold), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_overlap_by_id_and_by_text(tmp_path: Path):
    train = tmp_path / "train.jsonl"
    train.write_text("\n".join(json.dumps(r) for r in [
        {"id": "s::a", "tool": "a", "description": "Deletes a  file."},
        {"id": "s::b", "tool": "b", "description": ""},
    ]) + "\nnot json\n")
    gold = [
        {"id": "s::a", "tool": "a", "description": "something else now"},  # same id
        {"id": "copy::a", "tool": "a", "description": "Deletes a file.\n"},  # same text, other id
        {"id": "other::b", "tool": "b", "description": ""},  # a bare name alone is no match
        {"id": "x::y", "tool": "y", "description": "Deletes a file."},  # same text, other tool name
    ]
    ov = training_overlap(gold, train)
    assert (ov.tools, ov.by_id, ov.by_text, ov.total) == (2, 1, 1, 4)
    assert ov.warning() and "2 of 4" in ov.warning() and "python -m classifier.crossval" in ov.warning()
    assert training_overlap(gold[2:], train).warning() is None


def test_eval_on_training_records_warns_on_stderr_and_in_json(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    records = _train(12) + [_fresh(i) for i in range(3)]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    p = _eval(gold, "--json")
    assert p.returncode == 0, p.stderr
    warn = [line for line in p.stderr.splitlines() if "training data" in line]
    assert len(warn) == 1 and "12 of 15 gold tools" in warn[0] and "not held out" in warn[0]
    assert "python -m classifier.crossval" in warn[0]
    rep = json.loads(p.stdout)  # stdout stays pure JSON
    assert rep["training_overlap"]["tools"] == 12 and rep["training_overlap"]["of"] == 15
    assert rep["training_overlap"]["held_out"] is False
    # a copy under new ids is still caught by its text
    renamed = [{**r, "id": f"renamed::{i}"} for i, r in enumerate(_train(5))]
    gold.write_text("\n".join(json.dumps(r) for r in renamed) + "\n")
    p = _eval(gold)
    assert p.returncode == 0 and "5 of 5 gold tools" in p.stderr and "macro-F1" in p.stdout


def test_eval_on_held_out_records_does_not_warn(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(_fresh(i)) for i in range(4)) + "\n")
    p = _eval(gold, "--json")
    assert p.returncode == 0, p.stderr
    assert "training data" not in p.stderr
    assert json.loads(p.stdout)["training_overlap"] == {
        "tools": 0, "of": 4, "by_id": 0, "by_text": 0,
        "train_file": "classifier/data/train.jsonl + classifier/data/qa_labelled.jsonl",
        "held_out": True, "honest_figures": "python -m classifier.crossval"}
