"""Where a batch classify spends its wall time, stage by stage, without a profiler's overhead.

    .venv/bin/python benchmarks/bench_classify_stages.py [--tools 20000] [--runs 3]

cProfile inflates small Python calls several-fold, so its split misleads when choosing what to
rebuild; this times the stages of Classifier.classify_many on the bench tools
(bench_classify.bench_tools) as they run for real: ToolText.from_input, the rule table, the model
(features, word pieces, scoring), the poisoning scan and the rest of _finish (decide, operations,
Classification). Best of --runs per stage; the machine is shared, so compare in one sitting.
Runs after the first reuse what the classifier caches by text (short strings, schemas, chunks),
as bench_classify's later passes do, so the best run is the warm-cache one.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run_once(clf: Any, tools: list[Any]) -> dict[str, float]:
    import classifier.engine as engine
    from classifier.text import ToolText

    times: dict[str, float] = {}
    times["from_input"], texts = _timed(lambda: [ToolText.from_input(t) for t in tools])
    times["rules"], _ = _timed(lambda: [t.rule_hits() for t in texts])
    times["model"], probs = _timed(
        lambda: [engine._blend(p, t, clf.config) for p, t in zip(clf.predictor.predict(texts), texts, strict=True)]
    )
    keys = [t.extra.get("schema_key") for t in texts]
    times["poisoning scan"], _ = _timed(
        lambda: [engine.poisoning.scan(tool, k) for tool, k in zip(tools, keys, strict=True)]
    )
    real_scan = engine.poisoning.scan
    engine.poisoning.scan = lambda tool, schema_key=None: []
    try:
        times["finish (no scan)"], _ = _timed(
            lambda: [clf._finish(tool, t, p) for tool, t, p in zip(tools, texts, probs, strict=True)]
        )
    finally:
        engine.poisoning.scan = real_scan
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from bench_classify import bench_tools

    from classifier import load_classifier

    clf = load_classifier()
    if clf.predictor is None:
        print("no model: nothing to split")
        return 1
    tools = bench_tools(args.tools)
    clf.classify_many(tools[:200])  # warm-up
    runs = []
    gc.disable()  # classify_many pauses the cyclic collector too
    try:
        for _ in range(args.runs):
            runs.append(run_once(clf, tools))
    finally:
        gc.enable()
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    total = sum(best.values())
    for k, v in best.items():
        print(f"{k:>18}: {v:6.2f}s  {100 * v / total:4.1f}%")
    print(f"{'sum':>18}: {total:6.2f}s  = {len(tools) / total:,.0f} tools/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
