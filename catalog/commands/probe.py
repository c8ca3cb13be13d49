"""`toolrisk probe`: install server packages and list their tools in a sandbox, stored as source `probe`.

    toolrisk probe PACKAGE[@VERSION] --registry npm|pypi [--db URL]
    toolrisk probe --from-catalog [--limit N] [--jobs N] [--db URL]
"""

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


def _outcome_row(outcome) -> dict[str, object]:  # noqa: ANN001 - ProbeOutcome, imported lazily
    capture = outcome.capture
    return {
        "package": outcome.target.label if outcome.version is None else
        f"{outcome.target.registry}:{outcome.target.package}@{outcome.version}",
        "ok": outcome.ok,
        "kind": outcome.kind,
        "tools": len(capture.tools) if capture else None,
        "install_s": outcome.install_s,
        "list_s": outcome.list_s,
        "retries": outcome.notes,
        "message": outcome.message[:300],
    }


def enqueue_for_fleet(targets: list, from_path: Path | None, as_json: bool) -> None:
    with scale_extra("--distributed"):
        from crawler.distributed.enqueue import enqueue_probes
    jobs = enqueue_probes(
        [(t.registry, t.package, t.version) for t in targets], local_source=str(from_path.resolve()) if from_path else None
    )
    if as_json:
        print_json([{"job_id": j.job_id, "task": j.task} for j in jobs])
    err_console.print(f"enqueued {len(jobs)} probe jobs for the worker fleet ({len(targets) - len(jobs)} already pending)")


