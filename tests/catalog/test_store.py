"""The SQLite store against a real file: history rules, idempotency, crash safety, identity."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalog.errors import Failure
from catalog.models import Classification, PackageRef, ServerRecord, SourceFetch, ToolDefinition
from catalog.store import StoreError, open_store

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 2, 1, tzinfo=UTC)


def tool(name: str, description: str = "does a thing", **kw) -> ToolDefinition:
    return ToolDefinition(name=name, description=description, inputSchema={"type": "object"}, **kw)


def record(source: str, source_id: str, tools: list[ToolDefinition] | None, **kw) -> ServerRecord:
    return ServerRecord(source=source, source_id=source_id, name=kw.pop("name", source_id), tools=tools, **kw)


def fetch(source: str, when: datetime = T0) -> SourceFetch:
    return SourceFetch(source=source, url=f"test://{source}", observed_at=when)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def store(request, tmp_path: Path):
    """Every behavioural test runs against both engines: same schema, same history rules."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "t.db"))
    else:
        s = open_store(request.getfixturevalue("postgres_url"))
    yield s
    s.close()


def content_counts(store) -> dict[str, int]:
    counts = store.counts()
    counts.pop("fetches")  # the fetch log is an audit trail: it grows on every run by design
    return counts


def test_second_run_on_same_input_writes_nothing_new(store):
    recs = [record("a", "one", [tool("list_x"), tool("delete_x")]), record("a", "two", [tool("get_y")])]
    first = store.record_fetch(fetch("a"), recs)
    assert (first.new, first.changed, first.fetched) == (2, 0, 2)
    before = content_counts(store)
    second = store.record_fetch(fetch("a"), recs)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 2)
    assert content_counts(store) == before


def test_changed_tool_makes_a_new_surface_and_keeps_the_old_one(store):
    store.record_fetch(fetch("a", T0), [record("a", "one", [tool("list_x")], version="1.0")])
    store.record_fetch(fetch("a", T1), [record("a", "one", [tool("list_x", "now also deletes")], version="1.0")])
    view = store.server_view(store.find_server("one"))
    assert len(view.surfaces) == 2
    assert view.tools[0].definition.description == "now also deletes"
    assert [h.first_seen for h in view.tools[0].history] == [T0, T1]
    assert len(store.surface_tools(view.surfaces[0].id)) == 1


def test_failed_fetch_keeps_earlier_data(store):
    store.record_fetch(fetch("a"), [record("a", "one", [tool("list_x")])])
    before = content_counts(store)

    def broken():
        yield record("a", "one", [tool("list_x", "changed")])
        yield record("a", "two", [tool("get_y")])
        raise RuntimeError("connection reset in the middle of page 2")

    with pytest.raises(RuntimeError):
        store.record_fetch(fetch("a", T1), broken())
    assert content_counts(store) == before
    assert store.server_view(store.find_server("one")).tools[0].definition.description == "does a thing"


def test_empty_complete_fetch_is_a_failure_and_deletes_nothing(store):
    store.record_fetch(fetch("a"), [record("a", "one", [tool("list_x")])])
    before = content_counts(store)
    with pytest.raises(Failure, match="returned no servers"):
        store.record_fetch(fetch("a", T1), [])
    assert content_counts(store) == before


def test_record_from_other_source_is_refused(store):
    with pytest.raises(Failure, match="says source"):
        store.record_fetch(fetch("a"), [record("b", "one", [])])
    assert content_counts(store)["servers"] == 0


def test_same_package_joins_servers_across_sources(store):
    pkg = [PackageRef(registry="npm", identifier="@acme/mcp")]
    store.record_fetch(fetch("a"), [record("a", "acme", [tool("list_x")], packages=pkg)])
    store.record_fetch(fetch("b"), [record("b", "acme-mcp", [tool("list_x", "other words")], packages=pkg)])
    assert store.counts()["servers"] == 1
    view = store.server_view(store.find_server("acme"))
    assert {s.source for s in view.sources} == {"a", "b"}
    assert len(view.tools) == 1 and len(view.tools[0].alternatives) == 1


def test_monorepo_servers_are_not_merged(store):
    repo = "https://github.com/modelcontextprotocol/servers"
    store.record_fetch(
        fetch("a"),
        [record("a", "git", [tool("git_log")], repository_url=repo), record("a", "fetch", [tool("fetch")], repository_url=repo)],
    )
    store.record_fetch(fetch("b"), [record("b", "mcp-server-git", [tool("git_log")], repository_url=repo)])
    assert store.counts()["servers"] == 2
    view = store.server_view(store.find_server("git"))
    assert {s.source for s in view.sources} == {"a", "b"}


def test_slug_is_stable_across_renames_and_collisions(store):
    store.record_fetch(fetch("a"), [record("a", "x1", [tool("t")], name="Weather")])
    slug = store.find_server("x1")
    store.record_fetch(fetch("a", T1), [record("a", "x1", [tool("t")], name="Weather Pro")])
    assert store.find_server("x1") == slug == "weather"
    assert store.find_server("Weather Pro") == slug  # found by its new name too
    assert store.server_view(slug).name == "Weather Pro"  # the latest name is shown
    store.record_fetch(fetch("b"), [record("b", "other", [tool("u")], name="weather")])
    other = store.find_server("other")
    assert other != slug and other.startswith("weather-")


def test_hostile_names_give_safe_slugs(store):
    store.record_fetch(fetch("a"), [record("a", "evil", [tool("../../etc/passwd")], name="../../etc")])
    view = store.server_view(store.find_server("evil"))
    assert "/" not in view.slug and not view.slug.startswith(".")
    assert "/" not in view.tools[0].tool_slug and ".." not in view.tools[0].tool_slug


