"""`toolrisk db`: migrate, check and copy stores (SQLite ↔ PostgreSQL)."""

from __future__ import annotations

from typing import Annotated

import typer

from catalog.commands.common import DbOption, err_console, print_json, progress_bar
from catalog.errors import Failure
from catalog.store import open_store
from catalog.store.copy import copy_store
from catalog.store.sqlbase import SqlStore


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Manage the store: schema migrations, integrity checks, copies between engines.", no_args_is_help=True)
    app.add_typer(db_app, name="db")

    @db_app.command("migrate")
    def migrate(db: DbOption = None) -> None:
        """Create the store or bring its schema up to date (safe to run any number of times)."""
        with open_store(db) as store:
            assert isinstance(store, SqlStore)
            err_console.print(f"{store.location}: schema version {store.schema_version()}")

    @db_app.command("check")
    def check(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Integrity check and row counts."""
        with open_store(db, create=False) as store:
            assert isinstance(store, SqlStore)
            result = store.integrity_check()
            counts = store.counts()
        if as_json:
            print_json({"integrity": result, "counts": counts})
        else:
            err_console.print(f"integrity: {result}")
            for table, n in counts.items():
                err_console.print(f"  {table:16} {n}")
        if result != "ok":
            raise Failure(f"integrity check failed: {result}")

    @db_app.command("copy")
    def copy(
        src: Annotated[str, typer.Option("--from", help="Source store (path, sqlite:///…, postgresql://…).")],
        dst: Annotated[str, typer.Option("--to", help="Target store; must be empty (it is created/migrated first).")],
    ) -> None:
        """Copy every row (servers, history, classifications) from one store into an empty one."""
        with open_store(src, create=False) as source, open_store(dst) as target, progress_bar() as progress:
            assert isinstance(source, SqlStore) and isinstance(target, SqlStore)
            task = progress.add_task("copy", total=None)
            copied = copy_store(source, target, on_rows=lambda table, n: progress.update(task, description=f"copy {table}", completed=n))
        for table, n in copied.items():
            err_console.print(f"  {table:16} {n}")
