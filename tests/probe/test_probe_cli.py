"""`toolrisk probe` end to end: real CLI process, real SQLite store, installs from local registries."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from catalog.models import PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store import open_store


def toolrisk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from catalog.cli import main; main()", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_probe_one_package_stores_a_probe_source(tmp_path: Path, wheelhouse: Path, probe_root: Path) -> None:
    db = tmp_path / "t.db"
    result = toolrisk("probe", "toy-mcp-server@0.1.0", "--registry", "pypi", "--from-path", str(wheelhouse),
                      "--work-dir", str(probe_root), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["ok"] and rows[0]["tools"] == 7 and rows[0]["install_s"] > 0
    with open_store(str(db)) as store:
        slug = store.find_server("pypi:toy-mcp-server")
        assert slug is not None
        view = store.server_view(slug)
        assert view is not None
        assert sorted(t.definition.name for t in view.tools) == [f"tool_{i}" for i in range(7)]
        probe_surfaces = [s for s in view.surfaces if s.source == "probe"]
        assert [s.source_version for s in probe_surfaces] == ["0.1.0"] and probe_surfaces[0].captured_at
        meta = view.meta["probe"]
        assert meta["serverInfo"] == {"name": "toy-python", "version": "0.1.0"}
        assert meta["protocolVersion"] == "2025-06-18"
        raw_tools = [t for page in meta["raw_tools_list"] for t in page["tools"]]
        assert raw_tools[1]["x-unknown-field"] == {"kept": True}  # kept raw, beyond ToolDefinition's fields
    fetches = len(_rows(db, "SELECT id FROM fetches"))
    # the same version again is skipped (resumable), and nothing new is written
    again = toolrisk("probe", "toy-mcp-server@0.1.0", "--registry", "pypi", "--from-path", str(wheelhouse),
                     "--work-dir", str(probe_root), "--db", str(db))
    assert again.returncode == 0 and "already probed" in again.stderr
    assert len(_rows(db, "SELECT id FROM fetches")) == fetches


def test_failed_probe_is_recorded_by_kind(tmp_path: Path, wheelhouse: Path, probe_root: Path) -> None:
    db = tmp_path / "t.db"
    result = toolrisk("probe", "toy-library==1.0.0", "--registry", "pypi", "--from-path", str(wheelhouse),
                      "--work-dir", str(probe_root), "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("toolrisk: error: probe pypi:toy-library@1.0.0: not_a_server")
    with open_store(str(db)) as store:
        view = store.server_view(store.find_server("pypi:toy-library") or "")
        assert view is not None and view.tools == []
        assert [(f.package, f.version, f.kind) for f in view.probe_failures] == [("pypi:toy-library", "1.0.0", "not_a_server")]


def test_bad_package_names_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    for spec, registry in [("../../etc", "npm"), ("git+https://example.invalid/x.git", "npm"),
                           ("toy>=1", "pypi"), ("toy@1.0 --index-url=x", "pypi"), ("x", "cargo")]:
        result = toolrisk("probe", spec, "--registry", registry, "--db", str(db))
        assert result.returncode == 2, (spec, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    result = toolrisk("probe", "--db", str(db))
    assert result.returncode == 2 and "--from-catalog" in result.stderr


def _catalog(db: Path) -> None:
    """An index that lists servers with packages but (mostly) no tools, as the official registry does."""
    now = datetime.now(UTC).replace(microsecond=0)
    records = [
        ServerRecord(source="official", source_id="io.example/toy-python", name="io.example/toy-python",
                     packages=[PackageRef(registry="pypi", identifier="toy-mcp-server", version="0.1.0")]),
        ServerRecord(source="official", source_id="io.example/toy-node", name="io.example/toy-node",
                     packages=[PackageRef(registry="npm", identifier="toy-node-mcp", version="1.2.3")]),
        ServerRecord(source="official", source_id="io.example/library", name="io.example/library",
                     packages=[PackageRef(registry="pypi", identifier="toy-library", version="1.0.0")]),
        ServerRecord(source="official", source_id="io.example/image", name="io.example/image",
                     packages=[PackageRef(registry="oci", identifier="example/image", version="1")]),
        ServerRecord(source="official", source_id="io.example/bad", name="io.example/bad",
                     packages=[PackageRef(registry="npm", identifier="git+https://x.invalid/a.git", version="1")]),
        ServerRecord(source="official", source_id="io.example/listed", name="io.example/listed",
                     packages=[PackageRef(registry="npm", identifier="listed-mcp", version="1.0.0")],
                     tools=[ToolDefinition(name="already_known", description="Known from the index.")],
                     captured_at=now),
    ]
    with open_store(str(db)) as store:
        store.record_fetch(SourceFetch(source="official", url="test://official", observed_at=now), records)


def test_from_catalog_probes_unlisted_packages_and_resumes(
    tmp_path: Path, probe_root: Path, local_registries: str
) -> None:
    db = tmp_path / "t.db"
    _catalog(db)
    first = toolrisk("probe", "--from-catalog", "--limit", "1", "--jobs", "2", "--work-dir", str(probe_root),
                     "--db", str(db), "--json")
    assert first.returncode == 0, first.stderr
    assert "3 to probe" not in first.stderr and len(json.loads(first.stdout)) == 1
    rest = toolrisk("probe", "--from-catalog", "--jobs", "2", "--work-dir", str(probe_root), "--db", str(db), "--json")
    assert rest.returncode == 0, rest.stderr
    assert "2 to probe" in rest.stderr and "1 already probed" in rest.stderr and "1 unusable" in rest.stderr
    outcomes = {row["package"]: row for row in json.loads(first.stdout) + json.loads(rest.stdout)}
    assert set(outcomes) == {"pypi:toy-mcp-server@0.1.0", "npm:toy-node-mcp@1.2.3", "pypi:toy-library@1.0.0"}
    assert outcomes["npm:toy-node-mcp@1.2.3"]["tools"] == 10
    assert outcomes["pypi:toy-library@1.0.0"]["kind"] == "not_a_server"
    with open_store(str(db)) as store:
        node = store.server_view(store.find_server("io.example/toy-node") or "")
        assert node is not None and len(node.tools) == 10 and {t.source for t in node.tools} == {"probe"}
        library = store.server_view(store.find_server("io.example/library") or "")
        assert library is not None and [f.kind for f in library.probe_failures] == ["not_a_server"]
        listed = store.server_view(store.find_server("io.example/listed") or "")
        assert listed is not None and not any(s.source == "probe" for s in listed.surfaces)
        assert store.counts()["servers"] == 6  # probes joined the catalog's servers, made none of their own
    third = toolrisk("probe", "--from-catalog", "--work-dir", str(probe_root), "--db", str(db))
    assert third.returncode == 0 and "0 to probe" in third.stderr and "3 already probed" in third.stderr
