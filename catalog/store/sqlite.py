"""The default store: one SQLite file, WAL journal, one transaction per source fetch."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from catalog.store.base import StoreError
from catalog.store.sqlbase import SqlStore

_SQLITE_MAGIC = b"SQLite format 3\x00"


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._check_file(create)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per fetch
            self.conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable toolrisk database ({exc})") from exc

    def _check_file(self, create: bool) -> None:
        if self.path.exists():
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
            if self.path.stat().st_size:
                with self.path.open("rb") as fh:
                    head = fh.read(16)
                if head != _SQLITE_MAGIC:
                    raise StoreError(f"{self.path}: not a SQLite database (bad header); refusing to touch it")
        elif not create:
            raise StoreError(f"{self.path}: no such database (run `toolrisk crawl` first)")
        elif not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")

    def _execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.OperationalError):
                raise
            raise StoreError(f"{self.path}: database is damaged ({exc})") from exc

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(sql, rows)

    def _begin_write(self) -> None:
        # IMMEDIATE takes the write lock up front, so two processes never interleave one fetch
        self._execute("BEGIN IMMEDIATE")

    def integrity_check(self) -> str:
        return str(self._execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self.conn.close()
