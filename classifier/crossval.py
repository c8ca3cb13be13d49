"""Grouped-by-server cross-validation of the whole classifier (rules + model), never a random split.

`python -m classifier.crossval [--folds K] [--json]` prints the figures with and without
annotations; classifier.report turns them into the published methodology page.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from catalog.models import Classification
from classifier.engine import Classifier
from classifier.evaluate import format_report, metrics
from classifier.model import TRAIN_PATH, ModelPredictor
from classifier.overrides import Overrides
from classifier.train import fit_bundle, load_records, server_folds, to_input

DEFAULT_FOLDS = 5


def grouped_predictions(
    tested: Sequence[dict[str, Any]],
    make_classifier: Callable[[list[dict[str, Any]]], Classifier],
    folds: int = DEFAULT_FOLDS,
    hides: tuple[bool, ...] = (False, True),
) -> dict[bool, list[Classification]]:
    """hide_annotations → a prediction for every tested record, each from a classifier built on the
    records of the other server folds (classifier.experiments adds records that are never tested)."""
    preds: dict[bool, list[Classification | None]] = {h: [None] * len(tested) for h in hides}
    for fold in server_folds(tested, folds):
        held = set(fold)
        clf = make_classifier([r for i, r in enumerate(tested) if i not in held])
        inputs = [to_input(tested[i]) for i in fold]
        for hide in hides:
            for i, c in zip(fold, clf.classify_many(inputs, hide_annotations=hide), strict=True):
                preds[hide][i] = c
    return {h: [c for c in v if c is not None] for h, v in preds.items()}


def out_of_fold(
    records: Sequence[dict[str, Any]], folds: int = DEFAULT_FOLDS, *, use_model: bool = True
) -> dict[bool, list[Classification]]:
    """hide_annotations → predictions for every record, each from a model that never saw its server."""

    def make(train: list[dict[str, Any]]) -> Classifier:
        # Overrides are left out: they are corrections of known tools, not a skill that generalises.
        predictor = ModelPredictor(fit_bundle(train)) if use_model else None
        if predictor is not None:
            # Confidence calibrated on the training servers only (nested), as in production.
            from classifier.train import calibrate

            predictor.calibration = calibrate(train, k=4)
        return Classifier(predictor, overrides=Overrides())

    return grouped_predictions(records, make, folds)


def crossval(folds: int = DEFAULT_FOLDS, *, use_model: bool = True, data: str = "all") -> dict[str, Any]:
    """data: "all" = train.jsonl + qa_labelled.jsonl (folds grouped by server over both), with the
    figures of the train.jsonl tools alone under "original"; "original" = train.jsonl only."""
    if data not in ("all", "original"):
        raise ValueError(f"data must be 'all' or 'original', not {data!r}")
    records = load_records(TRAIN_PATH) if data == "original" else load_records()
    preds = out_of_fold(records, folds, use_model=use_model)
    servers = sorted({r["server"] for r in records})
    rep: dict[str, Any] = {
        "folds": folds,
        "data": data,
        "servers": len(servers),
        "tools": len(records),
        "with_annotations": metrics(records, preds[False]),
        "annotations_hidden": metrics(records, preds[True]),
        "contradictions": _contradictions(records, preds[False]),
        "errors": {
            "with_annotations": _errors(records, preds[False]),
            "annotations_hidden": _errors(records, preds[True]),
        },
    }
    if data == "all":
        n = len(load_records(TRAIN_PATH))  # train.jsonl comes first in load_records()
        orig = records[:n]
        rep["original"] = {
            "servers": len({r["server"] for r in orig}),
            "tools": n,
            "with_annotations": metrics(orig, preds[False][:n]),
            "annotations_hidden": metrics(orig, preds[True][:n]),
        }
    return rep


def _contradictions(records: Sequence[dict[str, Any]], preds: Sequence[Classification]) -> dict[str, int]:
    """How well `contradicts_declared` finds the tools whose hints the labels overrule."""
    gold = [
        r.get("annotations") is not None
        and isinstance((r.get("annotations") or {}).get("readOnlyHint"), bool)
        and (r["annotations"]["readOnlyHint"] is True) != (r["action"] == "Read")
        for r in records
    ]
    flagged = [p.contradicts_declared for p in preds]
    both = sum(1 for g, f in zip(gold, flagged, strict=True) if g and f)
    return {"flagged": sum(flagged), "gold_contradictions": sum(gold), "flagged_and_gold": both}


def _errors(records: Sequence[dict[str, Any]], preds: Sequence[Classification]) -> list[dict[str, str]]:
    out = []
    for r, p in zip(records, preds, strict=True):
        if r["action"] != p.action or r["risk"] != p.risk:
            out.append({"id": r["id"], "gold": f"{r['action']}/{r['risk']}", "pred": f"{p.action}/{p.risk}"})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="grouped-by-server cross-validation of the classifier")
    ap.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    ap.add_argument(
        "--rules-only", action="store_true", help="evaluate the rules + verb heuristic without the model"
    )
    ap.add_argument(
        "--data",
        choices=("all", "original"),
        default="all",
        help="all: train.jsonl + qa_labelled.jsonl (default); original: train.jsonl alone",
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the misclassified tools")
    args = ap.parse_args(argv)
    rep = crossval(args.folds, use_model=not args.rules_only, data=args.data)
    if args.json:
        print(json.dumps(rep, indent=2))
        return 0
    for key, title in (
        ("with_annotations", "annotations visible"),
        ("annotations_hidden", "annotations hidden"),
    ):
        print(format_report(rep[key], f"grouped {args.folds}-fold CV by server, {title}"))
        if args.errors:
            for e in rep["errors"][key]:
                print(f"    {e['id']}: gold {e['gold']} predicted {e['pred']}")
        print()
        if "original" in rep:
            o = rep["original"]
            print(
                format_report(
                    o[key], f"  the same CV, train.jsonl tools only ({o['servers']} servers), {title}"
                )
            )
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
