"""Options and output helpers shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from catalog.errors import BadInput

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store: a SQLite file path or URL (sqlite:///path, postgresql://…). Default: $TOOLRISK_DB or ./toolrisk.db."),
]

SCALE_EXTRA = "pip install 'toolrisk[scale]'"


@contextmanager
def scale_extra(what: str) -> Iterator[None]:
    """Wrap imports of the optional scale-out extra (Celery, Redis): when it is not installed,
    the user gets one line saying how to install it (exit 2), not an ImportError traceback."""
    try:
        yield
    except ImportError as exc:
        raise BadInput(f"{what} needs the scale extra: {SCALE_EXTRA} ({exc})") from exc


# Logs and pipes get a wide, fixed width instead of rich's 80 columns, so tables keep their headers.
err_console = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 160)
out_console = Console(highlight=False)


def progress_bar(*, transient: bool = True) -> Progress:
    """A progress display on stderr; silent when stderr is not a terminal (CI logs stay short)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=transient,
        disable=not sys.stderr.isatty(),
    )


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=True, default=str) + "\n")


def summary_table(title: str, columns: list[str], rows: list[list[object]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*[str(c) for c in row])
    return table
