"""Export a whole store in one pass (what `toolrisk export` runs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pydantic import ValidationError

from catalog.errors import Failure
from catalog.export.writer import ApiWriter, ExportFormat, ExportReport
from catalog.store.base import Store


def export_store(store: Store, out_dir: Path, *, format: ExportFormat = "json", site_url: str = "") -> ExportReport:
    """Write the API files for every server; on any error nothing of this run is kept.

    A store that opened fine can still be damaged further in (a truncated file reads its
    first pages and fails later), so read errors are turned into one clear line here.
    """
    where = getattr(store, "path", None) or "the store"
    with ApiWriter(out_dir, store, format=format, site_url=site_url) as writer:
        try:
            for view in store.iter_server_views():
                writer.add_server(view)
        except sqlite3.DatabaseError as exc:
            raise Failure(f"{where}: store is damaged ({exc}); export stopped, previous export kept") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first.get("loc", ()))
            raise Failure(
                f"{where}: a stored row does not read back ({exc.title} {loc}: {first.get('msg')}); "
                "export stopped, previous export kept"
            ) from exc
        return writer.finish()
