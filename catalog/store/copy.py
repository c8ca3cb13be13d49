"""Copy a whole store into an empty one (e.g. SQLite → PostgreSQL), history and ids intact."""

from __future__ import annotations

from collections.abc import Callable

from catalog.errors import BadInput
from catalog.store.sqlbase import SqlStore

# Parents before children, so foreign keys hold at every step.
TABLES = [
    "servers",
    "server_keys",
    "fetches",
    "source_records",
    "definitions",
    "surfaces",
    "surface_tools",
    "classifications",
    "probe_failures",
    "source_state",
]
_ID_TABLES = ["servers", "fetches", "source_records", "surfaces", "probe_failures"]


def copy_store(
    src: SqlStore, dst: SqlStore, *, batch: int = 5000, on_rows: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    if dst.counts()["servers"]:
        raise BadInput(f"{dst.location}: target store is not empty; copy only into a new database")
    copied: dict[str, int] = {}
    with dst._write():
        for table in TABLES:
            cursor = src._execute(f"SELECT * FROM {table} ORDER BY 1")
            columns = [d[0] for d in cursor.description]
            insert = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            n = 0
            while rows := cursor.fetchmany(batch):
                dst._executemany(insert, [tuple(r) for r in rows])
                n += len(rows)
                if on_rows:
                    on_rows(table, n)
            copied[table] = n
        if dst.dialect == "postgresql":
            # ids were copied explicitly: move each identity sequence past them
            for table in _ID_TABLES:
                dst._execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(max(id), 0) + 1 FROM {table}), false)"
                )
    return copied
