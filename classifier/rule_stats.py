"""Measure each rule's precision on the bundled training data: `python -m classifier.rule_stats`.

Precision of a rule = of the tools it fires on, the share whose gold label agrees with what
the rule asserts (its action, and a gold risk at or above its risk floor / at or below its cap).
Measured with annotations hidden (the harder case). Writes classifier/rules_precision.json,
which the engine uses as the confidence of a rule-decided answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from catalog.models import RISK_RANK
from classifier.rules import RULES, run_rules
from classifier.text import ToolText
from classifier.train import load_records, to_input

OUT = Path(__file__).with_name("rules_precision.json")


def measure(records: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    records = records if records is not None else load_records()
    stats: dict[str, dict[str, Any]] = {
        r.id: {"fired": 0, "action_ok": 0, "risk_ok": 0, "misses": []} for r in RULES
    }
    for rec in records:
        t = ToolText.from_input(to_input(rec), hide_annotations=True)
        for hit in run_rules(t):
            s = stats[hit.rule.id]
            s["fired"] += 1
            a_ok = hit.rule.action is None or rec["action"] == hit.rule.action
            r_ok = True
            if hit.rule.risk:
                r_ok = RISK_RANK[rec["risk"]] >= RISK_RANK[hit.rule.risk]
            if hit.rule.cap_risk:
                r_ok = RISK_RANK[rec["risk"]] <= RISK_RANK[hit.rule.cap_risk]
            s["action_ok"] += a_ok
            s["risk_ok"] += r_ok
            if not (a_ok and r_ok) and len(s["misses"]) < 8:
                s["misses"].append(f"{rec['id']} ({rec['action']}/{rec['risk']})")
    out: dict[str, dict[str, Any]] = {}
    for rid, s in stats.items():
        n = s["fired"]
        out[rid] = {
            "fired": n,
            "action_precision": round(s["action_ok"] / n, 3) if n else None,
            "risk_precision": round(s["risk_ok"] / n, 3) if n else None,
            "misses": s["misses"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args(argv)
    stats = measure()
    for rid, s in stats.items():
        ap_ = "-" if s["action_precision"] is None else f"{s['action_precision']:.2f}"
        rp = "-" if s["risk_precision"] is None else f"{s['risk_precision']:.2f}"
        print(f"{rid:<24} fired {s['fired']:>4}  action precision {ap_:>5}  risk precision {rp:>5}")
        if args.misses:
            for m in s["misses"]:
                print(f"    {m}")
    if args.write:
        slim = {
            k: {kk: v[kk] for kk in ("fired", "action_precision", "risk_precision")} for k, v in stats.items()
        }
        OUT.write_text(json.dumps(slim, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
