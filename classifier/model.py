"""The fitted model at inference time: numpy only, so loading it takes milliseconds.

The bundle (vocabulary, idf, two softmax-linear models for action and risk, a calibration
map) is fitted by classifier.train with scikit-learn and stored as a pickle under
classifier/model/ named by its version hash. The hash covers the training data and the
source of every module that shapes the features, so a change to either rebuilds it.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import pickle
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from catalog.models import ACTIONS, RISKS
from classifier.features import Vocabulary, doc_ids
from classifier.text import ToolText
from classifier.word_vectors import PieceScores, data_digest, piece_ids

PKG_DIR = Path(__file__).parent
TRAIN_PATH = PKG_DIR / "data" / "train.jsonl"
# Blind-labelled tools of servers outside train.jsonl (the QA rounds; classifier/data/SOURCE.md).
QA_PATH = PKG_DIR / "data" / "qa_labelled.jsonl"
TRAIN_PATHS = (TRAIN_PATH, QA_PATH)
# blind QA labels of servers in neither file: scored, never trained on (data/SOURCE.md)
HELDOUT_PATH = PKG_DIR / "data" / "heldout.jsonl"
MODEL_DIR = PKG_DIR / "model"
# Every module whose code changes what the model sees or how it is fitted (a directory: each of
# its .py files, in name order). The calibration is fitted on the engine's own answers, and the
# engine's Execute confidence reads the rules' measured precision: both are in, or a model file
# fitted before a rule_stats run or an engine change would keep its name and its stale calibration.
HASHED_SOURCES = (
    "features.py",
    "rules",
    "lexicon.py",
    "heuristic.py",
    "text.py",
    "train.py",
    "model.py",
    "word_vectors.py",
    "wordpieces.py",
    "engine.py",
    "rules_precision.json",
)


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
        # bisect_right on the sorted edges is np.searchsorted(side="right") without converting the
        # list to an array on every call (a tenth of the cost per tool)
        i = bisect.bisect_right(self.edges, conf) - 1
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
    # the word-piece vector block, folded (classifier.word_vectors); None: tf-idf alone
    pieces: PieceScores | None = None


class ModelPredictor:
    def __init__(self, bundle: ModelBundle) -> None:
        self.bundle = bundle
        self.version = bundle.version
        self.calibration = bundle.calibration

    def predict(self, texts: Sequence[ToolText]) -> list[tuple[dict[str, float], dict[str, float]]]:
        """Batched: all rows scored with one bincount per class (no per-tool matrix products)."""
        b = self.bundle
        n = len(texts)
        if n == 0:
            return []
        # indices straight from the text (features.doc_ids): inference never builds the token strings
        rows = [doc_ids(t, t.rule_hits(), b.vocab) for t in texts]
        for t, ids in zip(texts, rows, strict=True):
            t.extra["doc_ids"] = ids  # explain() reads the same row again for the tools it quotes
        doc, idx, w = b.vocab.rows_of_ids(rows)
        extra_a = extra_r = None
        if b.pieces is not None:
            extra_a, extra_r = b.pieces.logits([piece_ids(t) for t in texts])
        pa = _softmax_rows(b.action, idx, w, doc, n, extra_a)
        pr = _softmax_rows(b.risk, idx, w, doc, n, extra_r)
        ac, rc = b.action.classes, b.risk.classes
        # tolist() converts every float64 to the same Python float at once (no row view per tool)
        return [
            (dict(zip(ac, a, strict=True)), dict(zip(rc, r, strict=True)))
            for a, r in zip(pa.tolist(), pr.tolist(), strict=True)
        ]


def _row(t: ToolText, vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """t's (indices, weights) from the vocabulary indices predict() kept on it, instead of building
    its token strings again (doc_tokens): about 3 % of classify_many's time (bench_classify.py)."""
    ids = t.extra.get("doc_ids")
    if ids is None:
        ids = doc_ids(t, t.rule_hits(), vocab)
    return vocab.row_of_ids(ids)


