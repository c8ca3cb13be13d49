"""Celery tasks. Each is idempotent: the store writes nothing new for data it already holds,
so a task redelivered after a worker died simply runs again."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from celery import Task

from catalog.errors import Failure
from catalog.store import open_store
from catalog.store.base import Store
from crawler.distributed.app import app
from crawler.distributed.jobs import JobBook
from crawler.distributed.ratelimit import Limit, SharedBucket, SharedRateLimiter

log = logging.getLogger("toolrisk.worker")

_local = threading.local()
_RETRYABLE = (Failure, OSError, TimeoutError)


def worker_store() -> Store:
    """One store connection per worker process, from TOOLRISK_DB."""
    store = getattr(_local, "store", None)
    if store is None:
        store = open_store(os.environ.get("TOOLRISK_DB"))
        _local.store = store
    return store


def redis_client():
    client = getattr(_local, "redis", None)
    if client is None:
        import redis

        client = redis.Redis.from_url(app.conf.broker_url)
        _local.redis = client
    return client


def rate_limits() -> dict[str, Limit]:
    """Per-source limits for the whole fleet: the sources' defaults, overridden by
    TOOLRISK_RATE_<SOURCE>=<requests>/<seconds> (e.g. TOOLRISK_RATE_OFFICIAL=170/60)."""
    from crawler.sources import NETWORK_SOURCES

    limits = {name: Limit(int(info.default_rate_per_minute), 60.0) for name, info in NETWORK_SOURCES.items()}
    for key, value in os.environ.items():
        if key.startswith("TOOLRISK_RATE_"):
            requests, _, seconds = value.partition("/")
            limits[key[len("TOOLRISK_RATE_"):].lower()] = Limit(int(requests), float(seconds or 60))
    return limits


def limiter() -> SharedRateLimiter:
    lim = getattr(_local, "limiter", None)
    if lim is None:
        lim = SharedRateLimiter(redis_client(), rate_limits())
        _local.limiter = lim
    return lim


def source_context(name: str, base_url: str | None):
    """A crawl context for one source whose HTTP client draws from the fleet-wide limit."""
    from crawler.sources import NETWORK_SOURCES, CrawlOptions, SourceContext, _headers, make_client

    info = NETWORK_SOURCES[name]
    options = CrawlOptions()
    client = make_client(info, options, _headers(name, options))
    client.bucket = SharedBucket(limiter(), name)
    return SourceContext(name=name, base_url=(base_url or info.base_url), store=worker_store(), options=options, client=client)


class TrackedTask(Task):
    """Marks the job done in the JobBook on success, failed once retries are exhausted."""

    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = _RETRYABLE
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5

    def on_success(self, retval: Any, task_id: str, args: tuple, kwargs: dict) -> None:
        JobBook(redis_client()).done(kwargs.get("job_id") or args[0])

    def on_failure(self, exc: BaseException, task_id: str, args: tuple, kwargs: dict, einfo: Any) -> None:
        JobBook(redis_client()).failed(kwargs.get("job_id") or args[0], f"{type(exc).__name__}: {exc}")


@app.task(name="toolrisk.crawl_source", base=TrackedTask)
def crawl_source(job_id: str, name: str, location: str | None = None) -> dict[str, Any]:
    """A whole source in one task: static index files, local paths, non-paged APIs."""
    from crawler.runner import SourceSpec, crawl_local

    spec = SourceSpec(name=name, location=location)
    if spec.is_local:
        summary = crawl_local(spec, worker_store())
    else:
        from crawler.sources import _CRAWLERS

        ctx = source_context(name, location)
        try:
            summary = _CRAWLERS[name](ctx)
        finally:
            ctx.client.close()
    log.info("crawl %s: %s", name, summary.model_dump())
    return summary.model_dump()


@app.task(name="toolrisk.crawl_registry_page", base=TrackedTask)
def crawl_registry_page(job_id: str, name: str, base_url: str | None, run_id: str, cursor: str | None = None) -> str | None:
    """One page of a Generic MCP Registry API listing; enqueues the next page exactly once."""
    from crawler.sources import official

    ctx = source_context(name, base_url)
    try:
        pages = official.iter_pages(ctx, None, cursor)
        page = next(pages)
        pages.close()
        dialect = official.PULSEMCP_DIALECT if name == "pulsemcp" else official.OFFICIAL_DIALECT
        items = [i for i in page.items if isinstance(i, dict)]
        if items:
            ctx.store_batch(page.url, official._records(ctx, page, items, dialect), complete=False)
    finally:
        ctx.client.close()
    nxt = page.next_cursor
    if nxt is not None:
        book = JobBook(redis_client())
        if book.claim(f"{run_id}:{nxt}"):
            next_id = f"{run_id}:page:{nxt}"
            book.add(next_id)
            crawl_registry_page.apply_async(kwargs={
                "job_id": next_id, "name": name, "base_url": base_url, "run_id": run_id, "cursor": nxt,
            })
    return nxt


@app.task(name="toolrisk.probe_package", base=TrackedTask)
def probe_package(
    job_id: str, registry: str, package: str, version: str | None = None, local_source: str | None = None
) -> dict[str, Any]:
    """Install one package and list its tools in the sandbox; the result is stored as a source."""
    from crawler.distributed.probe_job import probe_and_store

    return probe_and_store(worker_store(), registry, package, version, local_source)


@app.task(name="toolrisk.schedule_crawl")
def schedule_crawl(name: str) -> None:
    """Beat's periodic entry point: enqueue an incremental crawl of one source."""
    from crawler.distributed.enqueue import enqueue_crawl

    enqueue_crawl([name])
