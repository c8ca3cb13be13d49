"""`toolrisk run`: the main job, crawl + classify + build."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from catalog.commands.common import DbOption, err_console
from catalog.commands.crawl import default_specs, report, run_crawl
from catalog.errors import Failure
from catalog.store import open_store, resolve_db
from crawler.runner import snapshot_specs


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_command(
        snapshot: Annotated[
            bool, typer.Option("--snapshot", help="Crawl the real index snapshot bundled with toolrisk (offline) instead of the network.")
        ] = False,
        out: Annotated[Path, typer.Option("--out", help="Where the site is written.")] = Path("public"),
        db: DbOption = None,
    ) -> None:
        """The main job: crawl the indexes, classify what is new, build the site, JSON API, policies and feeds."""
        from catalog.site.build import build_site
        from classifier.store_job import classify_store

        started = time.monotonic()
        specs = snapshot_specs() if snapshot else default_specs()
        err_console.print(f"[bold]1/3 crawl[/] {len(specs)} sources → {resolve_db(db)}")
        results = run_crawl(specs, db)
        report(results, as_json=False)
        failed = [r for r in results if not r.ok]

        err_console.print("[bold]2/3 classify[/]")
        with open_store(db) as store:
            classified = classify_store(store, progress=True)
        err_console.print(f"classified {classified} new tool definitions")

        err_console.print(f"[bold]3/3 build[/] → {out}")
        with open_store(db) as store:
            build_report = build_site(store, out)
        err_console.print(str(build_report))
        index = out.resolve() / "index.html"
        err_console.print(
            f"[green]done[/] in {time.monotonic() - started:.1f} s. Site: {index}\n"
            f"Preview it with: toolrisk serve --dir {out}   (then open http://127.0.0.1:8000/)"
        )
        if failed:
            raise Failure(f"{len(failed)} sources failed: {', '.join(r.summary.source for r in failed)}")
