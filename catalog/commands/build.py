"""`toolrisk build`: render the site, JSON export, policies and feeds from the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from catalog.commands.common import DbOption, err_console, progress_bar
from catalog.store import open_store


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_command(
        out: Annotated[Path, typer.Option("--out", help="Folder to publish the site into (replaced atomically).")] = Path("public"),
        db: DbOption = None,
        base_url: Annotated[
            str | None,
            typer.Option(
                "--base-url",
                help="Absolute URL the site will be served from, for canonical links, the sitemap and the "
                "feed (default: $TOOLRISK_BASE_URL or http://127.0.0.1:8000/, the `toolrisk serve` address).",
            ),
        ] = None,
    ) -> None:
        """Render the website, JSON API, policy starters, badges, sitemap and search index into --out.

        Incremental: pages whose content did not change are not rewritten. The published folder is
        swapped in one step at the end, so it is never half-written."""
        from catalog.site.build import DEFAULT_BASE_URL, build_site

        url = base_url or os.environ.get("TOOLRISK_BASE_URL") or DEFAULT_BASE_URL
        with open_store(db, create=False) as store, progress_bar() as progress:
            task = progress.add_task("build", total=None)
            report = build_site(store, out, base_url=url, progress=lambda n: progress.advance(task, n))
        err_console.print(str(report), soft_wrap=True)
