"""Parse time and peak memory of the index parsers on the bundled snapshot and on hostile input.

Run: .venv/bin/python benchmarks/bench_parsers.py [--hostile-mb 50]
Prints one line per snapshot source (records, tools, seconds, traced peak MB), the total, then
the same for a generated ToolHive file whose descriptions are N MB strings (truncated on parse).
Peak memory is measured with tracemalloc (Python allocations) and the process max RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from crawler.parsers import parse_path
from crawler.snapshot import snapshot_sources


def _measure(name: str, path: Path, fmt: str | None) -> tuple[int, int, int, float, float]:
    tracemalloc.start()
    started = time.perf_counter()
    run = parse_path(name, path, fmt)
    records = tools = 0
    for rec in run:
        records += 1
        tools += len(rec.tools or [])
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return records, tools, len(run.errors), seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hostile-mb", type=int, default=50)
    args = parser.parse_args()

    total_s = 0.0
    total_r = total_t = 0
    print(f"{'source':18} {'records':>7} {'tools':>6} {'errors':>6} {'seconds':>8} {'peak MB':>8}")
    for src in snapshot_sources():
        r, t, e, s, mb = _measure(src.name, src.path, src.format)
        total_s += s
        total_r += r
        total_t += t
        print(f"{src.name:18} {r:7} {t:6} {e:6} {s:8.2f} {mb:8.1f}")
    print(f"{'TOTAL':18} {total_r:7} {total_t:6} {'':6} {total_s:8.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.json"
        huge = "A" * (args.hostile_mb * 2**20)
        doc = {
            "version": "1.0.0",
            "last_updated": "2026-01-01T00:00:00Z",
            "servers": {
                "huge": {
                    "description": huge,
                    "image": "x/y:1",
                    "tool_definitions": [{"name": "t", "description": huge}],
                }
            },
        }
        path.write_text(json.dumps(doc))
        del doc, huge
        size_mb = path.stat().st_size / 2**20
        r, t, e, s, mb = _measure("toolhive", path, None)
        print(
            f"hostile file {size_mb:.0f} MB: records={r} tools={t} errors={e} {s:.2f}s traced peak {mb:.0f} MB"
        )
    print(f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
