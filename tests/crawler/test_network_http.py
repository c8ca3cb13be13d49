"""crawler.http.PoliteClient against a real loopback server: retries, caps, rate limit, conditional GET."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from indexserver import IndexServer  # noqa: E402

from crawler.http import (  # noqa: E402
    USER_AGENT,
    HttpFailure,
    HttpLimits,
    PoliteClient,
    TokenBucket,
    parse_retry_after,
)

DOC = "/mcpm/servers.json"


@pytest.fixture(scope="module")
def server() -> Iterator[IndexServer]:
    with IndexServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_leftover_faults(server: IndexServer) -> Iterator[None]:
    server.faults.clear()
    yield
    server.faults.clear()


def client(**kw: float) -> PoliteClient:
    base = {
        "rate_per_minute": 60_000.0,
        "retries": 3,
        "backoff_base_s": 0.05,
        "backoff_max_s": 0.2,
        "timeout_s": 5.0,
    }
    base.update(kw)
    return PoliteClient("test", HttpLimits(**base))  # type: ignore[arg-type]


def count(server: IndexServer, path: str) -> int:
    return len(server.requests_to(path))


def test_plain_get_sends_user_agent(server: IndexServer) -> None:
    with client() as c:
        resp = c.get(server.url + DOC)
    assert resp.status == 200 and resp.body.startswith(b"{")
    ua = server.requests_to(DOC)[-1].headers["user-agent"]
    assert ua == USER_AGENT and ua.startswith("toolrisk/") and "crawler" in ua


def test_429_with_retry_after_is_honoured(server: IndexServer) -> None:
    before = count(server, DOC)
    server.inject(DOC, ("status", 429, 1))
    with client() as c:
        start = time.monotonic()
        resp = c.get(server.url + DOC)
        waited = time.monotonic() - start
    assert resp.status == 200
    assert waited >= 0.95  # the server asked for 1 s; our own backoff alone is ≤ 0.2 s
    assert count(server, DOC) - before == 2
    assert c.log.retries == 1


def test_429_without_retry_after_backs_off_and_succeeds(server: IndexServer) -> None:
    before = count(server, DOC)
    server.inject(DOC, ("status", 429), ("status", 429))
    with client() as c:
        resp = c.get(server.url + DOC)
    assert resp.status == 200 and count(server, DOC) - before == 3
    last3 = [r.at for r in server.requests_to(DOC)[-3:]]
    gaps = [b - a for a, b in zip(last3, last3[1:], strict=False)]
    assert all(g >= 0.02 for g in gaps)  # jittered backoff: at least half the ceiling (0.05 s, then 0.1 s)


def test_500_then_success(server: IndexServer) -> None:
    before = count(server, DOC)
    server.inject(DOC, ("status", 500))
    with client() as c:
        assert c.get(server.url + DOC).status == 200
    assert count(server, DOC) - before == 2


def test_persistent_503_gives_up_with_one_line(server: IndexServer) -> None:
    server.inject(DOC, *[("status", 503)] * 3)
    with client(retries=2) as c, pytest.raises(HttpFailure) as err:
        c.get(server.url + DOC)
    msg = str(err.value)
    assert "HTTP 503" in msg and "gave up after 3 attempts" in msg and "\n" not in msg


def test_truncated_body_is_retried(server: IndexServer) -> None:
    before = count(server, DOC)
    server.inject(DOC, ("truncate",))
    with client() as c:
        resp = c.get(server.url + DOC)
    assert resp.status == 200 and count(server, DOC) - before == 2


def test_hanging_response_times_out(server: IndexServer) -> None:
    server.inject(DOC, ("hang", 3), ("hang", 3))
    with client(timeout_s=0.3, retries=1) as c:
        start = time.monotonic()
        with pytest.raises(HttpFailure, match="timed out"):
            c.get(server.url + DOC)
    assert time.monotonic() - start < 2.5


def test_source_deadline_stops_retries(server: IndexServer) -> None:
    server.inject(DOC, ("hang", 2), ("hang", 2), ("hang", 2))
    with client(timeout_s=5, deadline_s=0.5, retries=5) as c, pytest.raises(HttpFailure, match="deadline"):
        c.get(server.url + DOC)


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_body_is_cut_off(server: IndexServer, send_length: bool) -> None:
    before = count(server, DOC)
    server.inject(DOC, ("oversize", 8 * 1024 * 1024, send_length))
    with client(max_bytes=1024 * 1024) as c, pytest.raises(HttpFailure, match="1048576-byte limit"):
        c.get(server.url + DOC)
    assert count(server, DOC) - before == 1  # a cap is not retried
    assert c.log.bytes == 0


def test_wrong_content_type_is_refused(server: IndexServer) -> None:
    server.inject(DOC, ("content_type", "text/html; charset=utf-8"))
    with client() as c, pytest.raises(HttpFailure, match="'text/html'"):
        c.get(server.url + DOC)


def test_401_is_not_retried(server: IndexServer) -> None:
    before = count(server, "/glama/v1/servers")
    with client() as c, pytest.raises(HttpFailure, match="HTTP 401"):
        c.get(server.url + "/glama/v1/servers")
    assert count(server, "/glama/v1/servers") - before == 1


def test_conditional_get_etag_and_last_modified(server: IndexServer) -> None:
    with client() as c:
        first = c.get(server.url + DOC)
        assert first.etag and first.last_modified
        again = c.get(server.url + DOC, etag=first.etag)
        assert again.not_modified and again.body == b""
        by_date = c.get(server.url + DOC, last_modified=first.last_modified)
        assert by_date.not_modified
        server.touch_static()
        changed = c.get(server.url + DOC, etag=first.etag)
        assert not changed.not_modified and changed.etag != first.etag
    sent = server.requests_to(DOC)[-3].headers
    assert sent["if-none-match"] == first.etag


def test_retry_after_longer_than_allowed_fails_fast(server: IndexServer) -> None:
    server.inject(DOC, ("status", 429, 3600))
    with client(max_retry_after_s=10) as c:
        start = time.monotonic()
        with pytest.raises(HttpFailure, match="Retry-After 3600s"):
            c.get(server.url + DOC)
    assert time.monotonic() - start < 1


def test_rate_limit_spaces_concurrent_requests(server: IndexServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = "/toolhive/registry.json"
    before = count(server, path)
    with client(rate_per_minute=600, concurrency=4) as c, ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: c.get(server.url + path), range(12)))
    times = [r.at for r in server.requests_to(path)[before:]]
    assert len(times) == 12
    # 600/min = one every 0.1 s with a burst of 1: 12 requests need ≥ 1.1 s, and no second holds more than 11.
    assert times[-1] - times[0] >= 1.08
    # single arrival gaps jitter (the server shares this process); windows do not
    assert server.max_in_window(0.5, "/toolhive/") <= 7


def test_token_bucket_never_exceeds_rate() -> None:
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    bucket = TokenBucket(180, burst=1, clock=lambda: now[0], sleep=sleep)
    stamps = []
    for _ in range(400):
        bucket.acquire()
        stamps.append(now[0])
    # any 60-second window holds at most 180 requests (181 only if both ends are included exactly)
    worst = max(sum(1 for t in stamps if s <= t < s + 60 - 1e-9) for s in stamps)
    assert worst <= 180
    assert stamps[-1] == pytest.approx(399 / 3.0)


def test_token_bucket_pause_and_deadline() -> None:
    now = [0.0]
    bucket = TokenBucket(60, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    bucket.acquire()
    bucket.pause(10)
    bucket.acquire()
    assert now[0] >= 10
    bucket.acquire()  # one interval after the paused request
    with pytest.raises(TimeoutError):
        bucket.acquire(deadline=now[0] + 0.1)


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= (parse_retry_after(format_datetime(later, usegmt=True)) or 0) <= 31
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_keyed_client_does_not_follow_redirects(server: IndexServer) -> None:
    server.extra_routes["/moved"] = lambda s, q: (302, b"", "text/plain", {"Location": s.url + DOC})
    before = count(server, DOC)
    with PoliteClient("k", HttpLimits(rate_per_minute=60_000), headers={"X-API-Key": "secret"},
                      follow_redirects=False) as c, pytest.raises(HttpFailure, match="HTTP 302 redirect"):
        c.get(server.url + "/moved")
    assert count(server, DOC) == before
    with client() as plain:  # without a key, redirects are followed
        assert plain.get(server.url + "/moved").status == 200
