"""`toolrisk crawl`: pull tool manifests from the MCP indexes into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from catalog.commands.common import (
    DbOption,
    err_console,
    print_json,
    progress_bar,
    scale_extra,
    summary_table,
)
from catalog.errors import BadInput, Failure
from catalog.store import open_store
from crawler.runner import SourceResult, SourceSpec, crawl, parse_source_spec, snapshot_specs


def default_specs() -> list[SourceSpec]:
    try:
        from crawler.sources import NETWORK_SOURCES
    except ImportError as exc:
        raise BadInput(f"no network sources available in this build ({exc}); use --snapshot or --source NAME=PATH") from exc
    return [SourceSpec(name=name) for name in NETWORK_SOURCES]


def run_crawl(specs: list[SourceSpec], db: str | None, options: object | None = None) -> list[SourceResult]:
    with open_store(db) as store, progress_bar() as progress:
        tasks: dict[str, int] = {}

        def on_progress(source: str, n: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(f"crawl {source}", total=None)
            progress.update(tasks[source], completed=n)

        return crawl(specs, store, on_progress=on_progress, options=options)


def report(results: list[SourceResult], as_json: bool) -> None:
    if as_json:
        print_json(
            [
                {**r.summary.model_dump(), "seconds": round(r.seconds, 3), "skipped": r.skipped, "failed": r.failed}
                for r in results
            ]
        )
        return
    rows = []
    for r in results:
        s = r.summary
        note = r.failed or r.skipped or ("; ".join(s.error_messages[:1]) if s.error_messages else "")
        rows.append([s.source, s.fetched, s.new, s.changed, s.unchanged, s.deleted, s.errors, f"{r.seconds:.1f}", note[:80]])
    err_console.print(
        summary_table(
            "crawl summary",
            ["source", "fetched", "new", "changed", "unchanged", "deleted", "errors", "s", "note"],
            rows,
        )
    )
    for r in results:
        if r.skipped:
            err_console.print(f"skipped {r.summary.source}: {r.skipped}")
        if r.failed:
            err_console.print(f"[red]failed[/] {r.summary.source}: {r.failed}")


def check_specs(specs: list[SourceSpec]) -> None:
    """Unknown network source names and missing paths are usage errors, found before any store is opened."""
    for spec in specs:
        if spec.is_local and not Path(spec.location or "").exists():
            raise BadInput(f"--source {spec.name}={spec.location}: no such file or directory")
    remote = [s for s in specs if not s.is_local]
    if not remote:
        return
    from crawler.sources import NETWORK_SOURCES

    for spec in remote:
        if spec.name not in NETWORK_SOURCES:
            raise BadInput(
                f"--source {spec.name}: unknown network source (known: {', '.join(NETWORK_SOURCES)}); "
                "to read a local index file or folder, give NAME=PATH"
            )


def network_options(full: bool, rate: float | None) -> object | None:
    if not full and rate is None:
        return None
    from crawler.sources import CrawlOptions

    return CrawlOptions(full=full, rate_per_minute=rate)


def enqueue_and_wait(specs: list[SourceSpec], wait: float, as_json: bool) -> None:
    with scale_extra("--distributed"):
        from crawler.distributed.enqueue import enqueue_crawl, failures, wait_idle
    jobs = enqueue_crawl(specs)
    if as_json:
        print_json([{"job_id": j.job_id, "task": j.task} for j in jobs])
    else:
        err_console.print(f"enqueued {len(jobs)} crawl jobs: {', '.join(j.job_id for j in jobs)}")
    if wait > 0:
        if not wait_idle(wait):
            raise Failure(f"the fleet did not finish within {wait:.0f} s")
        failed = failures()
        if failed:
            raise Failure(f"{len(failed)} jobs failed: " + "; ".join(f"{k}: {v}" for k, v in list(failed.items())[:3]))


def register(app: typer.Typer) -> None:
    @app.command("crawl")
    def crawl_command(
        source: Annotated[
            list[str] | None,
            typer.Option(
                "--source",
                help="NAME or NAME=URL_OR_PATH; repeatable. A path reads a local index file/folder, a URL overrides "
                "the base URL. Default: every network source.",
            ),
        ] = None,
        snapshot: Annotated[bool, typer.Option("--snapshot", help="Read the real index snapshot bundled with toolrisk (offline).")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the per-source summary as JSON on stdout.")] = False,
        distributed: Annotated[
            bool, typer.Option("--distributed", help="Enqueue the work for `toolrisk worker` processes instead of running it here.")
        ] = False,
        wait: Annotated[
            float, typer.Option("--wait", help="With --distributed: wait up to this many seconds for the fleet to finish.")
        ] = 0.0,
        full: Annotated[
            bool, typer.Option("--full", help="Ignore incremental state (updated_since, ETags) and read every source whole.")
        ] = False,
        rate: Annotated[
            float | None,
            typer.Option("--rate", help="Requests per minute per network source (default: each source's polite default)."),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Pull tool manifests from MCP indexes into the store (one transaction per source fetch)."""
        specs = [parse_source_spec(s) for s in source or []]
        if snapshot:
            specs = snapshot_specs() + specs
        if not specs:
            specs = default_specs()
        check_specs(specs)
        if distributed:
            enqueue_and_wait(specs, wait, as_json)
            return
        if rate is not None and not 0 < rate <= 6000:
            raise BadInput("--rate must be between 0 and 6000 requests per minute")
        results = run_crawl(specs, db, network_options(full, rate))
        report(results, as_json)
        failed = [r for r in results if not r.ok]
        if failed:
            raise Failure(f"{len(failed)} of {len(results)} sources failed: {', '.join(r.summary.source for r in failed)}")
