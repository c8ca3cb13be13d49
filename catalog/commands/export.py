"""`toolrisk export --out DIR [--format json|jsonl] [--db URL]`: the JSON catalog without the site."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from catalog.commands.common import DbOption
from catalog.errors import BadInput


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write api/v1/… and feed.xml into.")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="json (a file per server + all.zip) or jsonl.")] = "json",
        site_url: Annotated[str, typer.Option("--site-url", help="Absolute site URL for links in feed.xml.")] = "",
        db: DbOption = None,
    ) -> None:
        """Write the JSON catalog: records, index, modified_id.csv, lists, schema, changefeed."""
        from catalog.export.run import export_store
        from catalog.store import open_store

        if fmt not in ("json", "jsonl"):
            raise BadInput(f"--format {fmt!r}: use json or jsonl")
        if out.exists() and not out.is_dir():
            raise BadInput(f"--out {out}: exists and is not a folder")
        # A missing, foreign or damaged file is a StoreError (BadInput) naming the file.
        with open_store(db, create=False) as store:
            report = export_store(store, out, format=fmt, site_url=site_url)  # type: ignore[arg-type]
        zip_note = f", all.zip {report.zip_bytes:,} bytes" if report.zip_bytes is not None else ""
        print(
            f"exported {report.servers} servers, {report.tools} tools, {report.changes} changes "
            f"({report.rug_pulls} possible rug pulls) to {report.api_dir} in {report.seconds:.1f}s{zip_note}",
            file=sys.stderr,
        )
