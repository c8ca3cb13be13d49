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
    canonical_json,
    sha256_hex,
    surface_hash,
    utcnow,
)
from catalog.slugs import disambiguate, slugify
from catalog.store.base import Store, StoreError
from catalog.store.identity import record_keys
from catalog.store.schema import LATEST_VERSION, MIGRATIONS, render
from catalog.store.sqlviews import ViewReader
from catalog.store.timefmt import from_text, to_text
from catalog.views import ProbeCandidate, ProbeFailure, ServerSummary, ServerView


class SqlStore(Store):
    dialect = "sqlite"
    location = ""

    def _setup(self) -> None:
        self._lock = threading.RLock()
        self._migrate()
        self._views = ViewReader(self._execute)

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
                for record in records:
                    if record.source != fetch.source:
                        raise Failure(f"record {record.source_id!r} says source {record.source!r}, fetch is {fetch.source!r}")
                    self._store_record(record, fetch_id, observed, summary)
                    summary.fetched += 1
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

    def _store_record(self, rec: ServerRecord, fetch_id: int, observed: str, summary: FetchSummary) -> None:
        server_id = self._resolve_server(rec, observed)
        record_json = canonical_json(rec.model_dump(mode="json", exclude={"tools"}))
        record_hash = sha256_hex(record_json)
        latest = self._execute(
            "SELECT id, record_hash, last_seen, status FROM source_records WHERE source=? AND source_id=? "
            "ORDER BY id DESC LIMIT 1",
            (rec.source, rec.source_id),
        ).fetchone()
        changed = False
        if latest is None:
            summary.new += 1
        if latest is not None and latest[1] == record_hash:
            if observed > latest[2]:
                self._execute("UPDATE source_records SET last_seen=? WHERE id=?", (observed, latest[0]))
        else:
            self._execute(
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
        keys = record_keys(rec)
        server_id: int | None = None
        owners = dict(
            self._execute(
                f"SELECT key, server_id FROM server_keys WHERE key IN ({', '.join('?' for _ in keys)})", keys
            ).fetchall()
        )
        for key in keys:  # strongest key first
            if key not in owners:
                continue
            candidate = int(owners[key])
            # One index never lists one server twice: if this index already lists another entry on
            # the candidate (e.g. `uvx mcp-science web-fetch` and `uvx mcp-science ssh`), a shared
            # package or repository names a family of servers here, not this one.
            if not key.startswith("src:") and self._execute(
                "SELECT 1 FROM source_records WHERE server_id=? AND source=? AND source_id<>? LIMIT 1",
                (candidate, rec.source, rec.source_id),
            ).fetchone():
                continue
            server_id = candidate
            break
        if server_id is None:
            seed = f"{rec.source}:{rec.source_id}"
            slug = slugify(rec.name, fallback_seed=seed)
            if self._execute("SELECT 1 FROM servers WHERE slug=?", (slug,)).fetchone():
                slug = disambiguate(slug, seed)
            server_id = self._insert_id(
                "INSERT INTO servers(slug, name, created_at) VALUES (?,?,?)", (slug, rec.name, observed)
            )
        # "name:" keys only serve lookups (find_server by any name an index used); joins never use them
        self._executemany(
            "INSERT INTO server_keys(key, server_id) VALUES (?,?) ON CONFLICT DO NOTHING",
            [(k, server_id) for k in [*keys, f"name:{rec.name}"]],
        )
        return server_id

    def _store_surface(self, rec: ServerRecord, server_id: int, fetch_id: int, observed: str) -> bool:
        """Returns True when this record brought a new tool surface."""
        tools = rec.tools or []
        hashes: list[str] = []
        rows: dict[str, tuple[str, str, str, str]] = {}
        for tool in tools:
            canonical = tool.canonical_json()
            digest = sha256_hex(canonical)
            hashes.append(digest)
            rows[digest] = (digest, tool.name, canonical, observed)
        digest_set = sorted(set(hashes))
        shash = surface_hash(digest_set)
        latest = self._execute(
            "SELECT id, surface_hash, source_version, last_seen, server_id FROM surfaces WHERE source=? AND source_id=? "
            "ORDER BY id DESC LIMIT 1",
            (rec.source, rec.source_id),
        ).fetchone()
        if latest is not None and latest[1] == shash and latest[2] == rec.version and latest[4] == server_id:
            if observed > latest[3]:
                self._execute("UPDATE surfaces SET last_seen=? WHERE id=?", (observed, latest[0]))
            return False
        if rows:
            known = {
                r[0]
                for r in self._execute(
                    f"SELECT hash FROM definitions WHERE hash IN ({', '.join('?' for _ in rows)})", list(rows)
                ).fetchall()
            }
            fresh = [row for digest, row in rows.items() if digest not in known]
            if fresh:
                self._executemany(
                    "INSERT INTO definitions(hash, name, canonical_json, first_seen) VALUES (?,?,?,?) "
                    "ON CONFLICT DO NOTHING",
                    fresh,
                )
        surface_id = self._insert_id(
            "INSERT INTO surfaces(server_id, source, source_id, source_version, source_url, surface_hash, tool_count, "
            "captured_at, first_seen, last_seen, fetch_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (server_id, rec.source, rec.source_id, rec.version, rec.source_url, shash, len(digest_set),
             to_text(rec.captured_at), observed, observed, fetch_id),
        )
        self._executemany(
            "INSERT INTO surface_tools(surface_id, definition_hash) VALUES (?,?)", [(surface_id, d) for d in digest_set]
        )
        return True

    def save_classifications(self, items: Iterable[tuple[str, Classification]]) -> int:
        now = to_text(utcnow())
        rows = [
            (h, c.classifier_version, c.action, c.risk, c.category, c.model_dump_json(), now) for h, c in items
        ]
        inserted = 0
        if not rows:
            return 0
        with self._write():
            for row in rows:
                hit = self._execute(
                    "INSERT INTO classifications(definition_hash, classifier_version, action, risk, category, "
                    "record_json, created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING 1",
                    row,
                ).fetchone()
                inserted += hit is not None
        return inserted

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
