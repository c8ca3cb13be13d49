"""Accuracy figures: per-class precision/recall/F1, macro-F1, confusion matrices, critical recall,
under-rating by two or more risk levels, and the reliability table (confidence vs accuracy).

Used by `toolrisk eval --gold FILE` and by the grouped-by-server cross-validation report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from catalog.models import ACTIONS, RISK_RANK, RISKS, Classification

RELIABILITY_BINS = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001]


def _prf(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    per: dict[str, dict[str, float]] = {}
    for k in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == k and p != k)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[k] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    present = [k for k in labels if per[k]["support"]]
    macro = sum(per[k]["f1"] for k in present) / len(present) if present else 0.0
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        if g in confusion and p in confusion[g]:
            confusion[g][p] += 1
    return {"accuracy": round(acc, 4), "macro_f1": round(macro, 4), "per_class": per, "confusion": confusion}


def reliability(conf: Sequence[float], correct: Sequence[bool]) -> list[dict[str, Any]]:
    rows = []
    for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:], strict=False):
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        if not idx:
            rows.append(
                {"bin": f"{lo:.2f}–{min(hi, 1.0):.2f}", "n": 0, "mean_confidence": None, "accuracy": None}
            )
            continue
        rows.append(
            {
                "bin": f"{lo:.2f}–{min(hi, 1.0):.2f}",
                "n": len(idx),
                "mean_confidence": round(sum(conf[i] for i in idx) / len(idx), 3),
                "accuracy": round(sum(1 for i in idx if correct[i]) / len(idx), 3),
            }
        )
    return rows


def metrics(gold: Sequence[dict[str, Any]], pred: Sequence[Classification]) -> dict[str, Any]:
    ga = [g["action"] for g in gold]
    gr = [g["risk"] for g in gold]
    pa = [p.action for p in pred]
    pr = [p.risk for p in pred]
    n = len(gold)
    crit = [i for i, g in enumerate(gr) if g == "critical"]
    under2 = sum(1 for g, p in zip(gr, pr, strict=True) if RISK_RANK[g] - RISK_RANK[p] >= 2)
    conf = [p.confidence for p in pred]
    correct = [g == p for g, p in zip(ga, pa, strict=True)]
    n_conf = max(n, 1)
    ece = 0.0
    for row in reliability(conf, correct):
        if row["n"]:
            ece += row["n"] / n_conf * abs(row["mean_confidence"] - row["accuracy"])
    return {
        "n": n,
        "action": _prf(ga, pa, ACTIONS),
        "risk": _prf(gr, pr, RISKS),
        "critical_recall": round(sum(1 for i in crit if pr[i] == "critical") / len(crit), 4)
        if crit
        else None,
        "critical_support": len(crit),
        "underrated_2plus": round(under2 / n, 4) if n else 0.0,
        "underrated_2plus_count": under2,
        "reliability": reliability(conf, correct),
        "ece": round(ece, 4),
    }


def _matrix(title: str, confusion: dict[str, dict[str, int]], labels: Sequence[str]) -> list[str]:
    width = max(len(x) for x in labels) + 2
    lines = [
        f"{title} (rows = gold, columns = predicted)",
        " " * width + "".join(f"{x:>{width}}" for x in labels),
    ]
    for g in labels:
        lines.append(f"{g:<{width}}" + "".join(f"{confusion[g][p]:>{width}}" for p in labels))
    return lines


def format_report(rep: dict[str, Any], title: str = "evaluation") -> str:
    lines = [f"{title}: {rep['n']} tools"]
    for key, labels in (("action", ACTIONS), ("risk", RISKS)):
        part = rep[key]
        lines.append(f"{key}: accuracy {part['accuracy']:.3f}  macro-F1 {part['macro_f1']:.3f}")
        for k in labels:
            c = part["per_class"][k]
            lines.append(
                f"  {k:<9} precision {c['precision']:.3f}  recall {c['recall']:.3f}  F1 {c['f1']:.3f}  (n={c['support']})"
            )
        lines.extend("  " + x for x in _matrix(f"{key} confusion", part["confusion"], labels))
    cr = rep["critical_recall"]
    lines.append(
        f"critical recall: {cr:.3f} (n={rep['critical_support']})"
        if cr is not None
        else "critical recall: n/a"
    )
    lines.append(
        f"risk under-rated by >=2 levels: {rep['underrated_2plus'] * 100:.2f}% ({rep['underrated_2plus_count']} tools)"
    )
    lines.append(f"reliability (action; expected calibration error {rep['ece']:.3f}):")
    for row in rep["reliability"]:
        if row["n"]:
            lines.append(
                f"  {row['bin']}  n={row['n']:<5} confidence {row['mean_confidence']:.3f}  accuracy {row['accuracy']:.3f}"
            )
    return "\n".join(lines)
