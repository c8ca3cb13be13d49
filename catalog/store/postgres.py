"""PostgreSQL store: the same schema and history rules as SQLite, for fleets of workers.

Concurrency: every write transaction first takes one transaction-scoped advisory lock, so
fetches from several workers are applied one after another, never interleaved. Lookups such
as "which server owns this npm package" and "is this surface already stored" therefore see
every earlier commit, and no server or surface version is ever created twice. Writes are
short (one source page or one probed package), so the lock is not the bottleneck: fetching
and probing are.
"""

from __future__ import annotations

import re
from typing import Any

from catalog.errors import BadInput
from catalog.store.base import StoreError
from catalog.store.sqlbase import SqlStore

# An arbitrary constant that names toolrisk's write lock among the database's advisory locks.
_WRITE_LOCK_KEY = 0x746F6F6C7269  # "toolri"
_PLACEHOLDER = re.compile(r"\?")


class PostgresStore(SqlStore):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise BadInput("the PostgreSQL store needs psycopg: pip install 'toolrisk[scale]'") from exc
        self._psycopg = psycopg
        self.location = _redact(url)
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: cannot connect ({_one_line(exc)})") from exc
        # psycopg prepares a statement run five times; PostgreSQL then may switch to a generic
        # plan that cannot see which values an IN list holds and scans a whole source's rows
        # (an unchanged 100,000-tool re-import: 5.8 s generic, 1.9 s custom plans).
        self._execute("SET plan_cache_mode = force_custom_plan")
        self._setup()

    def _execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        try:
            return self.conn.execute(_PLACEHOLDER.sub("%s", sql), params)
        except self._psycopg.OperationalError as exc:
            raise StoreError(f"{self.location}: {_one_line(exc)}") from exc

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_PLACEHOLDER.sub("%s", sql), rows)

    def _begin_write(self) -> None:
        self._execute("BEGIN")
        self._execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK_KEY,))

    def _migrate(self) -> None:
        # Two workers starting at once must not both create the tables.
        with self._lock:
            self._execute("SELECT pg_advisory_lock(?)", (_WRITE_LOCK_KEY + 1,))
            try:
                super()._migrate()
            finally:
                self._execute("SELECT pg_advisory_unlock(?)", (_WRITE_LOCK_KEY + 1,))

    def integrity_check(self) -> str:
        orphans = self._execute(
            "SELECT count(*) FROM surface_tools st LEFT JOIN definitions d ON d.hash = st.definition_hash "
            "WHERE d.hash IS NULL"
        ).fetchone()[0]
        return "ok" if orphans == 0 else f"{orphans} surface rows point at missing definitions"

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def _redact(url: str) -> str:
    """postgresql://user:secret@host/db → postgresql://user:***@host/db, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
