"""Export a whole store in one pass (what `toolrisk export` runs)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from catalog.errors import Failure
from catalog.export.writer import ApiWriter, ExportFormat, ExportReport
from catalog.store.base import Store


@contextmanager
def store_read_errors(where: object, consequence: str) -> Iterator[None]:
    """Turn a damaged store met while reading into one clear line (exit 1).

    A store that opened fine can still be damaged further in (a truncated file reads its
    first pages and fails later; a JSON column may no longer parse).
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise Failure(f"{where}: store is damaged ({exc}); {consequence}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        raise Failure(
            f"{where}: a stored row does not read back ({exc.title} {loc}: {first.get('msg')}); {consequence}"
        ) from exc
    except ValueError as exc:  # e.g. a JSON column that no longer parses
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Failure(f"{where}: a stored row does not read back ({first_line}); {consequence}") from exc


def export_store(store: Store, out_dir: Path, *, format: ExportFormat = "json", site_url: str = "") -> ExportReport:
    """Write the API files for every server; on any error nothing of this run is kept."""
    where = getattr(store, "path", None) or "the store"
    with ApiWriter(out_dir, store, format=format, site_url=site_url) as writer:
        with store_read_errors(where, "export stopped, previous export kept"):
            for view in store.iter_server_views():
                writer.add_server(view)
        return writer.finish()
