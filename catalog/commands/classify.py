"""`toolrisk classify`: store mode (classify what is new) or standalone JSONL mode."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from catalog.errors import BadInput


def _open_input(path: str):  # noqa: ANN202 - a binary line iterator
    if path == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"--input {path}: no such file")
    return p.open("rb")


def classify(
    db: Annotated[
        str | None, typer.Option("--db", help="store: SQLite path or URL (default toolrisk.db, $TOOLRISK_DB)")
    ] = None,
    input: Annotated[
        str | None, typer.Option("--input", help="standalone JSONL tool records ('-' = stdin)")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", help="where to write JSONL classifications ('-' = stdout)")
    ] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="no progress bar in store mode")] = False,
) -> None:
    """Classify tools: what is new in the store, or a JSONL file of standalone records."""
    from classifier import load_classifier

    if input is None and output is None:
        from catalog.store import open_store
        from classifier.store_job import classify_store

        store = open_store(db)
        try:
            n = classify_store(store, progress=not no_progress and sys.stderr.isatty())
        finally:
            store.close()
        clf = load_classifier()
        typer.echo(f"classified {n} tool definitions ({clf.version})", err=True)
        return
    if input is None or output is None:
        raise BadInput("--input and --output go together (use '-' for stdin/stdout)")
    if db is not None:
        raise BadInput("--db is for store mode; standalone mode (--input/--output) needs no store")

    from classifier.standalone import run_stream

    clf = load_classifier()
    src = _open_input(input)
    try:
        if output == "-":
            total, failed = run_stream(clf, src, sys.stdout)
        else:
            out_path = Path(output)
            if out_path.parent and not out_path.parent.exists():
                raise BadInput(f"--output {output}: directory does not exist")
            tmp = out_path.with_name(out_path.name + ".tmp")
            with tmp.open("w", encoding="utf-8") as dst:
                total, failed = run_stream(clf, src, dst)
            tmp.replace(out_path)
    finally:
        if src is not sys.stdin.buffer:
            src.close()
    if failed:
        typer.echo(
            f"toolrisk: error: {failed} of {total} input lines could not be classified (see their error lines)",
            err=True,
        )
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command("classify")(classify)
