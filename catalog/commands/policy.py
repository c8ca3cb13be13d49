"""`toolrisk policy SERVER [--format F] [--tool T]... [--profile P] [--db URL]`: print a starter."""

from __future__ import annotations

import sys

import typer

from catalog.errors import BadInput


def register(app: typer.Typer) -> None:
    @app.command("policy")
    def policy(
        server: str = typer.Argument(..., help="The server's slug or name."),
        fmt: str = typer.Option(
            "policylayer",
            "--format",
            "-f",
            help="policylayer, intercept, cedar, agentgateway, docker, envoy or mcpjungle.",
        ),
        tools: list[str] = typer.Option(None, "--tool", "-t", help="Only this tool (repeatable)."),
        profile: str = typer.Option("balanced", "--profile", "-p", help="strict, balanced or permissive."),
        db: str = typer.Option(
            None, "--db", help="Store: SQLite path or URL (default toolrisk.db, or $TOOLRISK_DB)."
        ),
    ) -> None:
        """Print a policy starter for one server's tools."""
        from catalog.policies import (
            build_policy,
            check_format,
            check_profile,
            degradation_notes,
            render_policy,
        )
        from catalog.policies.publish import policy_server
        from catalog.store import StoreError, open_store, resolve_db

        check_format(fmt)
        check_profile(profile)
        try:
            store = open_store(db, create=False)
        except StoreError as exc:
            raise BadInput(f"--db {resolve_db(db)}: {exc}") from exc
        with store:
            slug = store.find_server(server)
            if slug is None:
                raise BadInput(f"server {server!r} is not in the store (give its slug or name)")
            view = store.server_view(slug)
        if view is None:
            raise BadInput(f"server {server!r} is not in the store (give its slug or name)")
        pairs = [(t.definition, t.classification) for t in view.tools]
        if tools:
            known = {d.name for d, _ in pairs}
            missing = [t for t in tools if t not in known]
            if missing:
                raise BadInput(f"server {view.slug!r} has no tool named {missing[0]!r}")
            pairs = [p for p in pairs if p[0].name in set(tools)]
        if not pairs:
            raise BadInput(f"server {view.slug!r} has no tools with definitions to write a policy for")
        policy_doc = build_policy(policy_server(view), pairs, profile)
        sys.stdout.write(render_policy(fmt, policy_doc))
        for note in degradation_notes(fmt, policy_doc):
            # JSON formats cannot carry comments: say what was degraded where a person will see it.
            print(f"note: {note}", file=sys.stderr)
