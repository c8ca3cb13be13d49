"""PostgreSQL store: concurrent writers and SQLite → PostgreSQL copies, on a real server."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from catalog.models import Classification, PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store import open_store
from catalog.store.copy import copy_store

pytestmark = pytest.mark.services


def _records(source: str, n: int, variant: str) -> list[ServerRecord]:
    return [
        ServerRecord(
            source=source,
            source_id=f"srv{i}",
            name=f"srv{i}",
            packages=[PackageRef(registry="npm", identifier=f"@fleet/srv{i}")],  # the same servers in every source
            tools=[ToolDefinition(name=f"tool{j}", description=f"{variant} {i} {j}") for j in range(3)],
        )
        for i in range(n)
    ]


def _worker(url: str, source: str, rounds: int) -> None:
    store = open_store(url)
    for r in range(rounds):
        store.record_fetch(SourceFetch(source=source, url=f"test://{source}/{r}"), _records(source, 40, f"r{r % 2}"))
        todo = list(store.definitions_to_classify("v1"))
        store.save_classifications(
            [(h, Classification(id=d.name, action="Read", risk="low", category="Read", confidence=0.5, classifier_version="v1"))
             for h, _s, d in todo]
        )
    store.close()


def test_concurrent_workers_create_each_server_and_version_once(postgres_url):
    open_store(postgres_url).close()  # migrate once up front, as `toolrisk db migrate` would
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(postgres_url, f"src{k % 2}", 4)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    with open_store(postgres_url) as store:
        counts = store.counts()
        assert counts["servers"] == 40  # joined on the npm package, never duplicated
        # each source alternates between two surfaces per server: versions are rows, duplicates are not
        rows = store._execute(
            "SELECT source, source_id, count(*), count(DISTINCT surface_hash) FROM surfaces GROUP BY source, source_id"
        ).fetchall()
        assert len(rows) == 80
        # every row is a real change from the previous one, so consecutive duplicates cannot exist
        dupes = store._execute(
            "SELECT count(*) FROM surfaces a JOIN surfaces b ON a.source=b.source AND a.source_id=b.source_id "
            "AND b.id = (SELECT min(id) FROM surfaces c WHERE c.source=a.source AND c.source_id=a.source_id AND c.id > a.id) "
            "WHERE a.surface_hash = b.surface_hash"
        ).fetchone()[0]
        assert dupes == 0
        assert counts["classifications"] == counts["definitions"]
        assert store.integrity_check() == "ok"


def test_copy_sqlite_to_postgres_keeps_everything(tmp_path: Path, postgres_url):
    src = open_store(str(tmp_path / "src.db"))
    src.record_fetch(SourceFetch(source="a", url="test://a"), _records("a", 25, "x"))
    src.record_fetch(SourceFetch(source="a", url="test://a"), _records("a", 25, "y"))
    before = src.counts()
    views_before = [v.model_dump() for v in src.iter_server_views()]
    dst = open_store(postgres_url)
    copied = copy_store(src, dst)
    assert copied["surfaces"] == before["surfaces"]
    assert dst.counts() == before
    assert [v.model_dump() for v in dst.iter_server_views()] == views_before
    # the copy keeps taking writes: identity sequences were moved past the copied ids
    dst.record_fetch(SourceFetch(source="b", url="test://b"), _records("b", 2, "z"))
    assert dst.counts()["surfaces"] == before["surfaces"] + 2
    with pytest.raises(Exception, match="not empty"):
        copy_store(src, dst)


def test_db_commands_from_the_cli(tmp_path: Path, postgres_url):
    import subprocess
    import sys

    src = tmp_path / "src.db"
    with open_store(str(src)) as s:
        s.record_fetch(SourceFetch(source="a", url="test://a"), _records("a", 5, "x"))
        expected = s.counts()
    cli = [sys.executable, "-m", "catalog.cli"]
    copy = subprocess.run([*cli, "db", "copy", "--from", f"sqlite:///{src}", "--to", postgres_url], capture_output=True, text=True)
    assert copy.returncode == 0, copy.stderr
    check = subprocess.run([*cli, "db", "check", "--json", "--db", postgres_url], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    import json

    assert json.loads(check.stdout) == {"integrity": "ok", "counts": expected}
    again = subprocess.run([*cli, "db", "copy", "--from", str(src), "--to", postgres_url], capture_output=True, text=True)
    assert again.returncode == 2 and "not empty" in again.stderr and again.stderr.count("\n") == 1
    bad = subprocess.run([*cli, "db", "check", "--db", "postgresql://nobody@127.0.0.1:1/none"], capture_output=True, text=True)
    assert bad.returncode == 2 and "cannot connect" in bad.stderr
