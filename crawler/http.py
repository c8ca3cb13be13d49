"""A polite HTTP client for crawling public indexes.

One `PoliteClient` per source. It enforces, for that source:
- a token-bucket rate limit shared by all its threads (the official registry's ingress allows
  180 requests/min per IP, so its default stays below that) and a cap on concurrent requests;
- a descriptive User-Agent;
- retries with jittered exponential backoff on 429, 5xx, timeouts and cut-off bodies, honouring
  `Retry-After` (and pausing the whole source, not just one thread, when the server says so);
- conditional requests (ETag / Last-Modified → 304 means "unchanged", nothing to parse);
- a streamed response-size cap: reading stops as soon as the body passes the cap;
- an overall deadline: no request starts, and no wait is scheduled, past it.
Every problem ends as one `catalog.errors.Failure` line naming the source and the URL.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from catalog.errors import Failure
from catalog.limits import MAX_SOURCE_FILE_BYTES

try:
    from importlib.metadata import version as _pkg_version

    _VERSION = _pkg_version("toolrisk")
except Exception:  # running from a checkout without an installed distribution
    _VERSION = "0.1.0"

USER_AGENT = (
    f"toolrisk/{_VERSION} (MCP tool risk catalog crawler; rate-limited, conditional requests; "
    "python-httpx)"
)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
JSON_TYPES = ("json",)
YAML_TYPES = ("yaml", "yml")
# Static files are often served as text/plain or octet-stream (raw git hosts); HTML, XML and
# images are never an index, whatever the body parses as.
LENIENT_TYPES = ("text/plain", "application/octet-stream")


class HttpFailure(Failure):
    """A request that failed for good (after retries when retrying made sense)."""

    def __init__(self, message: str, *, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class AuthFailure(HttpFailure):
    """401/403: the source wants (another) key. The source module words the advice."""


def one_line(text: str, limit: int = 200) -> str:
    """Server-provided text (error bodies, headers) is hostile: one line, printable, capped."""
    cleaned = "".join(c if c.isprintable() else " " for c in str(text))
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def safe_url(url: str) -> str:
    """A URL for messages: no query string (it may carry tokens) and capped."""
    return one_line(str(url).split("?", 1)[0], 300)


class TokenBucket:
    """Requests per minute with a small burst, thread-safe (the generic cell rate algorithm).

    `_tat` is the theoretical time of the next request; each grant moves it one interval on, so
    concurrent callers are spaced out instead of all waking at once. `mark_sent` moves it again
    when a granted request actually left late (a thread descheduled between grant and send), so
    the spacing holds between real sends, not just between grants.
    """

    def __init__(
        self,
        per_minute: float,
        burst: int = 1,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("rate limit must be positive")
        self.rate = per_minute / 60.0
        self.interval = 60.0 / per_minute
        self.capacity = max(1, burst)
        self._clock = clock
        self._sleep = sleep
        self._tat = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def acquire(self, deadline: float | None = None) -> float:
        """Wait for a slot; returns the granted time. TimeoutError if it lies past `deadline`."""
        with self._lock:
            now = self._clock()
            allowed = max(now, self._tat - (self.capacity - 1) * self.interval, self._paused_until)
            if deadline is not None and allowed > deadline:
                raise TimeoutError
            self._tat = max(self._tat, allowed) + self.interval
        if allowed > now:
            self._sleep(allowed - now)
        return allowed

    def mark_sent(self, sent_at: float) -> None:
        # A send a little late (thread wake-up, GIL, a busy 2-core box) is absorbed by the slack
        # (a quarter interval, ≤ 100 ms) instead of adding up over a long sync; a send later than
        # that pushes the next grant back. Sends lag their grants by at most the slack, so a
        # window of W seconds holds at most (W + slack) / interval + 1 requests: 171 per minute
        # at 170/min, below the registry's 180.
        slack = min(0.25 * self.interval, 0.1)
        with self._lock:
            self._tat = max(self._tat, sent_at + self.interval - slack)

    def pause(self, seconds: float) -> None:
        """Nothing leaves this source for `seconds` (a 429 speaks for the whole client)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


@dataclass
class HttpLimits:
    rate_per_minute: float = 120.0
    burst: int = 1
    concurrency: int = 4
    timeout_s: float = 30.0
    connect_timeout_s: float = 10.0
    retries: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    max_retry_after_s: float = 300.0
    max_bytes: int = MAX_SOURCE_FILE_BYTES
    deadline_s: float = 1800.0


