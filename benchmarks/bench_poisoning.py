"""Benchmark the poisoning detector: recall on the planted sets, flag rate over the real corpus,
every real hit with its verdict, and scan speed.

    python benchmarks/bench_poisoning.py [--corpus DIR]... [--json FILE]

Reads the bundled snapshot/ (works in CI) and /work/shared/corpus when present. The same
measurements feed the methodology page (python -m classifier.poisoning_report --out ...).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from classifier.poisoning_report import measure  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, action="append")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    m = measure(args.corpus)
    if args.json:
        args.json.write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("planted", "holdout1", "holdout2", "holdout3", "holdout4", "holdout5"):
        p = m[name]
        if not p["poisoned"]:
            continue
        print(
            f"{name:9s} recall {p['detected']}/{p['poisoned']} = {100 * p['recall']:.1f} %  "
            f"right code {100 * p['expected_code_rate']:.1f} %  "
            f"near-misses flagged {len(p['benign_flagged'])}/{p['benign']}  missed: {', '.join(p['missed']) or '-'}"
        )
    for name, (hit, tot, fp, ben) in m["holdout_first_run"].items():
        print(f"{name} first run (before tuning on it): {hit}/{tot} = {100 * hit / tot:.1f} %, near-misses {fp}/{ben}")
    c = m["corpus"]
    for root, n in c["roots"].items():
        print(f"corpus {root}: {n} tool records")
    print(f"formats: {c['per_format']}")
    rate = 100 * (c["flag_rate"] or 0)
    print(f"real corpus: {c['unique_definitions']} distinct definitions, flagged {c['flagged']} = {rate:.3f} %")
    for hit in c["hits"]:
        v = hit["verdict"]
        print(f"  HIT {hit['server']} :: {hit['tool']}  [{v['verdict']}] {v['note']}")
        for f in hit["findings"]:
            print(f"      {f['code']} {f['field']}: {f['quote'][:120]!r}")
    print(f"weak-only (not flagged): {len(c['weak_only'])}")
    for w in c["weak_only"]:
        for f in w["findings"]:
            print(f"  weak {w['server']} :: {w['tool']}  {f['code']}: {f['quote'][:100]!r}")
    s = m["speed"]
    if s:
        print(
            f"speed: {s['tools']} tools, {s['cold_tools_per_cpu_s']} tools/CPU-s cold, "
            f"{s['warm_tools_per_cpu_s']} warm"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
