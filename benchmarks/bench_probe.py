"""Probe throughput: per-package install and list times, and packages/hour with --jobs N.

Needs the package registries (it installs real packages) and bubblewrap. Nothing is stored.

    .venv/bin/python benchmarks/bench_probe.py --jobs 2                 # cold: a fresh download cache
    .venv/bin/python benchmarks/bench_probe.py --jobs 2 --warm          # one pass to warm the cache, then measure
    .venv/bin/python benchmarks/bench_probe.py --jobs 1 --only npm:@modelcontextprotocol/server-memory
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.probe.batch import preflight, run_batch  # noqa: E402
from crawler.probe.rpc import RpcLimits  # noqa: E402
from crawler.probe.runner import ProbeConfig, ProbeOutcome  # noqa: E402
from crawler.probe.spec import make_target  # noqa: E402

# The packages live.md measured on this machine (the servers an index would hand us).
PACKAGES = [
    "npm:@modelcontextprotocol/server-memory",
    "npm:@modelcontextprotocol/server-filesystem",
    "npm:@modelcontextprotocol/server-everything",
    "npm:@modelcontextprotocol/server-sequential-thinking",
    "npm:@modelcontextprotocol/server-github",
    "npm:@modelcontextprotocol/server-puppeteer",
    "npm:@modelcontextprotocol/server-postgres",
    "npm:@modelcontextprotocol/server-google-maps",
    "npm:@playwright/mcp",
    "npm:chrome-devtools-mcp",
    "npm:@upstash/context7-mcp",
    "npm:@notionhq/notion-mcp-server",
    "npm:@antv/mcp-server-chart",
    "npm:tavily-mcp",
    "npm:@supabase/mcp-server-supabase",
    "npm:mcp-remote",
    "pypi:mcp-server-fetch",
    "pypi:mcp-server-git",
    "pypi:mcp-server-time",
    "pypi:mcp-server-sqlite",
    "pypi:mcp-server-duckdb",
    "pypi:awslabs-aws-documentation-mcp-server",
    "pypi:excel-mcp-server",
]


def _targets(specs: list[str]) -> list:
    targets = []
    for spec in specs:
        registry, _, name = spec.partition(":")
        targets.append(make_target(name, registry))
    return targets


def _row(outcome: ProbeOutcome) -> dict[str, object]:
    return {
        "package": f"{outcome.target.registry}:{outcome.target.package}",
        "version": outcome.version,
        "result": "ok" if outcome.ok else outcome.kind,
        "tools": len(outcome.capture.tools) if outcome.capture else None,
        "install_s": outcome.install_s,
        "list_s": outcome.list_s,
        "peak_mb": round(outcome.peak_memory / 2**20) if outcome.peak_memory else None,
        "retries": outcome.notes,
        "message": outcome.message[:160],
    }


def _pass(specs: list[str], config: ProbeConfig, jobs: int, label: str) -> dict[str, object]:
    rows: list[dict[str, object]] = []

    def on_outcome(outcome: ProbeOutcome) -> None:
        rows.append(_row(outcome))
        print(f"  [{label}] {rows[-1]['package']}: {rows[-1]['result']} tools={rows[-1]['tools']} "
              f"install={outcome.install_s:.1f}s list={outcome.list_s:.2f}s {outcome.notes or ''}", file=sys.stderr)

    report = run_batch(_targets(specs), config, jobs=jobs, on_outcome=on_outcome)
    return {"pass": label, "jobs": jobs, "packages": len(rows), "listed": report.ok, "seconds": report.seconds,
            "per_hour": round(report.per_hour()), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--warm", action="store_true", help="run a first pass to fill the cache, then measure")
    parser.add_argument("--only", action="append", help="REGISTRY:PACKAGE (repeatable); default: the live.md list")
    parser.add_argument("--json", type=Path, help="write the full results here")
    args = parser.parse_args()
    specs = args.only or PACKAGES
    root = Path(tempfile.mkdtemp(prefix="bench-probe-", dir="/var/tmp"))
    root.chmod(0o755)
    config = ProbeConfig(work_root=root, cache_dir=root / "cache", limits=RpcLimits(deadline_s=60))
    try:
        preflight(config)
        results = []
        if args.warm:
            results.append(_pass(specs, config, args.jobs, "warm-up"))
        started = time.monotonic()
        results.append(_pass(specs, config, args.jobs, "measured"))
        measured = results[-1]
        print(f"\n{'package':52} {'result':22} {'tools':>5} {'install s':>9} {'list s':>7} {'peak MB':>7}")
        for row in sorted(measured["rows"], key=lambda r: str(r["package"])):  # type: ignore[index]
            print(f"{row['package']:52} {row['result']!s:22} {row['tools'] if row['tools'] is not None else '-':>5} "
                  f"{row['install_s']:>9.1f} {row['list_s']:>7.2f} {row['peak_mb'] or '-':>7}")
        print(f"\n{measured['listed']}/{measured['packages']} listed; {measured['seconds']:.1f} s wall with "
              f"--jobs {args.jobs} → {measured['per_hour']} packages/hour "
              f"({'warm' if args.warm else 'cold'} cache; {time.monotonic() - started:.1f} s)")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
