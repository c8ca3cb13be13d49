"""The SQL store shared by SQLite and PostgreSQL: same schema, same history rules.

Subclasses provide the connection and the few things the engines do differently: how a write
transaction starts (SQLite takes the write lock; PostgreSQL takes an advisory lock so that
concurrent workers serialise their fetches), placeholders, and integrity checks.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from catalog.errors import Failure
from catalog.models import (
    Classification,
    FetchSummary,
    ServerRecord,
    SourceFetch,
    ToolDefinition,
    utcnow,
)
from catalog.store.base import Store, StoreError
from catalog.store.schema import LATEST_VERSION, MIGRATIONS, render
from catalog.store.sqlviews import ViewReader
from catalog.store.sqlwrite import ChunkWriter
from catalog.store.timefmt import from_text, to_text
from catalog.views import ProbeCandidate, ProbeFailure, ServerSummary, ServerView


class SqlStore(Store):
    dialect = "sqlite"
    location = ""

    def _setup(self) -> None:
        self._lock = threading.RLock()
        self._migrate()
        self._views = ViewReader(self._execute)
        self.writer = ChunkWriter(self._execute, self.location)

    # --- engine hooks ------------------------------------------------------------------------
    def _execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _begin_write(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    def _insert_id(self, sql: str, params: tuple[Any, ...]) -> int:
        return int(self._execute(sql + " RETURNING id", params).fetchone()[0])

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock:
            self._begin_write()
            try:
                yield
                self._commit()
            except BaseException:
                self._rollback()
                raise

    def _migrate(self) -> None:
        with self._lock:
            self._execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for version, script in MIGRATIONS:
                with self._write():
                    row = self._execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                    current = int(row[0]) if row else 0
                    if current > LATEST_VERSION:
                        raise StoreError(
                            f"{self.location}: schema version {current} is newer than this toolrisk "
                            f"({LATEST_VERSION}); upgrade toolrisk"
                        )
                    if version <= current:
                        continue
                    for statement in render(script, self.dialect):
                        self._execute(statement)
                    self._execute(
                        "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (str(version),),
                    )

    def schema_version(self) -> int:
        row = self._execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    # --- writes ----------------------------------------------------------------------------
    # A fetch's records are written a chunk at a time (see sqlwrite.ChunkWriter): each statement
    # of the write path runs once per chunk, not once per record. A crawler page is 100 records,
    # so one page is one chunk.
    chunk_records = 500

    def record_fetch(self, fetch: SourceFetch, records: Iterable[ServerRecord], *, complete: bool = True) -> FetchSummary:
        observed = to_text(fetch.observed_at or fetch.started_at)
        summary = FetchSummary(source=fetch.source)
        with self._lock:
            self._begin_write()
            try:
                fetch_id = self._insert_id(
                    "INSERT INTO fetches(source, url, started_at, observed_at, status) VALUES (?,?,?,?, 'running')",
                    (fetch.source, fetch.url, to_text(fetch.started_at), observed),
                )
                chunk: list[ServerRecord] = []
                for record in records:
                    if record.source != fetch.source:
                        raise Failure(f"record {record.source_id!r} says source {record.source!r}, fetch is {fetch.source!r}")
                    chunk.append(record)
                    if len(chunk) >= self.chunk_records:
                        self.writer.store_chunk(fetch.source, chunk, fetch_id, observed, summary)
                        chunk = []
                if chunk:
                    self.writer.store_chunk(fetch.source, chunk, fetch_id, observed, summary)
                if complete and summary.fetched == 0:
                    raise Failure(f"source {fetch.source}: {fetch.url} returned no servers; earlier data kept")
                self._execute(
                    "UPDATE fetches SET status=?, finished_at=?, summary=? WHERE id=?",
                    (fetch.status, to_text(utcnow()), summary.model_dump_json(), fetch_id),
                )
                self._commit()
            except BaseException as exc:
                self._rollback()
                self._log_failed_fetch(fetch, observed, exc)
                raise
        return summary

    def _log_failed_fetch(self, fetch: SourceFetch, observed: str | None, exc: BaseException) -> None:
        # The log line is best effort; the rollback before it is what protects the data.
        with contextlib.suppress(Exception):
            self._execute(
                "INSERT INTO fetches(source, url, started_at, finished_at, observed_at, status, error) "
                "VALUES (?,?,?,?,?, 'failed', ?)",
                (fetch.source, fetch.url, to_text(fetch.started_at), to_text(utcnow()), observed, str(exc)[:1000]),
            )

    def save_classifications(self, items: Iterable[tuple[str, Classification]]) -> int:
        now = to_text(utcnow())
        rows: dict[tuple[str, str], tuple[Any, ...]] = {}
        for h, c in items:  # the first classification of a (hash, version) wins, as in the table
            rows.setdefault(
                (h, c.classifier_version),
                (h, c.classifier_version, c.action, c.risk, c.category, c.model_dump_json(), now),
            )
        if not rows:
            return 0
        columns = ("definition_hash", "classifier_version", "action", "risk", "category", "record_json", "created_at")
        with self._write():
            return self.writer.insert_new("classifications", columns, list(rows.values()))

    def record_probe_failure(self, server_name: str, failure: ProbeFailure) -> None:
        with self._write():
            slug = self._find_slug(server_name)
            if slug is None:
                raise Failure(f"probe failure for unknown server {server_name!r}")
            server_id = self._execute("SELECT id FROM servers WHERE slug=?", (slug,)).fetchone()[0]
            self._execute(
                "INSERT INTO probe_failures(server_id, package, version, kind, message, at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                (server_id, failure.package, failure.version, failure.kind, failure.message[:2000],
                 to_text(failure.at)),
            )

    def get_source_state(self, source: str) -> dict[str, Any]:
        row = self._execute("SELECT state_json FROM source_state WHERE source=?", (source,)).fetchone()
        return json.loads(row[0]) if row else {}

    def set_source_state(self, source: str, state: dict[str, Any]) -> None:
        with self._lock:
            self._execute(
                "INSERT INTO source_state(source, state_json) VALUES (?,?) "
                "ON CONFLICT(source) DO UPDATE SET state_json=excluded.state_json",
                (source, json.dumps(state, sort_keys=True)),
            )

    # --- reads -----------------------------------------------------------------------------
    def definitions_to_classify(self, classifier_version: str) -> Iterator[tuple[str, str, ToolDefinition]]:
        cursor = self._execute(
            """
            SELECT d.hash, d.canonical_json,
                   (SELECT sv.name FROM surface_tools st JOIN surfaces s ON s.id = st.surface_id
                      JOIN servers sv ON sv.id = s.server_id
                     WHERE st.definition_hash = d.hash ORDER BY sv.slug LIMIT 1)
              FROM definitions d
             WHERE NOT EXISTS (SELECT 1 FROM classifications c
                                WHERE c.definition_hash = d.hash AND c.classifier_version = ?)
             ORDER BY d.hash
            """,
            (classifier_version,),
        )
        rows = cursor.fetchall()  # materialised: the caller writes classifications while iterating
        for digest, canonical, server_name in rows:
            yield digest, server_name or "", ToolDefinition.from_canonical(canonical)

    def server_summaries(self) -> list[ServerSummary]:
        return self._views.summaries()

    def server_view(self, slug: str, classifier_version: str | None = None) -> ServerView | None:
        row = self._execute("SELECT id FROM servers WHERE slug=?", (slug,)).fetchone()
        return self._views.build(int(row[0]), classifier_version) if row else None

    def probe_candidates(self) -> Iterator[ProbeCandidate]:
        return self._views.probe_candidates()

    def iter_server_views(self, classifier_version: str | None = None) -> Iterator[ServerView]:
        ids = [int(r[0]) for r in self._execute("SELECT id FROM servers ORDER BY slug")]
        for server_id in ids:
            yield self._views.build(server_id, classifier_version)

    def find_server(self, slug_or_name: str) -> str | None:
        return self._find_slug(slug_or_name)

    def _find_slug(self, text: str) -> str | None:
        for sql in (
            "SELECT slug FROM servers WHERE slug=?",
            "SELECT slug FROM servers WHERE name=? ORDER BY id LIMIT 1",
            "SELECT slug FROM servers WHERE lower(name)=lower(?) ORDER BY id LIMIT 1",
            "SELECT s.slug FROM source_records r JOIN servers s ON s.id=r.server_id WHERE r.source_id=? "
            "ORDER BY s.id LIMIT 1",
            "SELECT s.slug FROM server_keys k JOIN servers s ON s.id=k.server_id WHERE k.key=? LIMIT 1",
            "SELECT s.slug FROM server_keys k JOIN servers s ON s.id=k.server_id WHERE k.key='name:' || ? LIMIT 1",
        ):
            row = self._execute(sql, (text,)).fetchone()
            if row:
                return str(row[0])
        return None

    def surface_tools(self, surface_id: int) -> list[tuple[str, ToolDefinition]]:
        rows = self._execute(
            "SELECT d.hash, d.canonical_json FROM surface_tools st JOIN definitions d ON d.hash=st.definition_hash "
            "WHERE st.surface_id=? ORDER BY d.name, d.hash",
            (surface_id,),
        ).fetchall()
        return [(h, ToolDefinition.from_canonical(j)) for h, j in rows]

    def classification_for(self, definition_hash: str, classifier_version: str | None = None) -> Classification | None:
        if classifier_version:
            row = self._execute(
                "SELECT record_json FROM classifications WHERE definition_hash=? AND classifier_version=?",
                (definition_hash, classifier_version),
            ).fetchone()
        else:
            row = self._execute(
                "SELECT record_json FROM classifications WHERE definition_hash=? "
                "ORDER BY created_at DESC, classifier_version DESC LIMIT 1",
                (definition_hash,),
            ).fetchone()
        return Classification.model_validate_json(row[0]) if row else None

    def classification_history(self, definition_hash: str) -> list[tuple[datetime, Classification]]:
        rows = self._execute(
            "SELECT created_at, record_json FROM classifications WHERE definition_hash=? "
            "ORDER BY created_at, classifier_version",
            (definition_hash,),
        ).fetchall()
        return [(from_text(at), Classification.model_validate_json(j)) for at, j in rows]

    def counts(self) -> dict[str, int]:
        tables = ["servers", "server_keys", "fetches", "source_records", "definitions", "surfaces",
                  "surface_tools", "classifications", "probe_failures", "source_state"]
        return {t: int(self._execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
