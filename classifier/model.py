"""The fitted model at inference time: numpy only, so loading it takes milliseconds.

The bundle (vocabulary, idf, two softmax-linear models for action and risk, a calibration
map) is fitted by classifier.train with scikit-learn and stored as a pickle under
classifier/model/ named by its version hash. The hash covers the training data and the
source of every module that shapes the features, so a change to either rebuilds it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from catalog.models import ACTIONS, RISKS
from classifier.features import Vocabulary, doc_tokens
from classifier.rules import run_rules
from classifier.text import ToolText

PKG_DIR = Path(__file__).parent
TRAIN_PATH = PKG_DIR / "data" / "train.jsonl"
MODEL_DIR = PKG_DIR / "model"
# Every module whose code changes what the model sees or how it is fitted.
HASHED_SOURCES = ("features.py", "rules.py", "lexicon.py", "heuristic.py", "text.py", "train.py", "model.py")


@dataclass
class LinearSoftmax:
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray  # (n_classes,)

    def proba(self, idx: np.ndarray, w: np.ndarray) -> np.ndarray:
        z = self.coef[:, idx] @ w + self.intercept
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()


@dataclass
class Calibration:
    """Raw confidence bin edges → observed accuracy (out-of-fold, by server)."""

    edges: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)

    def apply(self, conf: float) -> float:
        if not self.edges:
            return conf
        i = int(np.searchsorted(self.edges, conf, side="right")) - 1
        i = min(max(i, 0), len(self.accuracy) - 1)
        return float(self.accuracy[i])


@dataclass
class ModelBundle:
    version: str
    vocab: Vocabulary
    action: LinearSoftmax
    risk: LinearSoftmax
    calibration: Calibration = field(default_factory=Calibration)
    meta: dict[str, Any] = field(default_factory=dict)


class ModelPredictor:
    def __init__(self, bundle: ModelBundle) -> None:
        self.bundle = bundle
        self.version = bundle.version
        self.calibration = bundle.calibration

    def predict(self, texts: Sequence[ToolText]) -> list[tuple[dict[str, float], dict[str, float]]]:
        out = []
        b = self.bundle
        for t in texts:
            idx, w = b.vocab.row(doc_tokens(t, run_rules(t)))
            pa = b.action.proba(idx, w)
            pr = b.risk.proba(idx, w)
            out.append(
                (
                    {c: float(p) for c, p in zip(b.action.classes, pa, strict=True)},
                    {c: float(p) for c, p in zip(b.risk.classes, pr, strict=True)},
                )
            )
        return out


def model_version(train_path: Path = TRAIN_PATH) -> str:
    h = hashlib.sha256()
    h.update(train_path.read_bytes())
    for name in HASHED_SOURCES:
        h.update(name.encode())
        h.update((PKG_DIR / name).read_bytes())
    return "model-" + h.hexdigest()[:8]


def _model_dirs() -> list[Path]:
    dirs = [MODEL_DIR]
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    dirs.append(Path(cache) / "toolrisk" / "model")
    return dirs


def model_path(version: str, directory: Path = MODEL_DIR) -> Path:
    return directory / f"{version}.pkl"


def save_bundle(bundle: ModelBundle) -> Path:
    """Atomic write (tmp + rename) so parallel first uses never read half a file."""
    last_error: OSError | None = None
    for d in _model_dirs():
        try:
            d.mkdir(parents=True, exist_ok=True)
            final = model_path(bundle.version, d)
            tmp = final.with_name(f"{final.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(bundle, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, final)
            return final
        except OSError as exc:  # a read-only install: fall back to the user cache
            last_error = exc
    raise OSError(f"cannot write the model anywhere: {last_error}")


def load_bundle(version: str) -> ModelBundle | None:
    for d in _model_dirs():
        p = model_path(version, d)
        if p.exists():
            try:
                with p.open("rb") as fh:
                    bundle = pickle.load(fh)  # our own file, written by save_bundle
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                continue
            if isinstance(bundle, ModelBundle) and bundle.version == version:
                return bundle
    return None


def load_predictor(*, train_if_missing: bool = True) -> ModelPredictor | None:
    version = model_version()
    bundle = load_bundle(version)
    if bundle is None and train_if_missing:
        from classifier.train import train_bundle

        bundle = train_bundle()
        save_bundle(bundle)
    return ModelPredictor(bundle) if bundle else None


__all__ = ["ACTIONS", "RISKS", "ModelBundle", "ModelPredictor", "load_predictor", "model_version"]