@dataclass
class HttpResponse:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def etag(self) -> str | None:
        value = self.headers.get("etag")
        return value[:300] if value else None

    @property
    def last_modified(self) -> str | None:
        value = self.headers.get("last-modified")
        return value[:100] if value else None


@dataclass
class RequestLog:
    """What the client did, for summaries and tests."""

    requests: int = 0
    retries: int = 0
    not_modified: int = 0
    bytes: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class PoliteClient:
    def __init__(
        self,
        source: str,
        limits: HttpLimits | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        follow_redirects: bool = True,
    ) -> None:
        self.source = source
        self.limits = limits or HttpLimits()
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.bucket = TokenBucket(self.limits.rate_per_minute, self.limits.burst, clock=clock, sleep=sleep)
        self._slots = threading.BoundedSemaphore(max(1, self.limits.concurrency))
        self.deadline = clock() + self.limits.deadline_s
        self.log = RequestLog()
        self._log_lock = threading.Lock()
        base_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
        base_headers.update(headers or {})
        self._client = httpx.Client(
            headers=base_headers,
            # Sources sending a key do not follow redirects at all: httpx drops Authorization on a
            # cross-origin redirect, but not custom key headers such as X-API-Key.
            follow_redirects=follow_redirects,
            max_redirects=5,
            transport=transport,
            limits=httpx.Limits(max_connections=max(1, self.limits.concurrency), max_keepalive_connections=4),
            trust_env=False,
        )

    # --- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def remaining(self) -> float:
        return self.deadline - self._clock()

    # --- requests --------------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] = JSON_TYPES,
        max_bytes: int | None = None,
    ) -> HttpResponse:
        """GET with every politeness rule; returns a 2xx or a 304 (`not_modified`) response."""
        req_headers = dict(headers or {})
        req_headers.setdefault("Accept", _accept_header(accept))
        if etag:
            req_headers["If-None-Match"] = etag
        if last_modified:
            req_headers["If-Modified-Since"] = last_modified
        where = f"{self.source}: {safe_url(url)}"
        attempt = 0
        while True:
            try:
                response = self._attempt(url, params, req_headers, max_bytes or self.limits.max_bytes, where)
            except _Retryable as exc:
                attempt += 1
                if attempt > self.limits.retries:
                    raise HttpFailure(f"{where}: {exc.reason} (gave up after {attempt} attempts)",
                                      status=exc.status, url=url) from None
                self._backoff(attempt, exc, where)
                continue
            if not response.not_modified:
                _check_type(response, accept, where)
            return response

    def _attempt(self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str], cap: int, where: str) -> HttpResponse:
        try:
            self.bucket.acquire(self.deadline)
        except TimeoutError:
            raise HttpFailure(f"{where}: source deadline of {self.limits.deadline_s:.0f}s reached") from None
        left = self.remaining()
        if left <= 0:
            raise HttpFailure(f"{where}: source deadline of {self.limits.deadline_s:.0f}s reached")
        timeout = httpx.Timeout(
            min(self.limits.timeout_s, left), connect=min(self.limits.connect_timeout_s, left)
        )
        with self._slots:
            mark = getattr(self.bucket, "mark_sent", None)
            if mark is not None:
                mark(self._clock())
            self._count(None)
            try:
                with self._client.stream("GET", url, params=params, headers=headers, timeout=timeout) as resp:
                    self._count(resp.status_code)
                    status = resp.status_code
                    if status in RETRY_STATUSES:
                        retry_after = parse_retry_after(resp.headers.get("retry-after"))
                        resp.close()
                        raise _Retryable(f"HTTP {status}", status=status, retry_after=retry_after)
                    if status == 304:
                        with self._log_lock:
                            self.log.not_modified += 1
                        return HttpResponse(str(resp.url), status, dict(resp.headers), not_modified=True)
                    if 300 <= status < 400:
                        target = safe_url(resp.headers.get("location", "?"))
                        raise HttpFailure(f"{where}: HTTP {status} redirect to {target} not followed (the request "
                                          "carries an API key)", status=status, url=url)
                    if status in (401, 403):
                        raise AuthFailure(f"{where}: HTTP {status}{_problem(resp, cap)}", status=status, url=url)
                    if not 200 <= status < 300:
                        raise HttpFailure(f"{where}: HTTP {status}{_problem(resp, cap)}", status=status, url=url)
                    body = self._read_capped(resp, cap, where, url)
                    return HttpResponse(str(resp.url), status, dict(resp.headers), body=body)
            except httpx.TimeoutException as exc:
                if self.remaining() <= 0:
                    raise HttpFailure(f"{where}: source deadline of {self.limits.deadline_s:.0f}s reached") from None
                raise _Retryable(f"timed out ({type(exc).__name__})") from None
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # A body cut short (Content-Length not reached) or a dropped connection.
                raise _Retryable(f"connection broken mid-response ({one_line(str(exc), 80)})") from None
            except httpx.ConnectError as exc:
                raise _Retryable(f"cannot connect ({one_line(str(exc), 80)})") from None
            except httpx.TooManyRedirects:
                raise HttpFailure(f"{where}: too many redirects", url=url) from None
            except httpx.DecodingError:
                raise HttpFailure(f"{where}: response body cannot be decoded (bad compression)", url=url) from None
            except httpx.InvalidURL as exc:
                raise HttpFailure(f"{where}: invalid URL ({one_line(str(exc), 80)})", url=url) from None
            except httpx.HTTPError as exc:
                raise _Retryable(f"{type(exc).__name__}: {one_line(str(exc), 80)}") from None

    def _read_capped(self, resp: httpx.Response, cap: int, where: str, url: str) -> bytes:
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise HttpFailure(f"{where}: response is {declared} bytes, over the {cap}-byte limit", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise HttpFailure(f"{where}: response passed the {cap}-byte limit; reading stopped", url=url)
            chunks.append(chunk)
        with self._log_lock:
            self.log.bytes += size
        return b"".join(chunks)

    def _count(self, status: int | None) -> None:
        with self._log_lock:
            if status is None:
                self.log.requests += 1
            else:
                self.log.statuses[status] = self.log.statuses.get(status, 0) + 1

    def _backoff(self, attempt: int, exc: _Retryable, where: str) -> None:
        ceiling = min(self.limits.backoff_max_s, self.limits.backoff_base_s * (2 ** (attempt - 1)))
        # Full jitter keeps many crawlers (or threads) from retrying in lockstep.
        wait = self._rng.uniform(ceiling / 2, ceiling)
        if exc.retry_after is not None:
            if exc.retry_after > self.limits.max_retry_after_s:
                raise HttpFailure(
                    f"{where}: {exc.reason} with Retry-After {exc.retry_after:.0f}s, longer than the "
                    f"{self.limits.max_retry_after_s:.0f}s we wait; try again later",
                    status=exc.status,
                )
            wait = max(wait, exc.retry_after)
        if wait >= self.remaining():
            raise HttpFailure(f"{where}: {exc.reason}; the source deadline leaves no time to retry", status=exc.status)
        with self._log_lock:
            self.log.retries += 1
        if exc.status == 429:
            self.bucket.pause(wait)
        self._sleep(wait)


class _Retryable(Exception):
    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def _accept_header(accept: tuple[str, ...]) -> str:
    if accept == JSON_TYPES:
        return "application/json"
    if accept == YAML_TYPES:
        return "application/yaml, text/yaml;q=0.9, */*;q=0.5"
    return "*/*"


def _check_type(resp: HttpResponse, accept: tuple[str, ...], where: str) -> None:
    ctype = resp.content_type
    if not ctype or not accept:
        return
    if any(word in ctype for word in accept) or ctype in LENIENT_TYPES:
        return
    raise HttpFailure(
        f"{where}: answered with content type {one_line(ctype, 60)!r}, expected {'/'.join(accept).upper()}",
        status=resp.status,
        url=resp.url,
    )


def _problem(resp: httpx.Response, cap: int) -> str:
    """A short reason from an error body (RFC 9457 problem+json, `{error}`), if there is one."""
    try:
        raw = b""
        for chunk in resp.iter_bytes():
            raw += chunk
            if len(raw) > 16_384:
                return ""
        data = json.loads(raw.decode("utf-8", "replace"))
    except Exception:
        return ""
    if not isinstance(data, dict):
        return ""
    err = data.get("error")
    if isinstance(err, dict):
        text = err.get("message") or err.get("code")
    else:
        text = data.get("detail") or data.get("title") or err or data.get("message")
    return f" ({one_line(text, 160)})" if isinstance(text, str) and text.strip() else ""
