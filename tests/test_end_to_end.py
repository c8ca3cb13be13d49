"""The README's main job, end to end: `toolrisk run --snapshot` in an empty folder, twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.store import open_store
from crawler.parsers import parse_path
from crawler.snapshot import snapshot_sources

pytestmark = pytest.mark.slow


def run_snapshot(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", "run", "--snapshot"], cwd=cwd, capture_output=True, text=True, timeout=900
    )


def bundled_tools() -> set[tuple[str, str]]:
    """(source:source_id, tool name) of every tool in every bundled source, as the parsers read them
    (every version of a versioned capture folder)."""
    found = set()
    for src in snapshot_sources():
        for record in parse_path(src.name, Path(src.path), src.format):
            for tool in record.tools or []:
                found.add((f"{record.source}:{record.source_id}", tool.name))
    return found


def toolrisk(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "catalog.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def check_llm_cli_gateway(tmp_path: Path) -> None:
    """snapshot/llm-cli-gateway holds three captures of ONE server (captures.json): v2.10.0 and
    HEAD (3.1.0-rc.8, whose surface also has the 5 configuration-only tools)."""
    public = tmp_path / "public"
    with open_store(str(tmp_path / "toolrisk.db")) as store:
        gateways = [s for s in store.server_summaries() if "llm-cli-gateway" in s.sources]
        assert [(s.slug, s.tool_count) for s in gateways] == [("llm-cli-gateway", 69)]
        view = store.server_view("llm-cli-gateway")
        assert [(s.source_version, s.tool_count) for s in view.surfaces] == [("2.10.0", 46), ("3.1.0-rc.8", 69)]
        status = next(t for t in view.tools if t.definition.name == "llm_job_status")
        assert [h.source_version for h in status.history] == ["2.10.0", "3.1.0-rc.8"]
        assert "bounded privacy-safe normalized progress" in (status.definition.description or "")
        old = dict(store.surface_tools(view.surfaces[0].id))[status.history[0].definition_hash]
        assert "(running|completed|failed|canceled|orphaned)" in (old.description or "")
    # the reference card: its history table has both definitions, oldest first
    card = (public / "tools" / "llm-cli-gateway" / status.tool_slug / "index.html").read_text()
    history = card[card.index('id="history"'):]
    history = history[: history.index("</table>")]
    old_at, new_at = history.index("2.10.0"), history.index("3.1.0-rc.8")
    assert old_at < new_at
    assert status.history[0].definition_hash[:12] in history and status.definition_hash[:12] in history
    route = (public / "tools" / "llm-cli-gateway" / "route-request" / "index.html").read_text()
    assert "Not in the server&#39;s default tool list" in route or "Not in the server's default tool list" in route
    assert "[least_cost].enabled" in route
    # the changefeed has the change
    changes = json.loads((public / "api" / "v1" / "servers" / "llm-cli-gateway.json").read_text())["changes"]
    assert any(
        c["kind"] == "tool_changed" and c["tool"] == "llm_job_status" and "description" in c["changed_fields"]
        and (c["from_version"], c["to_version"]) == ("2.10.0", "3.1.0-rc.8")
        for c in changes
    )

    diff = toolrisk(tmp_path, "diff", "llm-cli-gateway", "--from", "2.10.0", "--to", "3.1.0-rc.8", "--json")
    assert diff.returncode == 0, diff.stderr[-2000:]
    tools = json.loads(diff.stdout)["tools"]
    added = {t["name"] for t in tools if t["change"] == "added"}
    # SOURCE.md's 19 tools added to the default list, plus 4 of the 5 configuration-only ones
    # (grok_api_request was in v2.10.0's capture, made with [providers.xai] set)
    nineteen = {
        "config_ack_stale", "config_init", "config_publish", "config_recover_kit_attempt", "config_rollback",
        "config_status", "config_sync", "explain_effective_config", "cursor_request", "cursor_request_async",
        "devin_request", "devin_request_async", "llm_job_watch", "provider_admin_list", "provider_admin_mutate",
        "provider_admin_run", "provider_version_guard", "review_changes", "validation_receipt",
    }
    assert added == nineteen | {"api_example_request", "api_example_request_async", "route_request", "route_request_async"}
    assert not [t for t in tools if t["change"] == "removed"]
    described = {t["name"] for t in tools if t["change"] == "changed" and "description" in t["changed_fields"]}
    assert "llm_job_status" in described and len(described) == 13  # SOURCE.md: 13 descriptions changed
    text = toolrisk(tmp_path, "diff", "llm-cli-gateway")  # default: previous version -> current
    assert text.returncode == 0, text.stderr[-2000:]
    assert "version 2.10.0" in text.stdout and "version 3.1.0-rc.8" in text.stdout
    assert "23 added, 0 removed, 38 changed, 8 unchanged" in text.stdout
    assert "~ llm_job_status" in text.stdout and "+ validation_receipt" in text.stdout


def test_run_snapshot_builds_everything_offline_and_reruns_as_a_no_op(tmp_path: Path):
    first = run_snapshot(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    public = tmp_path / "public"
    assert (public / "index.html").is_file()
    index = json.loads((public / "api" / "v1" / "index.json").read_text())
    assert index, "the API index lists servers"

    with open_store(str(tmp_path / "toolrisk.db")) as store:
        counts = store.counts()
        # every tool of every bundled source has a page: on its server's current surface, or
        # listed by another index than the freshest one
        listed: set[tuple[str, str]] = set()
        missing_pages = []
        for view in store.iter_server_views():
            for source in view.sources:
                for tool in view.tools + view.other_tools:
                    listed.add((f"{source.source}:{source.source_id}", tool.definition.name))
            for tool in view.tools + view.other_tools:
                page = public / "tools" / view.slug / tool.tool_slug / "index.html"
                if not page.is_file():
                    missing_pages.append(str(page.relative_to(public)))
                assert tool.classification is not None, f"{view.slug}/{tool.tool_slug} was not classified"
        assert missing_pages == [], missing_pages[:10]
        # a tool a source listed is shown for the server that source's record joined; a tool
        # only an older capture of a server listed is in that server's changefeed as removed
        missing = bundled_tools() - listed
        for key, name in sorted(missing):
            slug = store.find_server(key.partition(":")[2])
            record = json.loads((public / "api" / "v1" / "servers" / f"{slug}.json").read_text())
            assert any(c["kind"] == "tool_removed" and c["tool"] == name for c in record["changes"]), (key, name)
    check_llm_cli_gateway(tmp_path)

    second = run_snapshot(tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "classified 0 new tool definitions" in second.stderr
    with open_store(str(tmp_path / "toolrisk.db")) as store:
        again = store.counts()
    assert {k: v for k, v in again.items() if k != "fetches"} == {k: v for k, v in counts.items() if k != "fetches"}
