"""Turn a --db value (path or URL) into a store."""

from __future__ import annotations

import os
from pathlib import Path

from catalog.errors import BadInput
from catalog.store.base import Store

DEFAULT_DB = "toolrisk.db"


def resolve_db(db: str | None) -> str:
    """--db beats TOOLRISK_DB beats ./toolrisk.db."""
    return db or os.environ.get("TOOLRISK_DB") or DEFAULT_DB


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    url = resolve_db(db)
    if url.startswith(("postgresql://", "postgres://", "postgresql+")):
        try:
            from catalog.store.postgres import PostgresStore
        except ImportError as exc:
            raise BadInput(f"--db {url.split('@')[-1]}: the PostgreSQL store is not available ({exc})") from exc
        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
    elif "://" in url:
        raise BadInput(f"--db {url!r}: unsupported URL scheme (use a file path, sqlite:///path or postgresql://…)")
    else:
        path = Path(url)
    from catalog.store.sqlite import SqliteStore

    return SqliteStore(path, create=create)
