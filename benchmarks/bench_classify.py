"""Classifier speed: tools/s in one process and model load time.

    .venv/bin/python benchmarks/bench_classify.py [--tools 20000]

Targets (issue 6): >= 5,000 tools/s; model load <= 1 s. The tools are the bundled training
records, renamed per copy so no cache sees the same text twice.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOAD_SNIPPET = """
import time
t0 = time.perf_counter()
from classifier.engine import load_classifier
clf = load_classifier()
print(time.perf_counter() - t0)
"""


def bench_tools(count: int) -> list[Any]:
    """`count` tools: the bundled training records, renamed per copy (also profile_classify.py)."""
    from catalog.models import ToolInput

    records = [
        json.loads(x)
        for x in (ROOT / "classifier/data/train.jsonl").read_text(encoding="utf-8").splitlines()
        if x
    ]
    tools = []
    for i in range(count):
        r = dict(records[i % len(records)])
        copy = i // len(records)
        r["id"] = f"{r['id']}#{copy}"
        r["tool"] = f"{r['tool']}_{copy}" if copy else r["tool"]
        if r.get("description"):
            r["description"] = f"{r['description']} (v{copy})"
        tools.append(ToolInput.model_validate(r))
    return tools


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", type=int, default=20_000)
    args = ap.parse_args()

    from classifier import load_classifier

    load_classifier()  # make sure the model file exists before timing a cold load
    cold = [
        float(subprocess.check_output([sys.executable, "-c", LOAD_SNIPPET], cwd=ROOT).decode().strip())
        for _ in range(3)
    ]

    tools = bench_tools(args.tools)

    clf = load_classifier()
    clf.classify_many(tools[:200])  # warm-up
    print(f"classifier {clf.version}")
    print(
        f"model load (fresh process, import + unpickle): best {min(cold):.3f}s, worst {max(cold):.3f}s (target <= 1 s)"
    )
    # CPU time as well as wall time: on a shared machine the wall clock also measures the neighbours.
    import classifier.engine as engine

    real_scan = engine.poisoning.scan
    bundle = getattr(clf.predictor, "bundle", None)
    pieces = getattr(bundle, "pieces", None)
    labels = ["full classify (rules + model + poisoning scan)", "without the poisoning scan"]
    if pieces is not None:
        # the word-piece vector block's own cost, side by side (classifier.word_vectors)
        labels.append("without the poisoning scan and the word-piece vectors")
    for label in labels:
        if label.startswith("without"):
            engine.poisoning.scan = lambda tool, schema_key=None: []
        if label.endswith("word-piece vectors"):
            bundle.pieces = None
        w0, c0 = time.perf_counter(), time.process_time()
        out = clf.classify_many(tools)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        assert len(out) == len(tools)
        print(
            f"{label}: {len(tools)} tools, wall {wall:.2f}s = {len(tools) / wall:,.0f} tools/s, "
            f"CPU {cpu:.2f}s = {len(tools) / cpu:,.0f} tools/CPU-s (target >= 5,000)"
        )
    engine.poisoning.scan = real_scan
    if bundle is not None:
        bundle.pieces = pieces
    return 0


if __name__ == "__main__":
    sys.exit(main())
