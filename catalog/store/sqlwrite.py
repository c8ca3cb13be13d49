"""A fetch's records written a chunk at a time, with exactly the outcome of one at a time.

Each statement of the write path runs once per chunk, not once per record: PostgreSQL pays a
network round trip for every statement (a 100,000-tool import took 67 s one record at a time,
7.9 s in chunks; SQLite is unchanged). tests/catalog/test_store_batched_writes.py holds the
two ways of writing to the same rows and summaries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from catalog.models import FetchSummary, ServerRecord, canonical_json, sha256_hex, surface_hash
from catalog.slugs import disambiguate, slugify
from catalog.store.base import StoreError
from catalog.store.identity import record_keys
from catalog.store.timefmt import to_text


class ChunkWriter:
    # At most this many parameters in one statement (SQLite allows 32,766, PostgreSQL 65,535).
    max_params = 30_000

    def __init__(self, execute: Any, location: str = "") -> None:
        # execute(sql, params) -> cursor, with '?' placeholders whatever the engine; the caller
        # holds the write transaction
        self._execute = execute
        self.location = location

    def store_chunk(
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
        owners: dict[str, int] = {k: int(sid) for k, sid in self.select_in(
            "SELECT key, server_id FROM server_keys WHERE key IN ({IN})", wanted)}
        # Only a server that already owns one of the chunk's keys can be a join candidate: every
        # key the chunk adds points at one of these servers or at a server the chunk creates.
        known_servers = sorted(set(owners.values()))
        listed: dict[int, set[str]] = defaultdict(set)  # server id -> its source ids in `source`
        for sid, source_id in self.select_in(
            "SELECT DISTINCT server_id, source_id FROM source_records WHERE source=? AND server_id IN ({IN})",
            known_servers, (source,),
        ):
            listed[int(sid)].add(source_id)
        source_ids = list(dict.fromkeys(rec.source_id for rec in records))
        # latest record per source id: [id (None while pending), record_hash, last_seen, status]
        latest_record: dict[str, list[Any]] = {
            source_id: [int(rid), rhash, last_seen, status]
            for rid, source_id, rhash, last_seen, status in self.select_in(
                "SELECT r.id, r.source_id, r.record_hash, r.last_seen, r.status FROM (SELECT max(id) AS id "
                "FROM source_records WHERE source=? AND source_id IN ({IN}) GROUP BY source_id) m "
                "JOIN source_records r ON r.id = m.id",
                source_ids, (source,),
            )
        }
        # latest surface per source id: [id (None while pending), surface_hash, source_version, last_seen, server_id]
        latest_surface: dict[str, list[Any]] = {
            source_id: [int(sid), shash, version, last_seen, int(server_id)]
            for sid, source_id, shash, version, last_seen, server_id in self.select_in(
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
        self.insert_rows("server_keys", ("server_id", "key"), key_rows, " ON CONFLICT DO NOTHING")
        self.insert_rows(
            "source_records",
            ("server_id", "source", "source_id", "record_hash", "record_json", "status", "version",
             "first_seen", "last_seen", "fetch_id"),
            record_rows,
        )
        self.update_in("UPDATE source_records SET last_seen=? WHERE id IN ({IN})", touched_records, (observed,))
        if definitions:
            known = {h for (h,) in self.select_in("SELECT hash FROM definitions WHERE hash IN ({IN})", list(definitions))}
            self.insert_rows(
                "definitions", ("hash", "name", "canonical_json", "first_seen"),
                [row for digest, row in definitions.items() if digest not in known], " ON CONFLICT DO NOTHING",
            )
        surface_ids = self.insert_rows(
            "surfaces",
            ("server_id", "source", "source_id", "source_version", "source_url", "surface_hash", "tool_count",
             "captured_at", "first_seen", "last_seen", "fetch_id"),
            surface_rows, returning_ids=True,
        )
        self.insert_rows(
            "surface_tools", ("surface_id", "definition_hash"),
            [(sid, d) for sid, digest_set in zip(surface_ids, surface_digests, strict=True) for d in digest_set],
        )
        self.update_in("UPDATE surfaces SET last_seen=? WHERE id IN ({IN})", touched_surfaces, (observed,))

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
        taken = {s for (s,) in self.select_in("SELECT slug FROM servers WHERE slug IN ({IN})", list(set(slugs)))}
        rows = []
        for rec, slug in zip(records, slugs, strict=True):
            if slug in taken:
                slug = disambiguate(slug, f"{rec.source}:{rec.source_id}")
            taken.add(slug)
            rows.append((slug, rec.name, observed))
        return self.insert_rows("servers", ("slug", "name", "created_at"), rows, returning_ids=True)

    # --- batched statements ('{IN}' stands for a list of placeholders) -------------------------
    def select_in(self, sql: str, values: list[Any], params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        step = self.max_params - len(params)
        for i in range(0, len(values), step):
            part = values[i : i + step]
            out.extend(self._execute(sql.replace("{IN}", ", ".join("?" * len(part))), [*params, *part]).fetchall())
        return out

    def update_in(self, sql: str, ids: list[int], params: tuple[Any, ...] = ()) -> None:
        step = self.max_params - len(params)
        for i in range(0, len(ids), step):
            part = ids[i : i + step]
            self._execute(sql.replace("{IN}", ", ".join("?" * len(part))), [*params, *part])

    def insert_rows(
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

    def insert_new(self, table: str, columns: tuple[str, ...], rows: list[Any]) -> int:
        """Multi-row INSERTs that skip rows whose key is already stored; how many were new."""
        one = "(" + ", ".join("?" * len(columns)) + ")"
        head = f"INSERT INTO {table}({', '.join(columns)}) VALUES "
        step = max(1, self.max_params // len(columns))
        inserted = 0
        for i in range(0, len(rows), step):
            part = rows[i : i + step]
            sql = head + ", ".join([one] * len(part)) + " ON CONFLICT DO NOTHING RETURNING 1"
            inserted += len(self._execute(sql, [value for row in part for value in row]).fetchall())
        return inserted
