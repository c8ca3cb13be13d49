"""Scale-out throughput: probes per hour with 1, 2 and 4 `toolrisk worker` processes.

Real parts: a throwaway PostgreSQL cluster and Redis on loopback, real worker processes, and
N small MCP server packages (wheels built here, installed with pip --no-index and listed in
the bubblewrap sandbox exactly as published packages are). The probe is the CPU-heavy unit of
distributed work; crawling is bound by each index's rate limit, not by worker count.

    .venv/bin/python benchmarks/bench_fleet.py [--packages 24] [--workers 1,2,4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.probe.conftest import build_wheel  # noqa: E402
from tests.services.servers import running_postgres, running_redis, running_workers  # noqa: E402


def make_wheelhouse(folder: Path, n: int) -> list[str]:
    code = (ROOT / "tests" / "probe" / "servers" / "python" / "toy_mcp_server.py").read_text()
    names = []
    for i in range(n):
        name = f"bench-mcp-server-{i}"
        module = name.replace("-", "_")
        build_wheel(folder, name, "1.0.0", {f"{module}.py": code}, scripts={name: f"{module}:main"})
        names.append(name)
    return names


def run_fleet(workers: int, packages: list[str], wheelhouse: Path, pg_admin: str, redis_url: str) -> float:
    import psycopg
    import redis

    db = f"bench_{workers}_{int(time.time())}"
    with psycopg.connect(pg_admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    db_url = pg_admin.rsplit("/", 1)[0] + "/" + db
    redis.Redis.from_url(redis_url).flushdb()
    env = {**os.environ, "TOOLRISK_DB": db_url, "TOOLRISK_BROKER": redis_url}
    with running_workers(env, workers, "b"):
        os.environ.update(env)
        from crawler.distributed import tasks
        from crawler.distributed.enqueue import enqueue_probes, failures, wait_idle

        tasks.app.conf.broker_url = redis_url
        tasks._local.__dict__.clear()
        started = time.monotonic()
        enqueue_probes([("pypi", p, "1.0.0") for p in packages], local_source=str(wheelhouse))
        if not wait_idle(3600):
            raise SystemExit("fleet did not drain")
        elapsed = time.monotonic() - started
        failed = failures()
        if failed:
            print(f"  {len(failed)} task failures, e.g. {next(iter(failed.items()))}")
    from catalog.store import open_store

    with open_store(db_url) as store:
        listed = store._execute("SELECT count(DISTINCT source_id) FROM source_records WHERE source='probe'").fetchone()[0]
        failed_probes = store.counts()["probe_failures"]
    print(f"  workers={workers}: {listed} packages listed, {failed_probes} probe failures recorded")
    return elapsed

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", type=int, default=24)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    counts = [int(x) for x in args.workers.split(",")]
    base = Path(tempfile.mkdtemp(prefix="toolrisk-bench-fleet-"))
    wheelhouse = base / "wheels"
    wheelhouse.mkdir()
    packages = make_wheelhouse(wheelhouse, args.packages)
    print(f"machine: {os.cpu_count()} cores; {len(packages)} packages; workers {counts}")
    with running_postgres(base / "pg") as pg, running_redis(base / "redis") as rds:
        results = {}
        for w in counts:
            elapsed = run_fleet(w, packages, wheelhouse, pg, rds)
            results[w] = elapsed
            rate = len(packages) / elapsed * 3600
            print(f"workers={w}: {elapsed:.1f} s for {len(packages)} probes = {rate:.0f} probes/hour "
                  f"(speed-up {results[counts[0]] / elapsed:.2f}x)")


if __name__ == "__main__":
    main()
