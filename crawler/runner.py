"""Run a crawl: each --source NAME[=URL_OR_PATH] becomes one (or, paged, several) store fetches.

A local path goes through the format parsers; a URL, or no location at all, goes to the
network source of that name. One source failing never stops the others.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from catalog.errors import BadInput, Failure, ToolriskError
from catalog.models import FetchSummary, ServerRecord, SourceFetch
from catalog.store.base import Store

_SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class SourceSpec:
    name: str
    location: str | None = None  # URL, local path, or None for the source's default
    fmt: str | None = None
    observed_at: datetime | None = None
    display_root: Path | None = None  # local paths under it are stored relative, e.g. "snapshot/…"
    repository: str | None = None  # given to records that name no repository (single-project sources)

    @property
    def is_local(self) -> bool:
        return self.location is not None and "://" not in self.location


@dataclass
class SourceResult:
    summary: FetchSummary
    seconds: float
    skipped: str | None = None  # why the source was skipped (no API key…)
    failed: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None


def parse_source_spec(text: str) -> SourceSpec:
    name, sep, location = text.partition("=")
    name = name.strip().lower()
    if not _SOURCE_NAME.match(name):
        raise BadInput(f"--source {text!r}: source name must be letters, digits, '-', '_' or '.'")
    if sep and not location.strip():
        raise BadInput(f"--source {text!r}: nothing after '='; give a URL or a path")
    return SourceSpec(name=name, location=location.strip() if sep else None)


def crawl(
    specs: list[SourceSpec],
    store: Store,
    *,
    on_progress: Callable[[str, int], None] | None = None,
    options: object | None = None,
) -> list[SourceResult]:
    """`options` is a crawler.sources.CrawlOptions for network sources (rate, --full, …)."""
    results = []
    for spec in specs:
        started = time.monotonic()
        try:
            if spec.is_local:
                summary = crawl_local(spec, store, on_progress=on_progress)
                results.append(SourceResult(summary, time.monotonic() - started))
            else:
                results.append(_crawl_network(spec, store, started, on_progress, options))
        except ToolriskError as exc:
            summary = FetchSummary(source=spec.name, errors=1, error_messages=[str(exc)])
            results.append(SourceResult(summary, time.monotonic() - started, failed=str(exc)))
    return results


def crawl_local(
    spec: SourceSpec, store: Store, *, on_progress: Callable[[str, int], None] | None = None
) -> FetchSummary:
    from crawler.parsers import parse_path
    from crawler.parsers.captures import observations_of

    assert spec.location is not None
    path = Path(spec.location)
    if not path.exists():
        raise BadInput(f"--source {spec.name}={spec.location}: no such file or directory")
    run = parse_path(spec.name, path, spec.fmt)
    observations = observations_of(run)
    if observations is not None:
        return _crawl_observations(spec, store, observations, on_progress)
    observed = spec.observed_at or getattr(run, "observed_at", None)
    fetch = SourceFetch(source=spec.name, url=_display(path, spec.display_root), observed_at=observed)

    def records() -> Iterator[ServerRecord]:
        for n, record in enumerate(run, 1):
            if on_progress is not None:
                on_progress(spec.name, n)
            yield _local_record(spec, record)

    try:
        summary = store.record_fetch(fetch, records(), complete=True)
    except Failure as exc:
        rejected = list(getattr(run, "errors", []) or [])
        if rejected:  # every record was refused: say why, not just "no servers"
            raise Failure(f"{exc}; {len(rejected)} records rejected, first: {rejected[0]}") from None
        raise
    errors = list(getattr(run, "errors", []) or [])
    if errors:
        summary.errors += len(errors)
        summary.error_messages.extend(errors[:50])
    return summary


def _local_record(spec: SourceSpec, record: ServerRecord) -> ServerRecord:
    if spec.display_root is not None and record.source_url:
        record = record.model_copy(update={"source_url": _display(Path(record.source_url), spec.display_root)})
    if spec.repository and not record.repository_url:
        record = record.model_copy(update={"repository_url": spec.repository})
    return record


# source_state key: the newest capture time of a versioned-capture source already stored
CAPTURES_CURSOR = "captures_observed_at"


def _crawl_observations(
    spec: SourceSpec,
    store: Store,
    observations: list,  # crawler.parsers.captures.Observation, oldest first
    on_progress: Callable[[str, int], None] | None,
) -> FetchSummary:
    """Versioned captures of one server: each observation is its own fetch at its own time,
    oldest first, so the store keeps every version's surface as history of one listing.

    The store's history runs forward in time per listing (its latest row is the current one),
    so an observation older than the newest one already stored for this source (the cursor in
    the source state) is not written again: it was stored before, and replaying it would make
    an old version look newest. Its records count as unchanged. A capture older than the cursor
    that is new to the manifest therefore needs a fresh store to enter the history.
    """
    state = store.get_source_state(spec.name)
    cursor = _parse_cursor(state.get(CAPTURES_CURSOR))
    total = FetchSummary(source=spec.name)
    done = 0
    for obs in observations:
        if cursor is not None and obs.observed_at < cursor:
            total.fetched += len(obs.records)
            total.unchanged += len(obs.records)
            done += len(obs.records)
            continue
        fetch = SourceFetch(source=spec.name, url=_display(obs.path, spec.display_root), observed_at=obs.observed_at)

        def records(obs: object = obs) -> Iterator[ServerRecord]:
            nonlocal done
            for record in obs.records:  # type: ignore[attr-defined]
                done += 1
                if on_progress is not None:
                    on_progress(spec.name, done)
                yield _local_record(spec, record)

        summary = store.record_fetch(fetch, records(), complete=True)
        for name in ("fetched", "new", "changed", "unchanged", "deleted", "errors"):
            setattr(total, name, getattr(total, name) + getattr(summary, name))
        total.error_messages.extend(summary.error_messages)
        if cursor is None or obs.observed_at > cursor:
            cursor = obs.observed_at
            state = {**state, CAPTURES_CURSOR: cursor.astimezone(UTC).isoformat()}
            store.set_source_state(spec.name, state)
    return total


def _parse_cursor(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _crawl_network(
    spec: SourceSpec,
    store: Store,
    started: float,
    on_progress: Callable[[str, int], None] | None = None,
    options: object | None = None,
) -> SourceResult:
    try:
        from crawler.sources import SourceFailure, SourceSkipped, crawl_network_source
    except ImportError as exc:
        raise Failure(f"source {spec.name}: network sources are not available in this build ({exc})") from exc

    def progress(done: int, total: int | None) -> None:
        if on_progress is not None:
            on_progress(spec.name, done)

    try:
        summary = crawl_network_source(spec.name, spec.location, store, progress=progress, options=options)
    except SourceSkipped as exc:
        return SourceResult(FetchSummary(source=spec.name), time.monotonic() - started, skipped=str(exc))
    except SourceFailure as exc:
        # Paged sources commit page by page: report what was stored before the failure too.
        partial = exc.summary.model_copy(deep=True)
        partial.errors += 1
        partial.error_messages.insert(0, str(exc))
        return SourceResult(partial, time.monotonic() - started, failed=str(exc))
    return SourceResult(summary, time.monotonic() - started)


def snapshot_specs() -> list[SourceSpec]:
    """The bundled, offline snapshot of the real indexes."""
    from crawler.snapshot import snapshot_sources

    specs = []
    for src in snapshot_sources():
        root = Path(src.path).resolve()
        # .../snapshot/<source path>: store paths as "snapshot/<...>" so every clone stores the same text
        snapshot_root = _snapshot_root(root)
        specs.append(
            SourceSpec(
                name=src.name,
                location=str(root),
                fmt=src.format,
                observed_at=src.observed_at,
                display_root=snapshot_root.parent if snapshot_root else None,
                repository=src.repository,
            )
        )
    return specs


def _snapshot_root(path: Path) -> Path | None:
    for parent in [path, *path.parents]:
        if parent.name == "snapshot":
            return parent
    return None


def _display(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
