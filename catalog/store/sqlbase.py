"""The SQL store shared by SQLite and PostgreSQL: same schema, same history rules.

Subclasses provide the connection and the few things the engines do differently: how a write
transaction starts (SQLite takes the write lock; PostgreSQL takes an advisory lock so that
concurrent workers serialise their fetches), placeholders, and integrity checks.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections import defaultdict
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
    # A fetch's records are resolved and written a chunk at a time: each statement of the write
    # path runs once per chunk, not once per record (PostgreSQL pays a network round trip for
    # every statement). The outcome is exactly that of writing the records one by one, in order:
    # see _store_chunk. A crawler page is 100 records, so one page is one chunk.
    chunk_records = 500
    # At most this many parameters in one statement (SQLite allows 32,766, PostgreSQL 65,535).
    max_params = 30_000

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
                        self._store_chunk(fetch.source, chunk, fetch_id, observed, summary)
                        chunk = []
                if chunk:
                    self._store_chunk(fetch.source, chunk, fetch_id, observed, summary)
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

    def _store_chunk(
        self, source: str, records: list[ServerRecord], fetch_id: int, observed: str, summary: FetchSummary
    ) -> None:
        """Store consecutive records of one fetch (all from `source`), as if one after another.

        1. A few whole-chunk queries load what the rules below consult: the owners of the
           records' identity keys, which source ids of this source each of those servers already
           has, and the latest stored record and surface of each source id.
        2. The records are then resolved in order against those maps, which are updated as each
           record would have updated the tables, so a record sees the servers, keys, records and
           surfaces of the records before it in the chunk. A server created in the chunk gets a
           provisional negative id until its row is inserted.
        3. The rows are written table by table, parents first, in record order: every identity
           column numbers its new rows in the same order as the record-at-a-time writer did.
        """
        summary.fetched += len(records)
        keys_of = [record_keys(rec) for rec in records]
        # --- 1. what the store knows already
        wanted = list(dict.fromkeys(k for rec, keys in zip(records, keys_of, strict=True)
                                    for k in [*keys, f"name:{rec.name}"]))
        owners: dict[str, int] = {k: int(sid) for k, sid in self._select_in(
            "SELECT key, server_id FROM server_keys WHERE key IN ({IN})", wanted)}
        # Only a server that already owns one of the chunk's keys can be a join candidate: every
        # key the chunk adds points at one of these servers or at a server the chunk creates.
        known_servers = sorted(set(owners.values()))
        listed: dict[int, set[str]] = defaultdict(set)  # server id -> its source ids in `source`
        for sid, source_id in self._select_in(
            "SELECT DISTINCT server_id, source_id FROM source_records WHERE source=? AND server_id IN ({IN})",
            known_servers, (source,),
        ):
            listed[int(sid)].add(source_id)
        source_ids = list(dict.fromkeys(rec.source_id for rec in records))
        # latest record per source id: [id (None while pending), record_hash, last_seen, status]
        latest_record: dict[str, list[Any]] = {
            source_id: [int(rid), rhash, last_seen, status]
            for rid, source_id, rhash, last_seen, status in self._select_in(
                "SELECT r.id, r.source_id, r.record_hash, r.last_seen, r.status FROM (SELECT max(id) AS id "
                "FROM source_records WHERE source=? AND source_id IN ({IN}) GROUP BY source_id) m "
                "JOIN source_records r ON r.id = m.id",
                source_ids, (source,),
            )
        }
        # latest surface per source id: [id (None while pending), surface_hash, source_version, last_seen, server_id]
        latest_surface: dict[str, list[Any]] = {
            source_id: [int(sid), shash, version, last_seen, int(server_id)]
            for sid, source_id, shash, version, last_seen, server_id in self._select_in(
                "SELECT s.id, s.source_id, s.surface_hash, s.source_version, s.last_seen, s.server_id FROM "
                "(SELECT max(id) AS id FROM surfaces WHERE source=? AND source_id IN ({IN}) GROUP BY source_id) m "
                "JOIN surfaces s ON s.id = m.id",
                source_ids, (source,),
            )
        }

        # --- 2. resolve the records in order
        new_servers: list[ServerRecord] = []  # provisional id of new_servers[i] is -(i + 1)
        key_rows: list[list[Any]] = []
        record_rows: list[list[Any]] = []
        touched_records: list[int] = []
        definitions: dict[str, tuple[str, str, str, str]] = {}
        surface_rows: list[list[Any]] = []
        surface_digests: list[list[str]] = []
        touched_surfaces: list[int] = []
        for rec, keys in zip(records, keys_of, strict=True):
            server_id = self._pick_server(rec, keys, owners, listed)
            if server_id is None:
                new_servers.append(rec)
                server_id = -len(new_servers)
            # "name:" keys only serve lookups (find_server by any name an index used); joins never use them
            for key in [*keys, f"name:{rec.name}"]:
                if key not in owners:  # ON CONFLICT DO NOTHING: the first owner of a key keeps it
                    owners[key] = server_id
                    key_rows.append([server_id, key])

            record_json = canonical_json(rec.model_dump(mode="json", exclude={"tools"}))
            record_hash = sha256_hex(record_json)
            latest = latest_record.get(rec.source_id)
            changed = False
            if latest is None:
                summary.new += 1
            if latest is not None and latest[1] == record_hash:
                if observed > latest[2]:
                    if latest[0] is not None:
                        touched_records.append(latest[0])
                    latest[2] = observed
            else:
                record_rows.append([server_id, rec.source, rec.source_id, record_hash, record_json, rec.status,
                                    rec.version, observed, observed, fetch_id])
                latest_record[rec.source_id] = [None, record_hash, observed, rec.status]
                listed[server_id].add(rec.source_id)
                if latest is not None:
                    changed = True
                    if rec.status == "deleted" and latest[3] != "deleted":
                        summary.deleted += 1

            if rec.tools is not None:
                digests: dict[str, tuple[str, str, str, str]] = {}
                for tool in rec.tools:
                    canonical = tool.canonical_json()
                    digest = sha256_hex(canonical)
                    digests[digest] = (digest, tool.name, canonical, observed)
                digest_set = sorted(digests)
                shash = surface_hash(digest_set)
                current = latest_surface.get(rec.source_id)
                if current is not None and current[1] == shash and current[2] == rec.version and current[4] == server_id:
                    if observed > current[3]:
                        if current[0] is not None:
                            touched_surfaces.append(current[0])
                        current[3] = observed
                else:
                    for digest, row in digests.items():
                        definitions.setdefault(digest, row)
                    surface_rows.append([server_id, rec.source, rec.source_id, rec.version, rec.source_url, shash,
                                         len(digest_set), to_text(rec.captured_at), observed, observed, fetch_id])
                    surface_digests.append(digest_set)
                    latest_surface[rec.source_id] = [None, shash, rec.version, observed, server_id]
                    if latest is not None:
                        changed = True
            if latest is not None:
                if changed:
                    summary.changed += 1
                else:
                    summary.unchanged += 1

        # --- 3. write, parents first
        real = self._insert_servers(new_servers, observed)

        def server(sid: int) -> int:
            return real[-sid - 1] if sid < 0 else sid

        for rows in (key_rows, record_rows, surface_rows):
            for row in rows:
                row[0] = server(row[0])
        self._insert_rows("server_keys", ("server_id", "key"), key_rows, " ON CONFLICT DO NOTHING")
        self._insert_rows(
            "source_records",
            ("server_id", "source", "source_id", "record_hash", "record_json", "status", "version",
             "first_seen", "last_seen", "fetch_id"),
            record_rows,
        )
        self._update_in("UPDATE source_records SET last_seen=? WHERE id IN ({IN})", touched_records, (observed,))
        if definitions:
            known = {h for (h,) in self._select_in("SELECT hash FROM definitions WHERE hash IN ({IN})", list(definitions))}
            self._insert_rows(
                "definitions", ("hash", "name", "canonical_json", "first_seen"),
                [row for digest, row in definitions.items() if digest not in known], " ON CONFLICT DO NOTHING",
            )
        surface_ids = self._insert_rows(
            "surfaces",
            ("server_id", "source", "source_id", "source_version", "source_url", "surface_hash", "tool_count",
             "captured_at", "first_seen", "last_seen", "fetch_id"),
            surface_rows, returning_ids=True,
        )
        self._insert_rows(
            "surface_tools", ("surface_id", "definition_hash"),
            [(sid, d) for sid, digest_set in zip(surface_ids, surface_digests, strict=True) for d in digest_set],
        )
        self._update_in("UPDATE surfaces SET last_seen=? WHERE id IN ({IN})", touched_surfaces, (observed,))

    @staticmethod
    def _pick_server(rec: ServerRecord, keys: list[str], owners: dict[str, int], listed: dict[int, set[str]]) -> int | None:
        for key in keys:  # strongest key first
            candidate = owners.get(key)
            if candidate is None:
                continue
            # One index never lists one server twice: if this index already lists another entry on
            # the candidate (e.g. `uvx mcp-science web-fetch` and `uvx mcp-science ssh`), a shared
            # package or repository names a family of servers here, not this one.
            if not key.startswith("src:") and any(sid != rec.source_id for sid in listed.get(candidate, ())):
                continue
            return candidate
        return None

    def _insert_servers(self, records: list[ServerRecord], observed: str) -> list[int]:
        """Insert one server per record, in order; their ids, in the same order."""
        if not records:
            return []
        slugs = [slugify(rec.name, fallback_seed=f"{rec.source}:{rec.source_id}") for rec in records]
        taken = {s for (s,) in self._select_in("SELECT slug FROM servers WHERE slug IN ({IN})", list(set(slugs)))}
        rows = []
        for rec, slug in zip(records, slugs, strict=True):
            if slug in taken:
                slug = disambiguate(slug, f"{rec.source}:{rec.source_id}")
            taken.add(slug)
            rows.append((slug, rec.name, observed))
        return self._insert_rows("servers", ("slug", "name", "created_at"), rows, returning_ids=True)

    # --- batched statements ('{IN}' stands for a list of placeholders) -------------------------
    def _select_in(self, sql: str, values: list[Any], params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        step = self.max_params - len(params)
        for i in range(0, len(values), step):
            part = values[i : i + step]
            out.extend(self._execute(sql.replace("{IN}", ", ".join("?" * len(part))), [*params, *part]).fetchall())
        return out

    def _update_in(self, sql: str, ids: list[int], params: tuple[Any, ...] = ()) -> None:
        step = self.max_params - len(params)
        for i in range(0, len(ids), step):
            part = ids[i : i + step]
            self._execute(sql.replace("{IN}", ", ".join("?" * len(part))), [*params, *part])

    def _insert_rows(
        self, table: str, columns: tuple[str, ...], rows: list[Any], suffix: str = "", *, returning_ids: bool = False
    ) -> list[int]:
        """Multi-row INSERTs of `rows`, in order. With returning_ids, the new rows' ids in row order:
        an identity column numbers the rows of one INSERT in VALUES order and only upwards (SQLite
        takes max(id)+1, PostgreSQL its sequence, both under the write lock), so the sorted ids are
        the rows' ids whatever order RETURNING lists them in."""
        ids: list[int] = []
        if not rows:
            return ids
        one = "(" + ", ".join("?" * len(columns)) + ")"
        head = f"INSERT INTO {table}({', '.join(columns)}) VALUES "
        step = max(1, self.max_params // len(columns))
        for i in range(0, len(rows), step):
            part = rows[i : i + step]
            sql = head + ", ".join([one] * len(part)) + suffix
            params = [value for row in part for value in row]
            if returning_ids:
                ids.extend(int(r[0]) for r in self._execute(sql + " RETURNING id", params).fetchall())
            else:
                self._execute(sql, params)
        ids.sort()
        if returning_ids and len(ids) != len(rows):
            raise StoreError(f"{self.location}: inserted {len(rows)} rows into {table} but got {len(ids)} ids")
        return ids

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
        inserted = 0
        columns = ("definition_hash", "classifier_version", "action", "risk", "category", "record_json", "created_at")
        one = "(" + ", ".join("?" * len(columns)) + ")"
        values = list(rows.values())
        step = self.max_params // len(columns)
        with self._write():
            for i in range(0, len(values), step):
                part = values[i : i + step]
                inserted += len(self._execute(
                    f"INSERT INTO classifications({', '.join(columns)}) VALUES {', '.join([one] * len(part))} "
                    "ON CONFLICT DO NOTHING RETURNING 1",
                    [v for row in part for v in row],
                ).fetchall())
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
