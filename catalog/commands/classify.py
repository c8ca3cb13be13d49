"""`toolrisk classify`: store mode (classify what is new) or standalone JSONL mode."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from catalog.errors import BadInput


def _open_input(path: str):  # noqa: ANN202 - a binary line iterator
    if path == "-":
        return sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise BadInput(f"--input {path}: is a directory; give a JSONL file")
    if not p.is_file():
        raise BadInput(f"--input {path}: no such file")
    try:
        return p.open("rb")
    except OSError as exc:
        raise BadInput(f"--input {path}: cannot read ({exc.strerror})") from None


def _check_output(path: str) -> Path:
    out = Path(path)
    if out.is_dir():
        raise BadInput(f"--output {path}: is a directory; give a file name")
    if not out.parent.exists():
        raise BadInput(f"--output {path}: directory {out.parent} does not exist")
    return out


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

    out_path = None if output == "-" else _check_output(output)
    src = _open_input(input)
    clf = load_classifier()
    try:
        if out_path is None:
            total, failed = run_stream(clf, src, sys.stdout)
        else:
            # written beside the target and renamed: a failed run never leaves half a file behind
            tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
            try:
                with tmp.open("w", encoding="utf-8") as dst:
                    total, failed = run_stream(clf, src, dst)
                tmp.replace(out_path)
            except OSError as exc:
                raise BadInput(f"--output {output}: cannot write ({exc.strerror})") from None
            finally:
                tmp.unlink(missing_ok=True)
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