def register(app: typer.Typer) -> None:
    @app.command("probe")
    def probe_command(
        package: Annotated[
            str | None, typer.Argument(help="PACKAGE\\[@VERSION] (PyPI also NAME==VERSION). Omit with --from-catalog.")
        ] = None,
        registry: Annotated[str | None, typer.Option("--registry", help="npm or pypi.")] = None,
        from_catalog: Annotated[
            bool, typer.Option("--from-catalog", help="Probe catalog servers with an npm/PyPI package and no fresh tool list.")
        ] = False,
        limit: Annotated[int | None, typer.Option("--limit", help="With --from-catalog: at most N packages.")] = None,
        jobs: Annotated[int, typer.Option("--jobs", help="Packages probed in parallel.")] = 2,
        include_listed: Annotated[
            bool, typer.Option("--include-listed", help="With --from-catalog: also servers whose tool list is fresh.")
        ] = False,
        max_age_days: Annotated[
            float, typer.Option("--max-age-days", help="A tool list older than this is stale (default 90).")
        ] = 90.0,
        from_path: Annotated[
            Path | None,
            typer.Option("--from-path", help="Install from a local npm tarball/folder or a folder of wheels instead."),
        ] = None,
        arg: Annotated[list[str] | None, typer.Option("--arg", help="An argument for the server; repeatable.")] = None,
        env: Annotated[
            list[str] | None,
            typer.Option("--env", help="NAME of an environment variable to set to a placeholder (never a real value)."),
        ] = None,
        deadline: Annotated[float, typer.Option("--deadline", help="Seconds from start to the last tools/list page.")] = 60.0,
        work_dir: Annotated[
            Path | None, typer.Option("--work-dir", help="Where installs go (default /var/tmp/toolrisk-probe).")
        ] = None,
        cache_dir: Annotated[
            Path | None, typer.Option("--cache-dir", help="Keep the npm/pip download cache here (warm across runs).")
        ] = None,
        force: Annotated[bool, typer.Option("--force", help="Probe again even if this version was probed.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per package on stdout.")] = False,
        distributed: Annotated[
            bool,
            typer.Option("--distributed", help="Enqueue one task per package for `toolrisk worker` processes instead of probing here."),
        ] = False,
        db: DbOption = None,
    ) -> None:
        """Install a server package, run it in a bubblewrap sandbox, store its live tool list."""
        from catalog.store import open_store
        from crawler.probe.batch import preflight, run_batch
        from crawler.probe.record import server_name_for, store_outcome
        from crawler.probe.rpc import RpcLimits
        from crawler.probe.runner import DEFAULT_WORK_ROOT, ProbeConfig
        from crawler.probe.sandbox import SandboxUnavailable
        from crawler.probe.select import already_probed, select_targets
        from crawler.probe.spec import make_target

        if from_catalog == (package is not None):
            raise BadInput("give either PACKAGE[@VERSION] --registry npm|pypi, or --from-catalog")
        if not 1 <= jobs <= 32:
            raise BadInput("--jobs must be between 1 and 32")
        if not 1 <= deadline <= 600:
            raise BadInput("--deadline must be between 1 and 600 seconds")
        config = ProbeConfig(
            work_root=(work_dir or DEFAULT_WORK_ROOT).resolve(),
            cache_dir=cache_dir.resolve() if cache_dir else None,
            limits=RpcLimits(deadline_s=deadline),
        )
        with open_store(db) as store:
            if from_catalog:
                if from_path or arg or env or registry:
                    raise BadInput("--from-path, --arg, --env and --registry apply to a single PACKAGE only")
                selection = select_targets(
                    store, limit=limit, include_listed=include_listed, max_age_days=max_age_days
                )
                targets = selection.targets
                err_console.print(
                    f"{len(targets)} to probe ({selection.servers_seen} servers, {selection.with_package} with an "
                    f"npm/PyPI package, {selection.already_probed} already probed, {selection.fresh} with a fresh "
                    f"tool list, {selection.invalid_packages} unusable package names)"
                )
            else:
                if registry is None:
                    raise BadInput("--registry npm|pypi is required with PACKAGE")
                env_names = {}
                for name in env or []:
                    if "=" in name:
                        raise BadInput(f"--env {name.split('=')[0]}: give only the NAME; the value is always a placeholder")
                    env_names[name] = "placeholder-not-a-key"
                target = make_target(package or "", registry, local_source=from_path, args=arg or [], env=env_names)
                slug = server_name_for(store, target)
                view = store.server_view(slug) if slug else None
                if (not force and view is not None and target.version
                        and already_probed(view, target.registry, target.package, target.version)):
                    err_console.print(f"{target.label} was already probed (use --force to probe again)")
                    return
                targets = [target]
            if not targets:
                return
            if distributed:
                enqueue_for_fleet(targets, from_path, as_json)
                return
            try:
                preflight(config)
            except SandboxUnavailable as exc:
                raise Failure(str(exc)) from exc
            rows: list[dict[str, object]] = []
            with progress_bar() as progress:
                task = progress.add_task("probe", total=len(targets))

                def on_outcome(outcome) -> None:  # noqa: ANN001
                    store_outcome(store, outcome)
                    rows.append(_outcome_row(outcome))
                    progress.advance(task)

                try:
                    report = run_batch(targets, config, jobs=jobs, on_outcome=on_outcome)
                except SandboxUnavailable as exc:
                    raise Failure(str(exc)) from exc
        if as_json:
            print_json(rows)
        else:
            err_console.print(summary_table(
                "probe",
                ["package", "result", "tools", "install s", "list s"],
                [[r["package"], "ok" if r["ok"] else r["kind"], r["tools"] if r["tools"] is not None else "-",
                  f"{r['install_s']:.1f}", f"{r['list_s']:.2f}"] for r in rows],
            ))
            err_console.print(
                f"{report.ok} of {len(report.outcomes)} listed in {report.seconds:.1f} s "
                f"({report.per_hour():.0f} packages/hour with --jobs {jobs})"
            )
        if not from_catalog and rows and not rows[0]["ok"]:
            raise Failure(f"probe {rows[0]['package']}: {rows[0]['kind']}: {str(rows[0]['message'])[:200]}")