def test_classifications_are_keyed_by_hash_and_version_and_never_overwritten(store):
    store.record_fetch(fetch("a"), [record("a", "one", [tool("list_x")])])
    [(digest, _server, _d)] = list(store.definitions_to_classify("v1"))
    c = Classification(id="one::list_x", action="Read", risk="low", category="Read", confidence=0.9, classifier_version="v1")
    assert store.save_classifications([(digest, c)]) == 1
    assert store.save_classifications([(digest, c.model_copy(update={"risk": "high"}))]) == 0
    assert store.classification_for(digest, "v1").risk == "low"
    assert list(store.definitions_to_classify("v1")) == []
    assert len(list(store.definitions_to_classify("v2"))) == 1
    modified_before = store.server_view("one").modified
    store.save_classifications([(digest, c.model_copy(update={"risk": "high", "classifier_version": "v2"}))])
    history = store.classification_history(digest)
    assert [(h.classifier_version, h.risk) for _at, h in history] == [("v1", "low"), ("v2", "high")]
    assert store.server_view("one").modified >= modified_before


def test_corrupt_or_foreign_file_gives_a_clear_error(tmp_path: Path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(str(bad))
    assert bad.read_bytes().startswith(b"this is not")  # untouched


def test_truncated_store_gives_a_clear_error(tmp_path: Path):
    path = tmp_path / "t.db"
    with open_store(str(path)) as s:
        s.record_fetch(fetch("a"), [record("a", f"s{i}", [tool(f"t{i}", "x" * 2000)]) for i in range(200)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError):
        s = open_store(str(path))
        list(s.iter_server_views())


_CRASH_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from catalog.models import ServerRecord, SourceFetch, ToolDefinition
    from catalog.store import open_store
    store = open_store(sys.argv[1])
    def records():
        for i in range(1000):
            yield ServerRecord(source="a", source_id=f"new{i}", name=f"new{i}",
                               tools=[ToolDefinition(name=f"t{i}", description="x")])
            if i == 50:
                print("mid-fetch", flush=True)
                time.sleep(60)
    store.record_fetch(SourceFetch(source="a", url="test://a"), records())
    """
)


def test_kill_minus_nine_in_the_middle_of_a_fetch_keeps_the_previous_state(tmp_path: Path):
    path = tmp_path / "t.db"
    with open_store(str(path)) as s:
        s.record_fetch(fetch("a"), [record("a", "one", [tool("list_x")])])
        before = content_counts(s)
    proc = subprocess.Popen(
        [sys.executable, "-c", _CRASH_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        assert proc.stdout.readline().strip() == "mid-fetch"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    time.sleep(0.1)
    with open_store(str(path)) as s:
        assert s.integrity_check() == "ok"
        assert content_counts(s) == before
        # and the store still takes writes
        s.record_fetch(fetch("a", T1), [record("a", "two", [tool("get_y")])])
        assert s.counts()["servers"] == 2


def test_tools_only_other_sources_list_stay_visible(store):
    pkg = [PackageRef(registry="npm", identifier="@acme/mcp")]
    store.record_fetch(fetch("a", T0), [record("a", "acme", [tool("list_x"), tool("old_tool")], packages=pkg)])
    store.record_fetch(fetch("b", T1), [record("b", "acme", [tool("list_x"), tool("new_tool")], packages=pkg)])
    view = store.server_view(store.find_server("acme"))
    assert [t.definition.name for t in view.tools] == ["list_x", "new_tool"]  # the freshest surface
    assert [(t.definition.name, t.source) for t in view.other_tools] == [("old_tool", "a")]
    slugs = [t.tool_slug for t in view.tools + view.other_tools]
    assert len(slugs) == len(set(slugs))


def test_probe_failure_replaced_by_a_later_success_is_not_shown(store):
    from catalog.views import ProbeFailure

    pkg = [PackageRef(registry="npm", identifier="toy", version="1.0.0")]
    store.record_fetch(fetch("a"), [record("a", "toy", None, packages=pkg)])
    store.record_probe_failure("toy", ProbeFailure(package="npm:toy", version="1.0.0", kind="timeout", message="hung", at=T0))
    store.record_probe_failure("toy", ProbeFailure(package="npm:toy", version="0.9.0", kind="crashed", message="x", at=T0))
    assert len(store.server_view(store.find_server("toy")).probe_failures) == 2
    store.record_fetch(
        SourceFetch(source="probe", url="npm:toy@1.0.0", observed_at=T1),
        [record("probe", "npm:toy", [tool("list_x")], version="1.0.0", packages=pkg)],
        complete=False,
    )
    view = store.server_view(store.find_server("toy"))
    assert [(f.version, f.kind) for f in view.probe_failures] == [("0.9.0", "crashed")]
    assert [t.definition.name for t in view.tools] == ["list_x"]


def test_entries_one_index_lists_separately_are_never_joined(store):
    """`uvx mcp-science web-fetch` and `uvx mcp-science ssh`: one package, two servers of one index."""
    pkg = [PackageRef(registry="pypi", identifier="mcp-science")]
    store.record_fetch(
        fetch("mcpm"),
        [record("mcpm", "web-fetch", [tool("fetch")], packages=pkg), record("mcpm", "ssh", [tool("ssh_exec")], packages=pkg)],
    )
    assert store.counts()["servers"] == 2
    assert [t.definition.name for t in store.server_view(store.find_server("ssh")).tools] == ["ssh_exec"]
    # another index's entry with that package still joins the first server that holds the key
    store.record_fetch(fetch("other"), [record("other", "mcp-science", [tool("fetch")], packages=pkg)])
    assert store.counts()["servers"] == 2
