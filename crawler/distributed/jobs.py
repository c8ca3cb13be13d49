"""Bookkeeping of distributed jobs in Redis: what is pending, what failed, what was enqueued.

`pending` lets `--wait` (and tests) know when a fleet has drained; `claim` makes enqueueing a
follow-up (the next page of a listing) happen once even when a task runs twice.
"""

from __future__ import annotations

import time

PREFIX = "toolrisk:jobs:"


class JobBook:
    def __init__(self, redis_client) -> None:
        self.redis = redis_client

    def add(self, job_id: str) -> None:
        self.redis.sadd(PREFIX + "pending", job_id)

    def done(self, job_id: str) -> None:
        pipe = self.redis.pipeline()
        pipe.srem(PREFIX + "pending", job_id)
        pipe.sadd(PREFIX + "done", job_id)
        pipe.execute()

    def failed(self, job_id: str, message: str) -> None:
        pipe = self.redis.pipeline()
        pipe.srem(PREFIX + "pending", job_id)
        pipe.hset(PREFIX + "failed", job_id, message[:1000])
        pipe.execute()

    def claim(self, key: str, ttl_s: int = 7 * 24 * 3600) -> bool:
        """True for the first caller only."""
        return bool(self.redis.set(PREFIX + "claim:" + key, "1", nx=True, ex=ttl_s))

    def pending(self) -> set[str]:
        return {m.decode() if isinstance(m, bytes) else m for m in self.redis.smembers(PREFIX + "pending")}

    def failures(self) -> dict[str, str]:
        raw = self.redis.hgetall(PREFIX + "failed")
        return {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v) for k, v in raw.items()}

    def wait_idle(self, timeout_s: float, poll_s: float = 0.5) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.redis.scard(PREFIX + "pending"):
                return True
            time.sleep(poll_s)
        return False
