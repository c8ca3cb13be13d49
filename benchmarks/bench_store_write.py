"""Store write rate: a 100,000-tool import into SQLite and into PostgreSQL, side by side.

10,000 servers × 10 tools, written as 100 source fetches of 100 servers (the crawler's page
size), then a second identical pass (which must write nothing new). SQLite runs as toolrisk
configures it (WAL, synchronous=NORMAL); PostgreSQL is a throwaway loopback cluster started as
in the test fixtures (fsync off), so read the figures as the engines' relative shape, not as
a tuned production maximum.

    .venv/bin/python benchmarks/bench_store_write.py [--servers 10000] [--tools 10]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.models import PackageRef, ServerRecord, SourceFetch, ToolDefinition  # noqa: E402
from catalog.store import open_store  # noqa: E402
from tests.services.servers import running_postgres  # noqa: E402


def pages(servers: int, tools: int, page: int = 100):
    for start in range(0, servers, page):
        yield [
            ServerRecord(
                source="bench",
                source_id=f"server-{i}",
                name=f"server-{i}",
                packages=[PackageRef(registry="npm", identifier=f"@bench/server-{i}")],
                tools=[
                    ToolDefinition(
                        name=f"tool_{j}",
                        description=f"Tool {j} of server {i}: lists, reads or updates things. " * 3,
                        inputSchema={"type": "object", "properties": {"id": {"type": "string"}, "limit": {"type": "integer"}}},
                        annotations={"readOnlyHint": j % 2 == 0},
                    )
                    for j in range(tools)
                ],
            )
            for i in range(start, min(servers, start + page))
        ]


def import_into(url: str, servers: int, tools: int) -> tuple[float, float]:
    store = open_store(url)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        for batch in pages(servers, tools):
            store.record_fetch(SourceFetch(source="bench", url="bench://"), batch, complete=False)
        times.append(time.perf_counter() - started)
    counts = store.counts()
    store.close()
    assert counts["definitions"] == servers * tools, counts
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--tools", type=int, default=10)
    args = parser.parse_args()
    n = args.servers * args.tools
    base = Path(tempfile.mkdtemp(prefix="toolrisk-bench-store-"))
    first, again = import_into(str(base / "bench.db"), args.servers, args.tools)
    print(f"sqlite:     {n} tools in {first:.1f} s = {n / first:,.0f} tools/s; unchanged re-import {again:.1f} s")
    with running_postgres(base / "pg") as pg:
        first_pg, again_pg = import_into(pg, args.servers, args.tools)
    print(f"postgresql: {n} tools in {first_pg:.1f} s = {n / first_pg:,.0f} tools/s; unchanged re-import {again_pg:.1f} s")
    print(f"ratio sqlite/postgresql write rate: {first_pg / first:.2f}x")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
