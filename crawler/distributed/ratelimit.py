"""A rate limit shared by every worker of a fleet, kept in Redis.

Each source's politeness limit (e.g. the official registry's 180 requests/minute) must hold
for the whole fleet, not per worker. A sliding-window log does that exactly: Redis keeps the
start time of every request of the last window in a sorted set, and one Lua script decides
atomically whether another request may start now or how long to wait. Times come from the
Redis server's clock, so workers on machines with drifting clocks still agree.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

# KEYS[1] = the source's log, KEYS[2] = its pause flag; ARGV = limit, window in microseconds,
# a unique member id. Returns 0 when the request may start (and records it), else the
# microseconds to wait.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused * 1000 end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait
"""


@dataclass(frozen=True)
class Limit:
    requests: int
    per_seconds: float


class SharedRateLimiter:
    """`acquire(source)` blocks until this worker may send one more request to that source."""

    def __init__(self, redis_client, limits: dict[str, Limit], *, prefix: str = "toolrisk:rate:") -> None:
        self.redis = redis_client
        self.limits = limits
        self.prefix = prefix
        self._script = redis_client.register_script(_ACQUIRE)

    def acquire(self, source: str, *, timeout: float = 600.0) -> float:
        """Returns the seconds spent waiting; raises TimeoutError past `timeout`."""
        limit = self.limits.get(source)
        if limit is None:
            return 0.0
        started = time.monotonic()
        # The window is measured when a slot is granted, the limit where the server receives the
        # request; a margin absorbs the scheduling jitter in between.
        margin = max(0.05 * limit.per_seconds, 0.1)
        window_us = int((limit.per_seconds + margin) * 1_000_000)
        while True:
            wait_us = int(
                self._script(
                    keys=[self.prefix + source, self.prefix + source + ":pause"],
                    args=[limit.requests, window_us, uuid.uuid4().hex],
                )
            )
            if wait_us == 0:
                return time.monotonic() - started
            if time.monotonic() - started + wait_us / 1e6 > timeout:
                raise TimeoutError(f"rate limit for {source}: no slot within {timeout:.0f} s")
            time.sleep(min(wait_us / 1e6, 5.0))

    def pause(self, source: str, seconds: float) -> None:
        """A 429 seen by one worker holds the whole fleet back from that source."""
        if seconds > 0:
            key = self.prefix + source + ":pause"
            ms = int(seconds * 1000)
            current = self.redis.pttl(key)
            if current is None or current < ms:
                self.redis.set(key, "1", px=ms)


class SharedBucket:
    """Adapter with the TokenBucket interface of crawler.http, so a PoliteClient in a worker
    draws from the fleet-wide limit instead of its own."""

    def __init__(self, limiter: SharedRateLimiter, source: str) -> None:
        self.limiter = limiter
        self.source = source

    def acquire(self, deadline: float | None = None) -> None:
        timeout = 600.0 if deadline is None else max(0.0, deadline - time.monotonic())
        self.limiter.acquire(self.source, timeout=timeout)

    def pause(self, seconds: float) -> None:
        self.limiter.pause(self.source, seconds)
