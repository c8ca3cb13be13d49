"""What every network source shares: options, the per-run context, keys, and storing helpers.

A source module exposes `crawl(ctx: SourceContext) -> FetchSummary`. It fetches through
`ctx.client` (a PoliteClient), hands ServerRecords to the store in one transaction per page or
per document, and keeps its bookkeeping (cursors, ETags, updated_since) in
`store.get_source_state/set_source_state`, so a run cut short resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from catalog.errors import Failure
from catalog.limits import MAX_SOURCE_FILE_BYTES, MAX_TOOLS_PER_SERVER
from catalog.models import FetchSummary, ServerRecord, SourceFetch, utcnow
from catalog.store.base import Store
from crawler.http import AuthFailure, HttpFailure, HttpLimits, PoliteClient, one_line

# progress(done_records, total_or_None); called from the crawling thread.
Progress = Callable[[int, int | None], None]

T = TypeVar("T")


class SourceSkipped(Exception):
    """The source cannot run here (no API key): the runner prints the message and moves on."""


class CrawlOptions(BaseModel):
    """Knobs for one network crawl. None means "the source's own default"."""

    rate_per_minute: float | None = Field(default=None, gt=0)
    burst: int | None = Field(default=None, ge=1)
    concurrency: int | None = Field(default=None, ge=1, le=32)
    timeout_s: float = Field(default=30.0, gt=0)
    deadline_s: float = Field(default=1800.0, gt=0)
    retries: int = Field(default=4, ge=0, le=10)
    backoff_base_s: float = Field(default=1.0, ge=0)
    backoff_max_s: float = Field(default=60.0, ge=0)
    max_retry_after_s: float = Field(default=300.0, ge=0)
    max_bytes: int = Field(default=MAX_SOURCE_FILE_BYTES, gt=0)
    page_size: int = Field(default=100, ge=1, le=100)
    # One API page is small (100 servers); a bigger answer is hostile or broken.
    max_page_bytes: int = Field(default=32 * 1024 * 1024, gt=0)
    max_pages: int = Field(default=5_000, ge=1)
    max_tools_per_server: int = Field(default=MAX_TOOLS_PER_SERVER, ge=0, le=MAX_TOOLS_PER_SERVER)
    full: bool = False  # ignore incremental state (updated_since, ETags) and read everything
    env: dict[str, str] | None = None  # where API keys come from (default: os.environ)

    def environ(self) -> Mapping[str, str]:
        return self.env if self.env is not None else os.environ


@dataclass(frozen=True)
class SourceInfo:
    name: str
    base_url: str
    needs_key: str | None  # environment variable holding the API key, if the source needs one
    description: str = ""
    default_rate_per_minute: float = 120.0
    default_concurrency: int = 4


@dataclass
class SourceContext:
    name: str
    base_url: str
    store: Store
    options: CrawlOptions
    client: PoliteClient
    progress: Progress | None = None
    summary: FetchSummary = field(init=False)
    done: int = 0

    def __post_init__(self) -> None:
        self.summary = FetchSummary(source=self.name)

    def tick(self, n: int = 1, total: int | None = None) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, total)

    def error(self, message: str) -> None:
        self.summary.errors += 1
        if len(self.summary.error_messages) < 50:
            self.summary.error_messages.append(one_line(message, 300))

    def state(self) -> dict[str, Any]:
        return dict(self.store.get_source_state(self.name) or {})

    def save_state(self, state: dict[str, Any]) -> None:
        self.store.set_source_state(self.name, state)

    def store_batch(
        self,
        url: str,
        records: Iterable[ServerRecord],
        *,
        complete: bool,
        observed_at: datetime | None = None,
        status: str = "ok",
    ) -> FetchSummary:
        """One store transaction; its counts are added to the run's summary."""
        fetch = SourceFetch(source=self.name, url=url, started_at=utcnow(), observed_at=observed_at, status=status)
        part = self.store.record_fetch(fetch, records, complete=complete)
        add_summary(self.summary, part)
        return part


def add_summary(total: FetchSummary, part: FetchSummary) -> None:
    for key in ("fetched", "new", "changed", "unchanged", "deleted", "errors"):
        setattr(total, key, getattr(total, key) + getattr(part, key))
    room = 50 - len(total.error_messages)
    if room > 0:
        total.error_messages.extend(part.error_messages[:room])


def api_key(options: CrawlOptions, variable: str, source: str) -> str:
    value = (options.environ().get(variable) or "").strip()
    if not value:
        raise SourceSkipped(f"{source}: skipped, no API key (set {variable} to enable it)")
    return value


def auth_failure(source: str, exc: AuthFailure, variable: str | None) -> Failure:
    if variable:
        return Failure(
            f"{source}: the API refused the request (HTTP {exc.status}); check the key in {variable} "
            f"(missing, expired or without access)"
        )
    return Failure(f"{source}: {exc} — this source needs no key; is the base URL right?")


def make_client(info: SourceInfo, options: CrawlOptions, headers: Mapping[str, str] | None = None) -> PoliteClient:
    limits = HttpLimits(
        rate_per_minute=options.rate_per_minute or info.default_rate_per_minute,
        burst=options.burst or 1,
        concurrency=options.concurrency or info.default_concurrency,
        timeout_s=options.timeout_s,
        connect_timeout_s=min(10.0, options.timeout_s),
        retries=options.retries,
        backoff_base_s=options.backoff_base_s,
        backoff_max_s=options.backoff_max_s,
        max_retry_after_s=options.max_retry_after_s,
        max_bytes=options.max_bytes,
        deadline_s=options.deadline_s,
    )
    return PoliteClient(info.name, limits, headers=headers, follow_redirects=not headers)


def cap_tools(ctx: SourceContext, record: ServerRecord) -> ServerRecord:
    """Keep at most `max_tools_per_server` tools; the cut is reported, not silent."""
    limit = ctx.options.max_tools_per_server
    if record.tools is not None and len(record.tools) > limit:
        ctx.error(f"{ctx.name}: {record.source_id}: {len(record.tools)} tools, kept the first {limit}")
        return record.model_copy(update={"tools": record.tools[:limit]})
    return record


def pipelined(produce: Iterator[T], *, depth: int = 2) -> Iterator[T]:
    """Run `produce` in a thread, `depth` items ahead of the consumer.

    The next page is fetched while the current one is written, so a paged sync runs at the
    pace of the rate limit, not of rate limit + store time. The small queue keeps memory flat.
    An exception in the producer is re-raised in the consumer after the items before it.
    """
    box: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def run() -> None:
        try:
            for item in produce:
                while not stop.is_set():
                    try:
                        box.put(("item", item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(("end", None))
        except BaseException as exc:  # handed to the consumer, which decides
            box.put(("error", exc))

    thread = threading.Thread(target=run, name="crawler-pages", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = box.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
        # Drain so a producer blocked on put() can see `stop` and leave.
        while thread.is_alive():
            with contextlib.suppress(queue.Empty):
                box.get(timeout=0.05)
        thread.join(timeout=1)


def http_failure_text(exc: HttpFailure) -> str:
    return one_line(str(exc), 300)
