"""A fetch is written a chunk of records at a time; the tables must come out exactly as if the
records had been written one by one. Chunks of one record are the one-by-one writer (every
record is resolved against the tables as the previous record left them), so both sides run
the same store with different chunk sizes and must agree on every row and every summary."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store import open_store

T0 = datetime(2026, 1, 1, tzinfo=UTC)
TABLES = {  # table -> columns compared (fetches.finished_at is the wall clock, not the input)
    "servers": "id, slug, name, created_at",
    "server_keys": "key, server_id",
    "fetches": "id, source, url, started_at, observed_at, status, error, summary",
    "source_records": "*",
    "definitions": "*",
    "surfaces": "*",
    "surface_tools": "*",
}

# Small pools so that records collide on every identity key, name, slug and tool.
NAMES = ["alpha", "alpha-mcp", "mcp-server-alpha", "beta", "Beta!", "gamma"]
PACKAGES = [None, "@pool/alpha", "@pool/beta", "@pool/shared"]
REPOS = [None, "https://github.com/pool/mono", "https://github.com/pool/alpha"]
TOOLS = [ToolDefinition(name=n, description=d) for n in ("list_x", "delete_x", "run") for d in ("one", "two")]

records = st.builds(
    lambda source_id, name, package, repo, tools, status, version: ServerRecord(
        source="s",  # the fetch decides the source below
        source_id=source_id,
        name=name,
        packages=[PackageRef(registry="npm", identifier=package)] if package else [],
        repository_url=repo,
        tools=None if tools is None else [TOOLS[i] for i in tools],
        status=status,
        version=version,
    ),
    st.sampled_from(["one", "two", "three", "four"]),
    st.sampled_from(NAMES),
    st.sampled_from(PACKAGES),
    st.sampled_from(REPOS),
    st.none() | st.lists(st.integers(0, len(TOOLS) - 1), max_size=4),
    st.sampled_from(["active", "deleted"]),
    st.sampled_from([None, "1.0", "2.0"]),
)
fetches = st.lists(st.tuples(st.sampled_from(["a", "b"]), st.lists(records, min_size=1, max_size=9)), min_size=1, max_size=5)


def replay(store, plan: list[tuple[str, list[ServerRecord]]]) -> list[tuple[int, ...]]:
    summaries = []
    for n, (source, recs) in enumerate(plan):
        when = T0 + timedelta(days=n // 2)  # pairs of fetches share an observation time
        summary = store.record_fetch(
            # started_at is given: by default it is the wall clock, which differs between the two stores
            SourceFetch(source=source, url=f"test://{source}/{n}", started_at=when, observed_at=when),
            [r.model_copy(update={"source": source}) for r in recs],
        )
        summaries.append((summary.fetched, summary.new, summary.changed, summary.unchanged, summary.deleted))
    return summaries


def dump(store) -> dict[str, list[tuple]]:
    return {
        table: sorted(tuple(row) for row in store._execute(f"SELECT {cols} FROM {table}").fetchall())
        for table, cols in TABLES.items()
    }


def write_both_ways(make_store, plan) -> tuple[tuple, tuple]:
    one_by_one = make_store("one")
    one_by_one.chunk_records = 1
    batched = make_store("batched")
    batched.chunk_records = 4  # chunks cross record boundaries of repeated source ids
    batched.writer.max_params = 12  # and every statement is split into several
    try:
        return (replay(one_by_one, plan), dump(one_by_one)), (replay(batched, plan), dump(batched))
    finally:
        one_by_one.close()
        batched.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=fetches)
def test_batched_writes_equal_one_by_one_writes(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("chunks")
    expected, got = write_both_ways(lambda name: open_store(str(folder / f"{name}.db")), plan)
    assert got[0] == expected[0]
    for table in TABLES:
        assert got[1][table] == expected[1][table], table


def test_a_chunk_sees_the_servers_and_records_of_the_records_before_it(tmp_path: Path):
    # the second record joins the first one's new server on the package; the third is the same
    # source id again with new tools: a second surface (the record itself, tools excluded, is
    # unchanged), not a second server
    plan = [("a", [
        ServerRecord(source="a", source_id="x", name="alpha", packages=[PackageRef(registry="npm", identifier="@p/a")],
                     tools=[TOOLS[0]]),
        ServerRecord(source="a", source_id="y", name="alpha-two", packages=[PackageRef(registry="npm", identifier="@p/a")],
                     tools=[TOOLS[1]]),
        ServerRecord(source="a", source_id="x", name="alpha", packages=[PackageRef(registry="npm", identifier="@p/a")],
                     tools=[TOOLS[2]]),
    ])]
    expected, got = write_both_ways(lambda name: open_store(str(tmp_path / f"{name}.db")), plan)
    assert got == expected
    servers, records, surfaces = (got[1][t] for t in ("servers", "source_records", "surfaces"))
    # y is a second entry of the same index on a shared package: never joined to x's server
    assert len(servers) == 2
    assert len(records) == 2 and len(surfaces) == 3


@pytest.mark.services
def test_postgresql_batched_writes_equal_one_by_one_writes(postgres_server):
    import psycopg

    names: list[str] = []

    def make_store(name: str):
        names.append(f"chunks_{uuid.uuid4().hex[:12]}_{name}")
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{names[-1]}"')
        return open_store(postgres_server.rsplit("/", 1)[0] + "/" + names[-1])

    plan = [  # a fixed plan: the generated plans run on SQLite above
        ("a", _fixed_records()),
        ("b", list(reversed(_fixed_records()))),
        ("a", _fixed_records()[::2]),
    ]
    try:
        expected, got = write_both_ways(make_store, plan)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert len(got[1]["servers"]) > 1 and len(got[1]["surfaces"]) > 3  # the plan exercises joins and versions


def _fixed_records() -> list[ServerRecord]:
    out = []
    for i, name in enumerate(NAMES * 2):
        out.append(ServerRecord(
            source="s", source_id=f"id{i % 7}", name=name,
            packages=[PackageRef(registry="npm", identifier=PACKAGES[1 + i % 3])] if i % 4 else [],
            repository_url=REPOS[i % 3], tools=[TOOLS[i % len(TOOLS)], TOOLS[(i * 5) % len(TOOLS)]] if i % 3 else None,
            status="deleted" if i == 9 else "active", version=None if i % 2 else "1.0",
        ))
    return out
