"""Store mode against a real SQLite file: classify what is new, then nothing on a second run."""

from __future__ import annotations

from pathlib import Path

from catalog.models import ServerRecord, SourceFetch, ToolDefinition
from catalog.store import open_store
from classifier.engine import Classifier
from classifier.store_job import classify_store


def _record(name: str, tools: list[ToolDefinition]) -> ServerRecord:
    return ServerRecord(source="test", source_id=name, name=name, tools=tools)


def test_classify_store_is_incremental(tmp_path: Path, clf: Classifier) -> None:
    db = tmp_path / "t.db"
    store = open_store(str(db))
    try:
        tools = [
            ToolDefinition(name="list_pods", description="List pods in a namespace."),
            ToolDefinition(
                name="exec_in_pod",
                description="Execute a shell command in a pod.",
                inputSchema={"type": "object", "properties": {"command": {"type": "string"}}},
            ),
            ToolDefinition(name="delete_namespace", description="Delete a namespace and everything in it."),
        ]
        store.record_fetch(SourceFetch(source="test", url="file:///x"), [_record("kube", tools)])
        assert classify_store(store, progress=False, classifier=clf) == 3
        assert classify_store(store, progress=False, classifier=clf) == 0
        assert list(store.definitions_to_classify(clf.version)) == []
        # A new definition is the only thing classified next time.
        more = [*tools, ToolDefinition(name="get_logs", description="Get logs of a pod.")]
        store.record_fetch(SourceFetch(source="test", url="file:///x"), [_record("kube", more)])
        assert classify_store(store, progress=False, classifier=clf) == 1
        # A new classifier version re-classifies everything, keeping the old rows.
        other = Classifier(None, overrides=clf.overrides)
        assert other.version != clf.version
        assert classify_store(store, progress=True, classifier=other) == 4
    finally:
        store.close()


def test_classify_command_store_mode(tmp_path: Path, clf: Classifier) -> None:
    import subprocess
    import sys

    db = tmp_path / "cli.db"
    store = open_store(str(db))
    try:
        tools = [
            ToolDefinition(name="get_thing", description="Get a thing."),
            ToolDefinition(name="drop_database", description="Drop a database."),
        ]
        store.record_fetch(SourceFetch(source="test", url="file:///y"), [_record("things", tools)])
    finally:
        store.close()
    root = Path(__file__).resolve().parents[2]
    p = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "classify", "--db", str(db), "--no-progress"],
        capture_output=True,
        cwd=root,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr.decode()
    assert b"classified 2 tool definitions" in p.stderr
    again = subprocess.run(
        [sys.executable, "-m", "catalog.cli", "classify", "--db", str(db), "--no-progress"],
        capture_output=True,
        cwd=root,
        timeout=600,
    )
    assert again.returncode == 0 and b"classified 0 tool definitions" in again.stderr
    store = open_store(str(db))
    try:
        assert list(store.definitions_to_classify(clf.version)) == []
    finally:
        store.close()
