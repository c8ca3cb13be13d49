"""Training is deterministic, versioned by data + code, and the stored model loads fast."""

from __future__ import annotations

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
