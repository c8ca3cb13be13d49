"""A real fleet: PostgreSQL store, Redis broker, three `toolrisk worker` processes, a loopback
MCP registry serving the 358 real servers of the official registry's 2025-09-29 seed.

One worker is killed with SIGKILL while it holds a page; its task must finish on another
worker, every server must be stored exactly once, and the fleet as a whole must stay under the
per-source rate limit the registry counts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.store import open_store
from tests.services.servers import running_workers

pytestmark = [pytest.mark.services, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "snapshot" / "official" / "seed-2025-09-29.json"
PAGE = 20  # the registry may return fewer servers than `limit` asks for
RATE = (4, 1.0)  # requests per seconds, for the whole fleet
HOLD_PAGE = 5  # this page's first request is held so the test can kill the worker waiting on it


class Registry:
    def __init__(self) -> None:
        servers = json.loads(SEED.read_text())
        self.items = [
            {
                "server": s,
                "_meta": {
                    "io.modelcontextprotocol.registry/official": {
                        "status": "active",
                        "publishedAt": "2025-09-29T00:00:00Z",
                        "updatedAt": "2025-09-29T00:00:00Z",
                        "isLatest": True,
                    }
                },
            }
            for s in sorted(servers, key=lambda s: (s["name"], s.get("version", "")))
        ]
        self.stamps: list[float] = []
        self.page_hits: dict[int, int] = {}
        self.held = threading.Event()
        self.lock = threading.Lock()

    def page(self, cursor: str | None) -> tuple[int, dict]:
        start = 0
        if cursor:
            keys = [f"{i['server']['name']}:{i['server'].get('version', '')}" for i in self.items]
            start = keys.index(cursor) + 1
        chunk = self.items[start : start + PAGE]
        body: dict = {"servers": chunk, "metadata": {"count": len(chunk)}}
        if start + PAGE < len(self.items):
            last = chunk[-1]["server"]
            body["metadata"]["nextCursor"] = f"{last['name']}:{last.get('version', '')}"
        return start // PAGE, body


def serve(registry: Registry) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path != "/v0.1/servers":
                self.send_error(404)
                return
            with registry.lock:
                registry.stamps.append(time.monotonic())
            cursor = parse_qs(url.query).get("cursor", [None])[0]
            number, body = registry.page(cursor)
            with registry.lock:
                registry.page_hits[number] = registry.page_hits.get(number, 0) + 1
                first_time = registry.page_hits[number] == 1
            if number == HOLD_PAGE and first_time:
                registry.held.set()
                time.sleep(8)  # the worker waiting on this is killed meanwhile
            data = json.dumps(body).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pids_connected_to(port: int, pids: list[int]) -> list[int]:
    """Which of these processes hold an established TCP connection to 127.0.0.1:port."""
    inodes: set[str] = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        cols = line.split()
        remote, state, inode = cols[2], cols[3], cols[9]
        if state == "01" and int(remote.split(":")[1], 16) == port:
            inodes.add(inode)
    found = []
    for pid in pids:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            found.append(pid)
    return found


def single_process_server_count(tmp_path: Path, items: list[dict]) -> int:
    from catalog.models import SourceFetch
    from crawler.parsers import parse_data

    with open_store(str(tmp_path / "reference.db")) as store:
        store.record_fetch(
            SourceFetch(source="official", url="test://reference"), parse_data("official", items, "reference")
        )
        return store.counts()["servers"]


def test_fleet_survives_a_killed_worker_and_keeps_the_rate_limit(tmp_path, postgres_url, redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    registry = Registry()
    server = serve(registry)
    port = server.server_address[1]
    env = {
        **os.environ,
        "TOOLRISK_BROKER": redis_url,
        "TOOLRISK_DB": postgres_url,
        "TOOLRISK_VISIBILITY_TIMEOUT": "3",
        "TOOLRISK_RATE_OFFICIAL": f"{RATE[0]}/{RATE[1]}",
    }
    toolrisk = [sys.executable, "-m", "catalog.cli"]
    try:
        with running_workers(env, 3, "w", log_dir=tmp_path) as workers:
            enq = subprocess.run(
                [*toolrisk, "crawl", "--distributed", "--source", f"official=http://127.0.0.1:{port}"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert enq.returncode == 0, enq.stderr
            assert registry.held.wait(90), "the fleet never reached the held page"
            deadline = time.monotonic() + 10
            victims: list[int] = []
            while not victims and time.monotonic() < deadline:
                victims = pids_connected_to(port, [w.pid for w in workers])
                time.sleep(0.1)
            assert len(victims) == 1, f"expected one worker on the held page, found {victims}"
            os.kill(victims[0], signal.SIGKILL)

            from crawler.distributed.jobs import JobBook

            book = JobBook(redis.Redis.from_url(redis_url))
            assert book.wait_idle(180), f"jobs still pending: {book.pending()}"
            assert book.failures() == {}
    finally:
        server.shutdown()

    # the held page was asked for again, by another worker, after its first worker died
    assert registry.page_hits[HOLD_PAGE] >= 2
    with open_store(postgres_url) as store:
        rows = store._execute(
            "SELECT count(*), count(DISTINCT source_id) FROM source_records WHERE source='official'"
        ).fetchone()
        assert rows == (len(registry.items), len(registry.items)), "each server stored exactly once"
        assert store.integrity_check() == "ok"
        fleet_servers = store.counts()["servers"]
    # the fleet joined servers exactly as one process reading the same data does
    assert fleet_servers == single_process_server_count(tmp_path, registry.items)
    # the fleet never went over the limit in any window, as the registry saw it
    stamps = sorted(registry.stamps)
    worst = max(sum(1 for t in stamps if s <= t < s + RATE[1]) for s in stamps)
    assert worst <= RATE[0]


def test_probe_tasks_run_on_the_fleet(tmp_path, postgres_url, redis_url):
    """`probe --distributed` enqueues one task per package; workers install and list them in the sandbox."""
    import redis

    from tests.probe.conftest import build_wheel

    redis.Redis.from_url(redis_url).flushdb()
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    code = (ROOT / "tests" / "probe" / "servers" / "python" / "toy_mcp_server.py").read_text()
    names = [f"fleet-toy-{i}" for i in range(3)]
    for name in names:
        module = name.replace("-", "_")
        build_wheel(wheels, name, "1.0.0", {f"{module}.py": code}, scripts={name: f"{module}:main"})
    env = {**os.environ, "TOOLRISK_BROKER": redis_url, "TOOLRISK_DB": postgres_url}
    toolrisk = [sys.executable, "-m", "catalog.cli"]
    with running_workers(env, 2, "p"):
        for name in names:
            enq = subprocess.run(
                [*toolrisk, "probe", f"{name}@1.0.0", "--registry", "pypi", "--from-path", str(wheels), "--distributed"],
                env=env, capture_output=True, text=True, timeout=60,
            )
            assert enq.returncode == 0, enq.stderr
            assert "enqueued 1 probe jobs" in enq.stderr
        from crawler.distributed.jobs import JobBook

        book = JobBook(redis.Redis.from_url(redis_url))
        assert book.wait_idle(240), f"jobs still pending: {book.pending()}"
        assert book.failures() == {}
    with open_store(postgres_url) as store:
        probed = {v.slug: len(v.tools) for v in store.iter_server_views() if any(s.source == "probe" for s in v.sources)}
        assert sorted(probed) == sorted(names)
        assert all(n > 0 for n in probed.values())


def test_beat_schedule_enqueues_incremental_crawls(redis_url, monkeypatch):
    """The scheduler's periodic entry enqueues one crawl job per configured source."""
    import redis

    from crawler.distributed import tasks
    from crawler.distributed.app import _beat_schedule
    from crawler.distributed.jobs import JobBook

    monkeypatch.setenv("TOOLRISK_CRAWL_SOURCES", "mcpm,official")
    schedule = _beat_schedule()
    assert {entry["args"] for entry in schedule.values()} == {("mcpm",), ("official",)}
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    monkeypatch.setattr(tasks.app.conf, "broker_url", redis_url)
    monkeypatch.setattr(tasks, "_local", threading.local())
    for entry in schedule.values():
        tasks.schedule_crawl.run(*entry["args"])
    pending = JobBook(client).pending()
    assert len(pending) == 2 and any(p.startswith("official:") and p.endswith(":page:first") for p in pending)
    assert client.llen("toolrisk") == 2  # two messages waiting for the fleet