def _softmax_rows(
    m: LinearSoftmax, idx: np.ndarray, w: np.ndarray, doc: np.ndarray, n: int, extra: np.ndarray | None = None
) -> np.ndarray:
    z = np.empty((n, len(m.classes)))
    for k in range(len(m.classes)):
        z[:, k] = np.bincount(doc, weights=m.coef[k, idx] * w, minlength=n) + m.intercept[k]
    if extra is not None:
        z += extra
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _locate(t: ToolText, token: str) -> tuple[str, str] | None:
    """Map a feature token back to an exact quote in the field it came from."""
    kind, _, val = token.partition(":")
    if not val:
        return None
    if kind in ("n", "nf", "nl"):
        for tok in t.name_tokens:
            if tok.text == val:
                return "name", t.name[tok.start : tok.end]
        return None
    if kind in ("t", "l", "lf", "d"):
        fld = "title" if kind == "t" else "description"
        m = re.search(r"(?<![A-Za-z])" + re.escape(val), t.field(fld), re.IGNORECASE)
        return (fld, m.group()) if m else None
    if kind == "p":
        for p in t.props:
            if val in p.name.lower():
                return "input_schema", json.dumps(p.name, ensure_ascii=False)
        return None
    if kind == "e":
        for p in t.props:
            for v in p.enum:
                if val in v.lower():
                    return "input_schema", json.dumps(v, ensure_ascii=False)
        return None
    if kind == "h":
        key, _, flag = val.partition("=")
        quote = f'"{key}": {flag.lower()}'
        return ("annotations", quote) if quote in t.annotations else None
    return None


def model_version(train_path: Path | Sequence[Path] = TRAIN_PATHS) -> str:
    h = hashlib.sha256()
    paths = [train_path] if isinstance(train_path, Path) else list(train_path)
    for i, p in enumerate(p for p in paths if p.is_file()):
        if i:  # the first file hashes as before, so a model of train.jsonl alone keeps its name
            h.update(p.name.encode())
        h.update(p.read_bytes())
    for name in HASHED_SOURCES:
        path = PKG_DIR / name
        # (rules_precision.json may be absent: the engine then reads no measured precision)
        for f in sorted(path.glob("*.py")) if path.is_dir() else [path] if path.is_file() else []:
            h.update(f.relative_to(PKG_DIR).as_posix().encode())
            h.update(f.read_bytes())
    h.update(data_digest())
    return "model-" + h.hexdigest()[:8]


def explain(predictor: ModelPredictor, t: ToolText, action: str, top: int = 2) -> list[tuple[str, str, str]]:
    """The words that pushed the model toward `action` most, as (field, quote, why)."""
    b = predictor.bundle
    idx, w = _row(t, b.vocab)
    if not len(idx):
        return []
    k = b.action.classes.index(action)
    others = [i for i in range(len(b.action.classes)) if i != k]
    # columns first, then rows: the same values without copying every term of the other classes
    sub = b.action.coef[:, idx]
    contrib = (sub[k] - sub[others].mean(axis=0)) * w
    terms = b.vocab.terms()
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for j in np.argsort(-contrib, kind="stable"):
        if contrib[j] <= 0 or len(out) >= top:
            break
        loc = _locate(t, terms[int(idx[j])])
        if loc and loc[1] not in seen:
            seen.add(loc[1])
            out.append((loc[0], loc[1], f"model: this wording points to {action}"))
    return out


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
            _prune(d, keep=final)
            return final
        except OSError as exc:  # a read-only install: fall back to the user cache
            last_error = exc
    raise OSError(f"cannot write the model anywhere: {last_error}")


def _prune(directory: Path, keep: Path, min_age_s: float = 600.0) -> None:
    """Drop models of older versions (each code or data change leaves one behind); recent files
    are kept because another process may still be loading them."""
    import time

    now = time.time()
    for old in directory.glob("model-*.pkl"):
        try:
            if old != keep and now - old.stat().st_mtime > min_age_s:
                old.unlink()
        except OSError:
            pass


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


__all__ = [
    "ACTIONS",
    "QA_PATH",
    "RISKS",
    "TRAIN_PATH",
    "TRAIN_PATHS",
    "ModelBundle",
    "ModelPredictor",
    "load_predictor",
    "model_version",
]
