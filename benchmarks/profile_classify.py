"""Where classify time goes: cProfile over the same tool set as bench_classify.py.

    .venv/bin/python benchmarks/profile_classify.py [--tools 20000] [--scan-only] [--top 40]

Without --scan-only it profiles Classifier.classify_many (rules + model + poisoning scan);
with it, classifier.poisoning.scan alone, one tool at a time. Both warm up on 200 tools first,
as the benchmark does, so the caches start as they do there. cProfile's overhead weighs on
Python-level calls more than on C calls (regex, str methods): use the ranking to choose what
to change, and bench_classify.py (old and new alternating) to measure the change.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", type=int, default=20_000)
    ap.add_argument("--scan-only", action="store_true")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()

    from bench_classify import bench_tools

    tools = bench_tools(args.tools)
    prof = cProfile.Profile()
    if args.scan_only:
        from classifier import poisoning

        gc.disable()  # as inside classify_many
        for t in tools[:200]:
            poisoning.scan(t)
        prof.enable()
        for t in tools:
            poisoning.scan(t)
        prof.disable()
        gc.enable()
    else:
        from classifier import load_classifier

        clf = load_classifier()
        clf.classify_many(tools[:200])
        prof.enable()
        clf.classify_many(tools)
        prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
