"""Versioned schema migrations for the SQL store. Append new migrations; never edit old ones."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE servers (
            id          INTEGER PRIMARY KEY,
            slug        TEXT NOT NULL UNIQUE,
            name        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        -- identity keys (repo:..., npm:..., src:<source>:<id>) that join one server across indexes
        CREATE TABLE server_keys (
            key         TEXT PRIMARY KEY,
            server_id   INTEGER NOT NULL REFERENCES servers(id)
        );
        CREATE INDEX server_keys_server ON server_keys(server_id);

        CREATE TABLE fetches (
            id          INTEGER PRIMARY KEY,
            source      TEXT NOT NULL,
            url         TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT,
            observed_at TEXT NOT NULL,
            status      TEXT NOT NULL,
            error       TEXT,
            summary     TEXT
        );

        -- every distinct version of one source's record of a server (tools excluded)
        CREATE TABLE source_records (
            id          INTEGER PRIMARY KEY,
            server_id   INTEGER NOT NULL REFERENCES servers(id),
            source      TEXT NOT NULL,
            source_id   TEXT NOT NULL,
            record_hash TEXT NOT NULL,
            record_json TEXT NOT NULL,
            status      TEXT NOT NULL,
            version     TEXT,
            first_seen  TEXT NOT NULL,
            last_seen   TEXT NOT NULL,
            fetch_id    INTEGER REFERENCES fetches(id)
        );
        CREATE INDEX source_records_key ON source_records(source, source_id, id);
        CREATE INDEX source_records_server ON source_records(server_id);

        CREATE TABLE definitions (
            hash           TEXT PRIMARY KEY,
            name           TEXT NOT NULL,
            canonical_json TEXT NOT NULL,
            first_seen     TEXT NOT NULL
        );

        CREATE TABLE surfaces (
            id             INTEGER PRIMARY KEY,
            server_id      INTEGER NOT NULL REFERENCES servers(id),
            source         TEXT NOT NULL,
            source_id      TEXT NOT NULL,
            source_version TEXT,
            source_url     TEXT,
            surface_hash   TEXT NOT NULL,
            tool_count     INTEGER NOT NULL,
            captured_at    TEXT,
            first_seen     TEXT NOT NULL,
            last_seen      TEXT NOT NULL,
            fetch_id       INTEGER REFERENCES fetches(id)
        );
        CREATE INDEX surfaces_server ON surfaces(server_id, id);
        CREATE INDEX surfaces_source ON surfaces(source, source_id, id);

        CREATE TABLE surface_tools (
            surface_id      INTEGER NOT NULL REFERENCES surfaces(id),
            definition_hash TEXT NOT NULL REFERENCES definitions(hash),
            PRIMARY KEY (surface_id, definition_hash)
        ) WITHOUT ROWID;
        CREATE INDEX surface_tools_def ON surface_tools(definition_hash);

        CREATE TABLE classifications (
            definition_hash    TEXT NOT NULL REFERENCES definitions(hash),
            classifier_version TEXT NOT NULL,
            action             TEXT NOT NULL,
            risk               TEXT NOT NULL,
            category           TEXT NOT NULL,
            record_json        TEXT NOT NULL,
            created_at         TEXT NOT NULL,
            PRIMARY KEY (definition_hash, classifier_version)
        ) WITHOUT ROWID;

        CREATE TABLE probe_failures (
            id        INTEGER PRIMARY KEY,
            server_id INTEGER NOT NULL REFERENCES servers(id),
            package   TEXT NOT NULL,
            version   TEXT,
            kind      TEXT NOT NULL,
            message   TEXT NOT NULL,
            at        TEXT NOT NULL,
            UNIQUE (server_id, package, version, kind)
        );

        CREATE TABLE source_state (
            source     TEXT PRIMARY KEY,
            state_json TEXT NOT NULL
        );
        """,
    ),
]

LATEST_VERSION = MIGRATIONS[-1][0]
