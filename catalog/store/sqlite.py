"""The default store: one SQLite file, WAL journal, one transaction per source fetch."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from catalog.errors import Failure
from catalog.models import (
    Classification,
    FetchSummary,
    ServerRecord,
    SourceFetch,
    ToolDefinition,
    canonical_json,
    sha256_hex,
    surface_hash,
    utcnow,
)
from catalog.slugs import disambiguate, slugify
from catalog.store.base import Store, StoreError
from catalog.store.identity import record_keys
from catalog.store.schema import LATEST_VERSION, MIGRATIONS
from catalog.store.sqlviews import ViewReader
from catalog.store.timefmt import to_text
from catalog.views import ProbeFailure, ServerSummary, ServerView

_SQLITE_MAGIC = b"SQLite format 3\x00"


class SqliteStore(Store):
    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._check_file(create)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable toolrisk database ({exc})") from exc
        self._views = ViewReader(self.conn)

    # --- opening ---------------------------------------------------------------------------
    def _check_file(self, create: bool) -> None:
        if self.path.exists():
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
            size = self.path.stat().st_size
            if size:
                with self.path.open("rb") as fh:
                    head = fh.read(16)
                if head != _SQLITE_MAGIC:
                    raise StoreError(f"{self.path}: not a SQLite database (bad header); refusing to touch it")
        elif not create:
            raise StoreError(f"{self.path}: no such database (run `toolrisk crawl` first)")
        elif not self.path.parent.exists():
            raise StoreError(f"{self.path}: folder {self.path.parent} does not exist")

    def _migrate(self) -> None:
        with self._lock:
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            current = int(row[0]) if row else 0
            if current > LATEST_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {current} is newer than this toolrisk ({LATEST_VERSION}); upgrade toolrisk"
                )
            for version, script in MIGRATIONS:
                if version <= current:
                    continue
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _split_sql(script):
                        self.conn.execute(statement)
                    self.conn.execute(
                        "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                        (str(version),),
                    )
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    # --- writes ----------------------------------------------------------------------------
    def record_fetch(self, fetch: SourceFetch, records: Iterable[ServerRecord], *, complete: bool = True) -> FetchSummary:
        observed = to_text(fetch.observed_at or fetch.started_at)
        summary = FetchSummary(source=fetch.source)
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                fetch_id = self.conn.execute(
                    "INSERT INTO fetches(source, url, started_at, observed_at, status) VALUES (?,?,?,?, 'running')",
                    (fetch.source, fetch.url, to_text(fetch.started_at), observed),
                ).lastrowid
                for record in records:
                    if record.source != fetch.source:
                        raise Failure(f"record {record.source_id!r} says source {record.source!r}, fetch is {fetch.source!r}")
                    self._store_record(record, fetch_id, observed, summary)
                    summary.fetched += 1
                if complete and summary.fetched == 0:
                    raise Failure(f"source {fetch.source}: {fetch.url} returned no servers; earlier data kept")
                self.conn.execute(
                    "UPDATE fetches SET status=?, finished_at=?, summary=? WHERE id=?",
                    (fetch.status, to_text(utcnow()), summary.model_dump_json(), fetch_id),
                )
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self.conn.execute("ROLLBACK")
                self._log_failed_fetch(fetch, observed, exc)
                raise
        return summary

    def _log_failed_fetch(self, fetch: SourceFetch, observed: str | None, exc: BaseException) -> None:
        # The log line is best effort; the rollback before it is what protects the data.
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute(
                "INSERT INTO fetches(source, url, started_at, finished_at, observed_at, status, error) "
                "VALUES (?,?,?,?,?, 'failed', ?)",
                (fetch.source, fetch.url, to_text(fetch.started_at), to_text(utcnow()), observed, str(exc)[:1000]),
            )

    def _store_record(self, rec: ServerRecord, fetch_id: int, observed: str, summary: FetchSummary) -> None:
        conn = self.conn
        server_id = self._resolve_server(rec, observed)
        record_json = canonical_json(rec.model_dump(mode="json", exclude={"tools"}))
        record_hash = sha256_hex(record_json)
        latest = conn.execute(
            "SELECT id, record_hash, last_seen, status FROM source_records WHERE source=? AND source_id=? "
            "ORDER BY id DESC LIMIT 1",
            (rec.source, rec.source_id),
        ).fetchone()
        changed = False
        if latest is None:
            summary.new += 1
        if latest is not None and latest[1] == record_hash:
            if observed > latest[2]:
                conn.execute("UPDATE source_records SET last_seen=? WHERE id=?", (observed, latest[0]))
        else:
            conn.execute(
                "INSERT INTO source_records(server_id, source, source_id, record_hash, record_json, status, version, "
                "first_seen, last_seen, fetch_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (server_id, rec.source, rec.source_id, record_hash, record_json, rec.status, rec.version,
                 observed, observed, fetch_id),
            )
            if latest is not None:
                changed = True
                if rec.status == "deleted" and latest[3] != "deleted":
                    summary.deleted += 1
        if rec.tools is not None and self._store_surface(rec, server_id, fetch_id, observed) and latest is not None:
            changed = True
        if latest is not None:
            if changed:
                summary.changed += 1
            else:
                summary.unchanged += 1

    def _resolve_server(self, rec: ServerRecord, observed: str) -> int:
        conn = self.conn
        keys = record_keys(rec)
        server_id: int | None = None
        for key in keys:
            row = conn.execute("SELECT server_id FROM server_keys WHERE key=?", (key,)).fetchone()
            if row:
                server_id = int(row[0])
                break
        if server_id is None:
            seed = f"{rec.source}:{rec.source_id}"
            slug = slugify(rec.name, fallback_seed=seed)
            if conn.execute("SELECT 1 FROM servers WHERE slug=?", (slug,)).fetchone():
                slug = disambiguate(slug, seed)
            server_id = int(
                conn.execute(
                    "INSERT INTO servers(slug, name, created_at) VALUES (?,?,?)", (slug, rec.name, observed)
                ).lastrowid
            )
        conn.executemany(
            "INSERT OR IGNORE INTO server_keys(key, server_id) VALUES (?,?)", [(k, server_id) for k in keys]
        )
        return server_id

    def _store_surface(self, rec: ServerRecord, server_id: int, fetch_id: int, observed: str) -> bool:
        """Returns True when this record brought a new tool surface."""
        conn = self.conn
        tools = rec.tools or []
        hashes: list[str] = []
        for tool in tools:
            digest = tool.definition_hash
            hashes.append(digest)
            conn.execute(
                "INSERT OR IGNORE INTO definitions(hash, name, canonical_json, first_seen) VALUES (?,?,?,?)",
                (digest, tool.name, tool.canonical_json(), observed),
            )
        digest_set = sorted(set(hashes))
        shash = surface_hash(digest_set)
        latest = conn.execute(
            "SELECT id, surface_hash, source_version, last_seen, server_id FROM surfaces WHERE source=? AND source_id=? "
            "ORDER BY id DESC LIMIT 1",
            (rec.source, rec.source_id),
        ).fetchone()
        if latest is not None and latest[1] == shash and latest[2] == rec.version and latest[4] == server_id:
            if observed > latest[3]:
                conn.execute("UPDATE surfaces SET last_seen=? WHERE id=?", (observed, latest[0]))
            return False
        surface_id = conn.execute(
            "INSERT INTO surfaces(server_id, source, source_id, source_version, source_url, surface_hash, tool_count, "
            "captured_at, first_seen, last_seen, fetch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (server_id, rec.source, rec.source_id, rec.version, rec.source_url, shash, len(digest_set),
             to_text(rec.captured_at), observed, observed, fetch_id),
        ).lastrowid
        conn.executemany(
            "INSERT INTO surface_tools(surface_id, definition_hash) VALUES (?,?)", [(surface_id, d) for d in digest_set]
        )
        return True

    def save_classifications(self, items: Iterable[tuple[str, Classification]]) -> int:
        now = to_text(utcnow())
        rows = [
            (h, c.classifier_version, c.action, c.risk, c.category, c.model_dump_json(), now) for h, c in items
        ]
        if not rows:
            return 0
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                before = self.conn.total_changes
                self.conn.executemany(
                    "INSERT OR IGNORE INTO classifications(definition_hash, classifier_version, action, risk, category, "
                    "record_json, created_at) VALUES (?,?,?,?,?,?,?)",
                    rows,
                )
                inserted = self.conn.total_changes - before
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return inserted

    def record_probe_failure(self, server_name: str, failure: ProbeFailure) -> None:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                slug = self._find_slug(server_name)
                if slug is None:
                    raise Failure(f"probe failure for unknown server {server_name!r}")
                server_id = self.conn.execute("SELECT id FROM servers WHERE slug=?", (slug,)).fetchone()[0]
                self.conn.execute(
                    "INSERT OR IGNORE INTO probe_failures(server_id, package, version, kind, message, at) "
                    "VALUES (?,?,?,?,?,?)",
                    (server_id, failure.package, failure.version, failure.kind, failure.message[:2000],
                     to_text(failure.at)),
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def get_source_state(self, source: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT state_json FROM source_state WHERE source=?", (source,)).fetchone()
        return json.loads(row[0]) if row else {}

    def set_source_state(self, source: str, state: dict[str, Any]) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT INTO source_state(source, state_json) VALUES (?,?) "
                "ON CONFLICT(source) DO UPDATE SET state_json=excluded.state_json",
                (source, json.dumps(state, sort_keys=True)),
            )

    # --- reads -----------------------------------------------------------------------------
    def definitions_to_classify(self, classifier_version: str) -> Iterator[tuple[str, str, ToolDefinition]]:
        cursor = self.conn.execute(
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
            yield digest, server_name or "", ToolDefinition.model_validate_json(canonical)

    def server_summaries(self) -> list[ServerSummary]:
        return self._views.summaries()

    def server_view(self, slug: str, classifier_version: str | None = None) -> ServerView | None:
        row = self.conn.execute("SELECT id FROM servers WHERE slug=?", (slug,)).fetchone()
        return self._views.build(int(row[0]), classifier_version) if row else None

    def iter_server_views(self, classifier_version: str | None = None) -> Iterator[ServerView]:
        ids = [int(r[0]) for r in self.conn.execute("SELECT id FROM servers ORDER BY slug")]
        for server_id in ids:
            yield self._views.build(server_id, classifier_version)

    def find_server(self, slug_or_name: str) -> str | None:
        return self._find_slug(slug_or_name)

    def _find_slug(self, text: str) -> str | None:
        conn = self.conn
        for sql in (
            "SELECT slug FROM servers WHERE slug=?",
            "SELECT slug FROM servers WHERE name=? ORDER BY id LIMIT 1",
            "SELECT slug FROM servers WHERE lower(name)=lower(?) ORDER BY id LIMIT 1",
            "SELECT s.slug FROM source_records r JOIN servers s ON s.id=r.server_id WHERE r.source_id=? "
            "ORDER BY s.id LIMIT 1",
            "SELECT s.slug FROM server_keys k JOIN servers s ON s.id=k.server_id WHERE k.key=? LIMIT 1",
        ):
            row = conn.execute(sql, (text,)).fetchone()
            if row:
                return str(row[0])
        return None

    def surface_tools(self, surface_id: int) -> list[tuple[str, ToolDefinition]]:
        rows = self.conn.execute(
            "SELECT d.hash, d.canonical_json FROM surface_tools st JOIN definitions d ON d.hash=st.definition_hash "
            "WHERE st.surface_id=? ORDER BY d.name, d.hash",
            (surface_id,),
        ).fetchall()
        return [(h, ToolDefinition.model_validate_json(j)) for h, j in rows]

    def classification_for(self, definition_hash: str, classifier_version: str | None = None) -> Classification | None:
        if classifier_version:
            row = self.conn.execute(
                "SELECT record_json FROM classifications WHERE definition_hash=? AND classifier_version=?",
                (definition_hash, classifier_version),
            ).fetchone()
        else:
            row = self.conn.execute(
                "SELECT record_json FROM classifications WHERE definition_hash=? "
                "ORDER BY created_at DESC, classifier_version DESC LIMIT 1",
                (definition_hash,),
            ).fetchone()
        return Classification.model_validate_json(row[0]) if row else None

    def counts(self) -> dict[str, int]:
        tables = ["servers", "server_keys", "fetches", "source_records", "definitions", "surfaces",
                  "surface_tools", "classifications", "probe_failures", "source_state"]
        return {t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}


def _split_sql(script: str) -> list[str]:
    statements = []
    for chunk in script.split(";"):
        body = "\n".join(line for line in chunk.splitlines() if not line.strip().startswith("--")).strip()
        if body:
            statements.append(body)
    return statements
