"""Model experiments scored the honest way: `python -m classifier.experiments [NAME ...]`.

Each setting is a FitConfig (classifier.train) plus an engine.EngineConfig (the engine's model-trust
knobs, given to the Classifier it scores with). Per setting:
- heldout: fit on train.jsonl + qa_labelled.jsonl (QA at the setting's weight), then score the full
  classifier (rules + model, no human overrides) on classifier/data/heldout.jsonl, whose servers
  neither file holds (no annotations are set there, so visible = hidden);
- train CV: grouped-by-server folds over the train.jsonl tools, the QA records added to every
  fold's training set (their servers are disjoint), annotations visible / hidden, so the original
  annotator's convention is watched too;
- QA CV: grouped folds over the QA servers, train.jsonl always in the fit. A second, larger test on
  servers the model never saw; the rules were fixed on these very tools, so only differences
  between settings mean anything there;
- unseen: heldout and QA CV pooled (1,148 tools), and how many tools of each set the setting
  fixes and breaks against the --base setting ("baseline" unless given).
Confidence calibration is skipped (it moves no label). Heldout is 300 tools: a change of 0.01 is
noise; a setting is worth keeping only if the pooled figures agree.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from catalog.models import ACTIONS, RISKS, Classification
from classifier.crossval import grouped_predictions
from classifier.engine import DEFAULT_ENGINE, Classifier, EngineConfig
from classifier.evaluate import format_report, metrics
from classifier.features import BLOCKS
from classifier.model import HELDOUT_PATH, QA_PATH, TRAIN_PATH, ModelBundle, ModelPredictor
from classifier.overrides import Overrides
from classifier.text import ToolText
from classifier.train import DEFAULT_FIT, FitConfig, fit_bundle, load_records, to_input

Records = Sequence[dict[str, Any]]


@dataclass(frozen=True)
class Setting:
    fit: FitConfig
    # the engine's knobs while this setting is scored (passed to the Classifier, no global state)
    engine: EngineConfig = DEFAULT_ENGINE
    # "risk" / "both": the model's answer replaced by the gold label (a ceiling: what the rules
    # and the engine's floors, caps and gates leave of a perfect model)
    oracle: str = ""


# the fit before classifier.experiments existed: no QA labels, balanced risk class weights
_NO_QA = replace(DEFAULT_FIT, qa_weight_action=0.0, qa_weight_risk=0.0, risk_class_weight="balanced")
_EQUAL_BLOCKS = tuple((b, 1.0) for b in BLOCKS)


def _qa(action: float, risk: float, **kw: Any) -> Setting:
    """A variation of the baseline (balanced risk weights unless kw says otherwise)."""
    return Setting(replace(_NO_QA, qa_weight_action=action, qa_weight_risk=risk, **kw))


SETTINGS: dict[str, Setting] = {
    "baseline": Setting(_NO_QA),
    "production": Setting(DEFAULT_FIT),  # what classifier.train fits now
    # the word-piece vector block (classifier.word_vectors): left out, or weighted differently
    "no_vectors": Setting(replace(DEFAULT_FIT, word_vectors=0.0)),
    "vectors0.5": Setting(replace(DEFAULT_FIT, word_vectors=0.5)),
    "vectors2": Setting(replace(DEFAULT_FIT, word_vectors=2.0)),
    # why the QA labels hurt: their weight, for both models or one
    "qa0.3": _qa(0.3, 0.3),
    "qa1": _qa(1.0, 1.0),
    "qa_action0.3": _qa(0.3, 0.0),
    "qa_risk1": _qa(0.0, 1.0),
    # big servers dominate train.jsonl (117, 98, 69 tools): weight ∝ size^-0.5
    "srv0.5": _qa(0.0, 0.0, server_power=0.5),
    "qa1_srv0.5": _qa(1.0, 1.0, server_power=0.5),
    # tokens that only few servers use memorise those servers
    "minsrv2": _qa(0.0, 0.0, min_servers=2),
    "minsrv3": _qa(0.0, 0.0, min_servers=3),
    "qa1_minsrv3": _qa(1.0, 1.0, min_servers=3),
    "norules": _qa(0.0, 0.0, drop_prefixes=("r",)),
    # regularisation and class weights
    "C1": _qa(0.0, 0.0, c_action=1.0, c_risk=1.0),
    "C16": _qa(0.0, 0.0, c_action=16.0, c_risk=8.0),
    "risk_unbalanced": _qa(0.0, 0.0, risk_class_weight=None),
    "risk_unbalanced_C1": _qa(0.0, 0.0, risk_class_weight=None, c_risk=1.0),
    "risk_unbalanced_C4": _qa(0.0, 0.0, risk_class_weight=None, c_risk=4.0),
    "risk_unbalanced_qa_risk0.3": _qa(0.0, 0.3, risk_class_weight=None),
    "risk_unbalanced_blocks": _qa(0.0, 0.0, risk_class_weight=None, block_weights=_EQUAL_BLOCKS),
    # per-block normalisation: the name, lead, description, schema and cue blocks weigh alike
    "blocks": _qa(0.0, 0.0, block_weights=_EQUAL_BLOCKS),
    "blocks_qa0.3": _qa(0.3, 0.3, block_weights=_EQUAL_BLOCKS),
    "blocks_qa_action0.3": _qa(0.3, 0.0, block_weights=_EQUAL_BLOCKS),
    "blocks_cues2": _qa(0.0, 0.0, block_weights=(*_EQUAL_BLOCKS[:-1], ("cues", 2.0))),
    # the engine: may the model alone say critical for an Execute tool?
    "model_critical0.4": Setting(_NO_QA, EngineConfig(model_critical_min=0.4)),
    "risk_unbalanced_critical0.4": Setting(
        replace(_NO_QA, risk_class_weight=None), EngineConfig(model_critical_min=0.4)
    ),
    # the engine: may a write the model rates low stay low (no cap rule needed)?
    "write_low0.0": Setting(DEFAULT_FIT, EngineConfig(write_low_min=0.0)),
    "write_low0.5": Setting(DEFAULT_FIT, EngineConfig(write_low_min=0.5)),
    "write_low0.6": Setting(DEFAULT_FIT, EngineConfig(write_low_min=0.6)),
    "qa_risk1_write_low0.5": Setting(
        replace(DEFAULT_FIT, qa_weight_risk=1.0), EngineConfig(write_low_min=0.5)
    ),
    # the engine: a tool decided Read that the model gives material Execute (or high-risk) odds is at
    # least medium, so a missed model run is under-rated by one level, not two. Not in production:
    # every threshold that removes ≥2-level under-ratings (heldout 7 → 3 at guard_exec0.2) turns
    # more low reads medium than it helps (heldout risk macro-F1 0.739 → 0.708, QA 2–6 0.911 →
    # 0.903, train CV hidden 0.929 → 0.920; QA under-ratings 13 → 12)
    **{
        f"guard_exec{x}": Setting(DEFAULT_FIT, EngineConfig(read_guard_execute=x))
        for x in (0.1, 0.15, 0.2, 0.25, 0.3)
    },
    **{
        f"guard_risk{x}": Setting(DEFAULT_FIT, EngineConfig(read_guard_risk=x))
        for x in (0.15, 0.2, 0.25, 0.3, 0.4)
    },
    # the engine: how far the verb/hint heuristic moves the model's action probabilities (0.6: flat
    # within 0.005 from 0.5 to 0.8 on all three tests)
    "model_weight0.5": Setting(DEFAULT_FIT, EngineConfig(model_weight=0.5)),
    "model_weight0.7": Setting(DEFAULT_FIT, EngineConfig(model_weight=0.7)),
    "model_weight0.8": Setting(DEFAULT_FIT, EngineConfig(model_weight=0.8)),
    # feature families left out (does one of them memorise train.jsonl's 34 servers? none clearly:
    # drop_d fixes 2 heldout actions and loses 0.004–0.006 risk on QA and train CV)
    **{
        f"drop_{'_'.join(p)}": Setting(replace(DEFAULT_FIT, drop_prefixes=p))
        for p in (("c",), ("nb", "lb"), ("d",), ("e",), ("np",), ("vnl",), ("vn", "vl", "vnl"), ("t",))
    },
    # Tried and removed (the first two are in commit 8d2893f of branch model2); none moved heldout,
    # QA 2–6 or train CV by more than noise: a server-context cue (same-server tools classified
    # together that name an LLM or model provider: train.jsonl has 2 such servers, the cue re-learnt
    # their verb classes), fit weights per templated family (same server and first name word:
    # `generate_*_chart`), idf shrunk for terms one server dominates, and (most blind-QA tools come
    # without an input schema: heldout 254/300, QA 994/1448, train.jsonl 0) a third fit view of each
    # record with its schema unknown, with or without an "np:none" token apart from "np:0"; and
    # Execute's class weight in the action fit × 1.5, 2 or 3 over "balanced" (×3: +1 heldout, -2 QA,
    # -2 train CV).
    # Train.jsonl holds no generative-media Execute tool at all, so no feature of it can teach
    # "generate a face image" as a model run; that takes labels (QA weights: qa_action0.3) or a rule.
    **{
        f"crit_exec{x}": Setting(DEFAULT_FIT, EngineConfig(critical_floor=x))
        for x in (0.15, 0.2, 0.25, 0.3, 0.4)
    },
    **{
        f"crit_all{x}": Setting(DEFAULT_FIT, EngineConfig(critical_floor=x, critical_floor_actions=("Execute", "Write")))
        for x in (0.2, 0.3, 0.4)
    },
    "oracle_risk": Setting(_NO_QA, oracle="risk"),
    "oracle_both": Setting(_NO_QA, oracle="both"),
}


@dataclass(frozen=True)
class _Gold:
    labels: dict[str, dict[str, Any]]  # tool id → record
    which: str  # "risk" or "both"


class _Oracle:
    """A predictor that answers the gold label (by tool id), for the ceiling settings."""

    def __init__(self, inner: ModelPredictor, gold: _Gold) -> None:
        self.inner, self.gold, self.which = inner, gold.labels, gold.which
        self.version, self.calibration = inner.version, None

    def predict(self, texts: Sequence[ToolText]) -> list[tuple[dict[str, float], dict[str, float]]]:
        out = []
        for t, (pa, pr) in zip(texts, self.inner.predict(texts), strict=True):
            g = self.gold[t.id]
            pr = {k: 0.97 if k == g["risk"] else 0.01 for k in RISKS}
            if self.which == "both":
                pa = {k: 0.98 if k == g["action"] else 0.01 for k in ACTIONS}
            out.append((pa, pr))
        return out


_FITS: dict[tuple[FitConfig, tuple[str, ...]], ModelBundle] = {}


def _fit(records: Records, cfg: FitConfig) -> ModelBundle:
    """fit_bundle, remembered per (config, records): settings that vary only the engine share fits."""
    key = (cfg, tuple(r["id"] for r in records))
    if key not in _FITS:
        _FITS[key] = fit_bundle(records, config=cfg)
    return _FITS[key]


def _classifier(records: Records, setting: Setting, oracle: _Gold | None = None) -> Classifier:
    predictor: Any = ModelPredictor(_fit(records, setting.fit))
    if oracle is not None:
        predictor = _Oracle(predictor, oracle)
    return Classifier(predictor, overrides=Overrides(), calibrated=False, config=setting.engine)


def _out_of_fold(
    setting: Setting,
    tested: Records,
    always: Records,
    folds: int,
    hides: tuple[bool, ...],
    oracle: _Gold | None = None,
) -> dict[bool, list[Classification]]:
    """hide → a prediction for every tested record from a fit on `always` + the other folds."""
    return grouped_predictions(
        tested, lambda train: _classifier([*train, *always], setting, oracle), folds, hides
    )


@dataclass
class Data:
    original: Records
    qa: Records
    heldout: Records

    @classmethod
    def load(cls, gold: Path | None = None) -> Data:
        return cls(load_records(TRAIN_PATH), load_records(QA_PATH), load_records(gold or HELDOUT_PATH))


def predictions(
    setting: Setting, data: Data, *, with_cv: bool = True, folds: int = 5
) -> dict[str, list[Classification]]:
    """Set name → predictions: heldout, and with_cv train_visible, train_hidden and qa."""
    oracle = None
    if setting.oracle:
        oracle = _Gold({r["id"]: r for r in (*data.original, *data.qa, *data.heldout)}, setting.oracle)
    clf = _classifier([*data.original, *data.qa], setting, oracle)
    out = {"heldout": clf.classify_many([to_input(r) for r in data.heldout])}
    if with_cv:
        cv = _out_of_fold(setting, data.original, data.qa, folds, (False, True), oracle)
        out["train_visible"], out["train_hidden"] = cv[False], cv[True]
        out["qa"] = _out_of_fold(setting, data.qa, data.original, folds, (False,), oracle)[False]
    return out


def summary(rep: dict[str, Any]) -> dict[str, float]:
    return {
        "action_mf1": rep["action"]["macro_f1"],
        "execute_f1": rep["action"]["per_class"]["Execute"]["f1"],
        "risk_mf1": rep["risk"]["macro_f1"],
        "high_f1": rep["risk"]["per_class"]["high"]["f1"],
        "critical_recall": rep["critical_recall"] or 0.0,
        "under2": rep["underrated_2plus_count"],
    }


def _gold(data: Data, name: str) -> Records:
    return {"heldout": data.heldout, "qa": data.qa}.get(name, data.original)


def flips(
    gold: Records, base: Sequence[Classification], new: Sequence[Classification]
) -> dict[str, list[int]]:
    """field → [tools the new setting gets right that the base got wrong, and the reverse]."""
    out: dict[str, list[int]] = {}
    for fld in ("action", "risk"):
        fixed = sum(
            1 for g, b, n in zip(gold, base, new, strict=True) if getattr(b, fld) != g[fld] == getattr(n, fld)
        )
        broken = sum(
            1 for g, b, n in zip(gold, base, new, strict=True) if getattr(b, fld) == g[fld] != getattr(n, fld)
        )
        out[fld] = [fixed, broken]
    return out


def score(
    name: str,
    preds: dict[str, list[Classification]],
    data: Data,
    base: dict[str, list[Classification]] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    for key, p in preds.items():
        out[key] = summary(metrics(_gold(data, key), p))
    if "qa" in preds:
        out["unseen"] = summary(metrics([*data.heldout, *data.qa], [*preds["heldout"], *preds["qa"]]))
    if base is not None:
        out["vs_baseline"] = {k: flips(_gold(data, k), base[k], p) for k, p in preds.items() if k in base}
    return out


def _short(s: dict[str, float]) -> str:
    return (
        f"action {s['action_mf1']:.3f} exec {s['execute_f1']:.3f} risk {s['risk_mf1']:.3f} "
        f"crit-rec {s['critical_recall']:.2f} under2 {s['under2']:>2}"
    )


def format_row(r: dict[str, Any]) -> str:
    line = f"{r['name']:<20} heldout {_short(r['heldout'])}"
    if "train_visible" in r:
        v, hd = r["train_visible"], r["train_hidden"]
        line += (
            f" | QA {_short(r['qa'])}"
            f" | train CV action {v['action_mf1']:.3f}/{hd['action_mf1']:.3f} risk {v['risk_mf1']:.3f}/{hd['risk_mf1']:.3f}"
            f" under2 {v['under2']}/{hd['under2']}"
        )
    if "vs_baseline" in r:
        parts = [
            f"{k} {f['action'][0]}/{f['action'][1]} {f['risk'][0]}/{f['risk'][1]}"
            for k, f in r["vs_baseline"].items()
            if k != "train_visible"
        ]
        line += " | fixed/broken action, risk: " + ", ".join(parts)
    return line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="compare model settings on heldout.jsonl, train CV and QA CV")
    ap.add_argument("names", nargs="*", help=f"settings to run (default all): {', '.join(SETTINGS)}")
    ap.add_argument(
        "--no-cv", action="store_true", help="heldout only (fast; no fixed/broken counts but heldout's)"
    )
    ap.add_argument("--base", default="baseline", help="the setting fixed/broken counts compare with")
    ap.add_argument("--verbose", action="store_true", help="full heldout report per setting on stderr")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--gold",
        type=Path,
        help="score on this gold file instead of heldout.jsonl (decide on a development round and keep "
        "heldout.jsonl for the final, honest measurement)",
    )
    args = ap.parse_args(argv)
    if args.gold is not None and not args.gold.is_file():
        ap.error(f"--gold: no such file: {args.gold}")
    names = args.names or list(SETTINGS)
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        ap.error(f"unknown setting(s): {', '.join(unknown)}")
    data = Data.load(args.gold)
    if args.base not in SETTINGS:
        ap.error(f"unknown base setting: {args.base}")
    base = predictions(SETTINGS[args.base], data, with_cv=not args.no_cv)
    for n in names:
        t0 = time.perf_counter()
        preds = base if n == args.base else predictions(SETTINGS[n], data, with_cv=not args.no_cv)
        r = score(n, preds, data, None if n == args.base else base)
        r["seconds"] = round(time.perf_counter() - t0, 1)
        if args.verbose:
            print(
                format_report(metrics(data.heldout, preds["heldout"]), f"{n}: heldout.jsonl"), file=sys.stderr
            )
        print(json.dumps(r) if args.json else format_row(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
