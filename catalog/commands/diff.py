"""`toolrisk diff SERVER [--from V] [--to V] [--json] [--db URL]`: what changed between two tool surfaces."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from catalog.commands.common import DbOption
from catalog.errors import BadInput


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff(
        server: Annotated[str, typer.Argument(help="The server's slug, name or source id.")],
        from_spec: Annotated[
            str | None,
            typer.Option("--from", help="Older surface: a version, SOURCE:VERSION, #SURFACE_ID or a surface-hash prefix. "
                         "Default: the surface before --to from the same source."),
        ] = None,
        to_spec: Annotated[
            str | None, typer.Option("--to", help="Newer surface (same forms as --from). Default: the current surface.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
        db: DbOption = None,
    ) -> None:
        """Tools added, removed and changed, with class and risk changes, between two tool surfaces."""
        from catalog.export.run import store_read_errors
        from catalog.history.diff import diff_surfaces, pick_pair
        from catalog.history.render import render_text
        from catalog.store import open_store

        with open_store(db, create=False) as store, store_read_errors(getattr(store, "path", db), "no diff"):
            slug = store.find_server(server)
            view = store.server_view(slug) if slug is not None else None
            if view is None:
                raise BadInput(f"server {server!r} is not in the store (give its slug, name or source id)")
            old, new = pick_pair(view, from_spec, to_spec)
            if old is not None and old.id == new.id:
                raise BadInput(f"--from and --to both name surface #{new.id} of {view.slug}")
            result = diff_surfaces(store, view, old, new)
        if as_json:
            sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(render_text(result))
