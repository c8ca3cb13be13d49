"""The whole pipeline at catalog scale, through the real CLI and a real SQLite store.

Builds a store of N servers × M tools whose definitions are the real bundled tools (names,
descriptions, schemas, annotations) spread over synthetic servers, then times each stage as
its own process with /usr/bin/time: classify, build (site + JSON + search), a no-change
rebuild, and export. Figures: wall seconds and peak RSS per stage.

    .venv/bin/python benchmarks/bench_pipeline_scale.py [--servers 10000] [--tools 10] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.models import ServerRecord, SourceFetch, ToolDefinition  # noqa: E402
from catalog.store import open_store  # noqa: E402
from crawler.parsers import parse_path  # noqa: E402
from crawler.snapshot import snapshot_sources  # noqa: E402


def real_tools() -> list[ToolDefinition]:
    tools: list[ToolDefinition] = []
    for src in snapshot_sources():
        for record in parse_path(src.name, Path(src.path), src.format):
            tools.extend(t for t in record.tools or [] if t.input_schema)
    return tools


def fill_store(db: Path, servers: int, per_server: int) -> float:
    pool = real_tools()
    cycle = itertools.cycle(pool)
    started = time.perf_counter()
    with open_store(str(db)) as store:
        for start in range(0, servers, 100):
            batch = []
            for i in range(start, min(servers, start + 100)):
                tools = []
                for j in range(per_server):
                    t = next(cycle)
                    # unique per server: the same real definition under this server's own name
                    tools.append(t.model_copy(update={"name": f"{t.name}_{j}"[:200]}))
                batch.append(ServerRecord(source="bench", source_id=f"srv-{i}", name=f"bench-server-{i}", tools=tools))
            store.record_fetch(SourceFetch(source="bench", url="bench://"), batch, complete=False)
        counts = store.counts()
    print(f"store: {counts['servers']} servers, {counts['definitions']} definitions (from {len(pool)} real tools)")
    return time.perf_counter() - started


def timed(label: str, argv: list[str]) -> None:
    cmd = ["/usr/bin/time", "-f", "%e %M", *argv]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "? ?"
    wall, kb = last.split()[:2]
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-2:]}"
    print(f"{label:18} {float(wall):7.1f} s   peak RSS {int(kb) / 1024:7.0f} MB   {status}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--tools", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp dir, removed)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="toolrisk-bench-pipeline-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.db"
    db.unlink(missing_ok=True)
    print(f"{args.servers} servers × {args.tools} tools = {args.servers * args.tools} tools; work dir {work}")
    print(f"{'fill store':18} {fill_store(db, args.servers, args.tools):7.1f} s")
    cli = [sys.executable, "-m", "catalog.cli"]
    timed("classify", [*cli, "classify", "--db", str(db)])
    timed("build (full)", [*cli, "build", "--db", str(db), "--out", str(work / "public")])
    timed("build (no change)", [*cli, "build", "--db", str(db), "--out", str(work / "public")])
    timed("export", [*cli, "export", "--db", str(db), "--out", str(work / "export")])
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
