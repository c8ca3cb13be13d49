"""Put work on the broker: one task per source page (paged registries), per source (static
indexes) or per package (probes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from crawler.distributed.jobs import JobBook
from crawler.runner import SourceSpec, parse_source_spec

PAGED_SOURCES = {"official", "pulsemcp"}


@dataclass(frozen=True)
class Enqueued:
    job_id: str
    task: str


def _book() -> JobBook:
    from crawler.distributed.tasks import redis_client

    return JobBook(redis_client())


def enqueue_crawl(sources: list[str | SourceSpec]) -> list[Enqueued]:
    from crawler.distributed.tasks import crawl_registry_page, crawl_source

    book = _book()
    out = []
    for item in sources:
        spec = item if isinstance(item, SourceSpec) else parse_source_spec(item)
        run_id = f"{spec.name}:{uuid.uuid4().hex[:12]}"
        if spec.name in PAGED_SOURCES and not spec.is_local:
            job_id = f"{run_id}:page:first"
            book.add(job_id)
            crawl_registry_page.apply_async(
                kwargs={"job_id": job_id, "name": spec.name, "base_url": spec.location, "run_id": run_id, "cursor": None}
            )
            out.append(Enqueued(job_id, "crawl_registry_page"))
        else:
            job_id = f"{run_id}:source"
            book.add(job_id)
            crawl_source.apply_async(kwargs={"job_id": job_id, "name": spec.name, "location": spec.location})
            out.append(Enqueued(job_id, "crawl_source"))
    return out


def enqueue_probes(targets: list[tuple[str, str, str | None]], *, local_source: str | None = None) -> list[Enqueued]:
    """(registry, package, version) triples; already-pending probes are not enqueued twice."""
    from crawler.distributed.tasks import probe_package

    book = _book()
    pending = book.pending()
    out = []
    for registry, package, version in targets:
        job_id = f"probe:{registry}:{package}@{version or 'latest'}"
        if job_id in pending:
            continue
        book.add(job_id)
        probe_package.apply_async(
            kwargs={"job_id": job_id, "registry": registry, "package": package, "version": version,
                    "local_source": local_source}
        )
        out.append(Enqueued(job_id, "probe_package"))
    return out


def wait_idle(timeout_s: float) -> bool:
    return _book().wait_idle(timeout_s)


def failures() -> dict[str, str]:
    return _book().failures()
