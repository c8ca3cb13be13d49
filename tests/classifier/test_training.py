"""Training is deterministic, versioned by data + code, and the stored model loads fast."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from classifier import model as model_mod
from classifier.train import fit_bundle, load_records, server_folds
from tests.classifier.helpers import TRAIN


def test_fit_is_deterministic() -> None:
    records = load_records(TRAIN)[::3]
    a, b = fit_bundle(records), fit_bundle(records)
    assert a.vocab.index == b.vocab.index
    assert np.array_equal(a.vocab.idf, b.vocab.idf)
    assert np.array_equal(a.action.coef, b.action.coef)
    assert np.array_equal(a.risk.coef, b.risk.coef)


def test_version_follows_training_data(tmp_path: Path) -> None:
    copy = tmp_path / "train.jsonl"
    data = TRAIN.read_bytes()
    copy.write_bytes(data)
    assert model_mod.model_version(copy) == model_mod.model_version(TRAIN)
    copy.write_bytes(data + b"\n")
    assert model_mod.model_version(copy) != model_mod.model_version(TRAIN)


def test_folds_never_split_a_server() -> None:
    records = load_records(TRAIN)
    folds = server_folds(records, 5)
    assert sorted(i for f in folds for i in f) == list(range(len(records)))
    seen: dict[str, int] = {}
    for k, fold in enumerate(folds):
        for i in fold:
            assert seen.setdefault(records[i]["server"], k) == k


def test_stored_model_loads_fast(clf) -> None:
    version = model_mod.model_version()
    start = time.perf_counter()
    bundle = model_mod.load_bundle(version)
    assert bundle is not None and bundle.version == version
    assert time.perf_counter() - start < 1.0
    assert clf.version.startswith(f"rules-1+{version}")


def test_model_version_covers_the_qa_labelled_file(tmp_path) -> None:
    from classifier.model import QA_PATH, TRAIN_PATHS, model_version

    assert QA_PATH in TRAIN_PATHS and QA_PATH.is_file()
    a, b = tmp_path / "train.jsonl", tmp_path / "qa_labelled.jsonl"
    a.write_text('{"id": "s::a"}\n')
    alone = model_version(a)
    assert model_version((a, b)) == alone  # an absent extra file leaves the name as it was
    b.write_text('{"id": "q::b"}\n')
    with_qa = model_version((a, b))
    assert with_qa != alone
    b.write_text('{"id": "q::c"}\n')
    assert model_version((a, b)) != with_qa


def test_load_records_reads_both_files_train_first() -> None:
    from classifier.model import QA_PATH, TRAIN_PATH

    both = load_records()
    n = len(load_records(TRAIN_PATH))
    assert len(both) == n + len(load_records(QA_PATH))
    assert both[:n] == load_records(TRAIN_PATH)
    assert not {r["server"] for r in both[:n]} & {r["server"] for r in both[n:]}  # no server in both


def test_heldout_file_shares_no_server_or_tool_with_the_training_files() -> None:
    # classifier/data/heldout.jsonl only measures: a shared server or an identical definition
    # would turn its figures into training-set figures
    data = Path(__file__).resolve().parents[2] / "classifier" / "data"
    heldout = [json.loads(x) for x in (data / "heldout.jsonl").read_text("utf-8").splitlines() if x.strip()]
    trained = load_records()
    assert heldout and trained
    assert not {r["server"] for r in heldout} & {r["server"] for r in trained}
    assert not {(r["tool"], r.get("description")) for r in heldout} & {
        (r["tool"], r.get("description")) for r in trained
    }
    assert {r["action"] for r in heldout} <= {"Read", "Write", "Execute"}
    assert {r["risk"] for r in heldout} <= {"low", "medium", "high", "critical"}


def test_model_version_covers_what_the_calibration_runs(tmp_path: Path, monkeypatch) -> None:
    # the calibration is fitted on the engine's answers, which read the rules' measured precision
    import shutil

    for name in model_mod.HASHED_SOURCES:
        src = model_mod.PKG_DIR / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name)
        else:
            shutil.copy(src, tmp_path / name)
    monkeypatch.setattr(model_mod, "PKG_DIR", tmp_path)
    base = model_mod.model_version(TRAIN)
    precision = tmp_path / "rules_precision.json"
    precision.write_text(precision.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert model_mod.model_version(TRAIN) != base
    precision.unlink()  # no measured precision: still a version, and another one
    assert model_mod.model_version(TRAIN) not in (base, "")
    engine = tmp_path / "engine.py"
    before = model_mod.model_version(TRAIN)
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert model_mod.model_version(TRAIN) != before
