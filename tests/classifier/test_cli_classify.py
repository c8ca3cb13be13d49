"""`toolrisk classify --input/--output` and `toolrisk eval`, run as real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.classifier.helpers import TRAIN

ROOT = Path(__file__).resolve().parents[2]


def toolrisk(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=600
    )


def test_standalone_on_training_file(tmp_path: Path, clf) -> None:  # clf: model trained before the subprocess
    out = tmp_path / "out.jsonl"
    p = toolrisk("classify", "--input", str(TRAIN), "--output", str(out))
    assert p.returncode == 0, p.stderr.decode()
    src = [json.loads(x) for x in TRAIN.read_text(encoding="utf-8").splitlines() if x.strip()]
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == [s["id"] for s in src]
    for g in got:
        assert g["action"] in ("Read", "Write", "Execute")
        assert g["risk"] in ("low", "medium", "high", "critical")
        assert g["classifier_version"].startswith("rules-")
        assert set(g["declared"]) == {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
    # In-sample the classifier must agree with nearly all labels (a broken model would not).
    agree = sum(g["action"] == s["action"] for g, s in zip(got, src, strict=True)) / len(src)
    assert agree > 0.95


def test_garbage_lines_error_per_line_and_exit_2(clf) -> None:
    good = TRAIN.read_text(encoding="utf-8").splitlines()[:2]
    lines = [
        good[0].encode(),
        b"not json at all",
        b'{"id": "a::b"}',
        b"[1, 2, 3]",
        b"\xff\xfe\xfd",
        b'{"id": "deep", "tool": "x", "input_schema": ' + b'{"a":' * 100 + b"1" + b"}" * 100 + b"}",
        good[1].encode(),
    ]
    p = toolrisk("classify", "--input", "-", "--output", "-", stdin=b"\n".join(lines) + b"\n")
    assert p.returncode == 2
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(out) == len(lines)
    assert out[0]["id"] == json.loads(good[0])["id"] and "action" in out[0]
    assert out[-1]["id"] == json.loads(good[1])["id"] and "action" in out[-1]
    for o in out[1:-1]:
        assert set(o) == {"id", "error"} and o["error"]
    assert out[2]["id"] == "a::b" and "tool" in out[2]["error"]
    assert out[5]["id"] == "deep"
    assert b"Traceback" not in p.stderr
    assert len(p.stderr.decode().strip().splitlines()) == 1


def test_missing_input_file_is_one_line_exit_2(tmp_path: Path) -> None:
    p = toolrisk("classify", "--input", str(tmp_path / "nope.jsonl"), "--output", "-")
    assert p.returncode == 2
    assert "nope.jsonl" in p.stderr.decode() and b"Traceback" not in p.stderr


def test_eval_json_and_text(clf, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(TRAIN.read_text(encoding="utf-8").splitlines()[:120]) + "\n", encoding="utf-8")
    p = toolrisk("eval", "--gold", str(gold), "--hide-annotations", "--json")
    assert p.returncode == 0, p.stderr.decode()
    rep = json.loads(p.stdout)
    assert rep["n"] == 120 and rep["hide_annotations"] is True
    assert set(rep["action"]["per_class"]) == {"Read", "Write", "Execute"}
    assert 0.0 <= rep["action"]["macro_f1"] <= 1.0
    assert sum(sum(r.values()) for r in rep["risk"]["confusion"].values()) == 120
    text = toolrisk("eval", "--gold", str(gold))
    assert text.returncode == 0 and b"macro-F1" in text.stdout and b"critical recall" in text.stdout


def test_eval_bad_gold_exit_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a::b", "tool": "b", "action": "Delete", "risk": "low"}\n', encoding="utf-8")
    p = toolrisk("eval", "--gold", str(gold))
    assert p.returncode == 2 and b"action" in p.stderr and b"Traceback" not in p.stderr
