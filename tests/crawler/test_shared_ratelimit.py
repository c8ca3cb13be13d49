"""The fleet-wide rate limit on a real Redis: several processes never exceed it together."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from crawler.distributed.ratelimit import Limit, SharedBucket, SharedRateLimiter

pytestmark = pytest.mark.services


def _hammer(url: str, n: int, out) -> None:
    import redis

    limiter = SharedRateLimiter(redis.Redis.from_url(url), {"idx": Limit(requests=10, per_seconds=1.0)})
    stamps = []
    for _ in range(n):
        limiter.acquire("idx", timeout=30)
        stamps.append(time.time())
    out.put(stamps)


def test_four_processes_share_one_limit(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(redis_url, 10, out)) for _ in range(4)]
    for p in procs:
        p.start()
    stamps = sorted(s for _ in procs for s in out.get(timeout=60))
    for p in procs:
        p.join(timeout=30)
    assert len(stamps) == 40
    # in any window of one second, at most 10 requests started (small slack for clock reads)
    worst = max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps)
    assert worst <= 10
    # and the limit is used, not starved: 40 requests at 10/s take about 3 s, not much more
    assert stamps[-1] - stamps[0] < 7.0


def test_pause_holds_every_worker(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    limiter = SharedRateLimiter(client, {"idx": Limit(requests=100, per_seconds=1.0)})
    SharedBucket(limiter, "idx").pause(0.5)
    started = time.monotonic()
    SharedBucket(SharedRateLimiter(client, {"idx": Limit(100, 1.0)}), "idx").acquire()
    assert time.monotonic() - started >= 0.4


def test_unlimited_source_never_waits(redis_url):
    import redis

    limiter = SharedRateLimiter(redis.Redis.from_url(redis_url), {})
    assert limiter.acquire("other") == 0.0
