"""Each parser on the real files of the bundled snapshot: counts, shapes and field mapping.

Expected counts were computed independently from the raw files (plain json/yaml reads in the
tests themselves where cheap), not taken from the parsers.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from catalog.models import ServerRecord
from crawler.parsers import parse_path
from crawler.snapshot import snapshot_dir, snapshot_sources

SNAP = snapshot_dir()


def _parse(name: str, rel: str, fmt: str | None = None) -> tuple[list[ServerRecord], list[str]]:
    run = parse_path(name, SNAP / rel, fmt)
    records = list(run)
    return records, run.errors


def _tool_count(records: list[ServerRecord]) -> int:
    return sum(len(r.tools) for r in records if r.tools is not None)


def test_manifest_lists_every_folder_with_times() -> None:
    sources = snapshot_sources()
    names = [s.name for s in sources]
    assert len(names) == len(set(names))
    assert {
        "toolhive",
        "docker",
        "mcpm",
        "toolsdk",
        "github-mcp-server",
        "llm-cli-gateway",
        "official",
        "live",
    } <= set(names)
    for src in sources:
        assert src.path.exists() and src.path.is_relative_to(SNAP)
        assert src.observed_at.utcoffset() is not None
    # Every copied top-level folder is read by some source.
    used = {s.path.relative_to(SNAP).parts[0] for s in sources}
    folders = {p.name for p in SNAP.iterdir() if p.is_dir()}
    assert folders <= used


def test_snapshot_dir_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.json").write_text("[]")
    (tmp_path / "sources.json").write_text(
        json.dumps(
            {
                "sources": [
                    {"name": "x", "format": "mcp-tools", "path": "x", "observed_at": "2026-01-01T00:00:00Z"}
                ]
            }
        )
    )
    monkeypatch.setenv("TOOLRISK_SNAPSHOT_DIR", str(tmp_path))
    [src] = snapshot_sources()
    assert src.path == (tmp_path / "x").resolve()


def test_every_source_parses_without_errors_and_fast_detection_agrees() -> None:
    for src in snapshot_sources():
        run = parse_path(src.name, src.path, src.format)
        records = list(run)
        assert records, src.name
        assert run.errors == [], (src.name, run.errors[:3])
        assert all(r.source == src.name for r in records)
        # Versioned captures list one server once per observation (version), not twice in one.
        for batch in [o.records for o in getattr(run, "observations", [])] or [records]:
            ids = Counter(r.source_id for r in batch)
            assert max(ids.values()) == 1, f"{src.name}: duplicate server ids {ids.most_common(2)}"
        # Auto-detection picks the same reading.
        auto = list(parse_path(src.name, src.path))
        assert [r.source_id for r in auto] == [r.source_id for r in records], src.name


def test_toolhive_legacy_registry() -> None:
    raw = json.loads((SNAP / "toolhive/registry.json").read_text())
    records, errors = _parse("toolhive", "toolhive/registry.json")
    assert errors == []
    assert len(records) == len(raw["servers"]) + len(raw["remote_servers"]) == 102
    with_defs = [r for r in records if r.tools]
    assert len(with_defs) == 51
    assert _tool_count(records) == 804
    assert sum(len(r.tool_names_only) for r in records) == 1669
    # No remote server has definitions: tools=None, not [].
    remotes = [r for r in records if r.meta.get("kind") == "remote"]
    assert len(remotes) == 23 and all(r.tools is None for r in remotes)
    assert all(r.meta.get("url", "").startswith("http") for r in remotes)
    by_id = {r.source_id: r for r in records}
    name, entry = next((k, v) for k, v in raw["servers"].items() if v.get("tool_definitions"))
    rec = by_id[name]
    assert rec.title == entry["title"] and rec.description == entry["description"]
    assert rec.repository_url == entry.get("repository_url")
    assert rec.tool_names_only == entry["tools"]
    first = entry["tool_definitions"][0]
    assert rec.tools[0].name == first["name"]
    assert rec.tools[0].input_schema == first.get("inputSchema")
    assert rec.tools[0].annotations == first.get("annotations")
    assert rec.meta["tier"] == entry["tier"]
    assert rec.meta["permissions"] == entry["permissions"]
    image = entry["image"]
    assert rec.packages[0].registry == "oci"
    assert f"{rec.packages[0].identifier}:{rec.packages[0].version}" == image
    statuses = Counter(r.status for r in records)
    assert (
        statuses["deprecated"]
        == sum(1 for v in raw["servers"].values() if v.get("status") == "Deprecated")
        == 1
    )
    hints = sum(
        1 for r in records for t in r.tools or [] if any(v is not None for v in t.declared_hints().values())
    )
    assert hints == 398


def test_docker_directory() -> None:
    records, errors = _parse("docker", "docker")
    assert errors == []
    yaml_files = sorted((SNAP / "docker").glob("*/server.yaml"))
    assert len(records) == len(yaml_files) == 328
    by_id = {r.source_id: r for r in records}
    assert _tool_count(records) == 760
    assert sum(1 for r in records if r.tools) == 31
    # Every non-empty tools.json and every poci server gives a tool list of the same length.
    for tools_file in (SNAP / "docker").glob("*/tools.json"):
        raw = json.loads(tools_file.read_text())
        rec = by_id[yaml.safe_load((tools_file.parent / "server.yaml").read_text())["name"]]
        if raw:
            assert rec.tools is not None and [t.name for t in rec.tools] == [t["name"] for t in raw]
    poci = [r for r in records if r.meta.get("type") == "poci"]
    assert len(poci) == 3 and sum(len(r.tools or []) for r in poci) == 5
    assert Counter(r.meta["type"] for r in records) == {"server": 249, "remote": 76, "poci": 3}


def test_docker_arguments_rebuilt_as_json_schema() -> None:
    records, _ = _parse("docker", "docker")
    by_id = {r.source_id: r for r in records}
    raw = json.loads((SNAP / "docker/buildkite/tools.json").read_text())
    tools = {t.name: t for t in by_id["buildkite"].tools}
    arg_tools = [t for t in raw if "arguments" in t]
    assert arg_tools
    for spec in arg_tools:
        schema = tools[spec["name"]].input_schema
        assert schema["type"] == "object"
        assert list(schema["properties"]) == [a["name"] for a in spec["arguments"]]
        expected_required = [a["name"] for a in spec["arguments"] if not a.get("optional")]
        assert schema.get("required", []) == expected_required
        for arg in spec["arguments"]:
            prop = schema["properties"][arg["name"]]
            assert prop["type"] == arg["type"] and prop["description"] == arg["desc"]
            if "items" in arg:
                assert prop["items"] == arg["items"]
        # Annotations copied as given; absent hints are not invented.
        assert tools[spec["name"]].annotations == spec.get("annotations")
    counts = Counter()
    for rec in records:
        for tool in rec.tools or []:
            counts["with_schema" if tool.input_schema else "no_schema"] += 1
    assert counts["no_schema"] == 319  # the name+description-only tools.json


def test_docker_empty_tools_on_dynamic_server_is_unknown() -> None:
    records, _ = _parse("docker", "docker")
    empty = []
    for tools_file in (SNAP / "docker").glob("*/tools.json"):
        if json.loads(tools_file.read_text()) == []:
            empty.append(yaml.safe_load((tools_file.parent / "server.yaml").read_text())["name"])
    assert len(empty) == 54
    by_id = {r.source_id: r for r in records}
    for name in empty:
        rec = by_id[name]
        expected = None if (rec.meta.get("dynamic_tools") or rec.meta["type"] == "remote") else []
        assert rec.tools == expected


def test_mcpm_directory() -> None:
    records, errors = _parse("mcpm", "mcpm")
    assert errors == []
    assert len(records) == 380
    assert _tool_count(records) == 2247
    assert sum(1 for r in records if r.tools) == 261
    assert sum(1 for r in records if r.tools == []) == 4
    github = next(r for r in records if r.source_id == "github")
    assert github.title == "GitHub Official MCP Server"
    assert github.repository_url == "https://github.com/github/github-mcp-server"
    assert ("oci", "ghcr.io/github/github-mcp-server") in {
        (p.registry, p.identifier) for p in github.packages
    }
    # The one snake_case `input_schema` tool keeps its schema.
    snake = [
        (p.stem, t["name"])
        for p in (SNAP / "mcpm").glob("*.json")
        for t in json.loads(p.read_text()).get("tools") or []
        if "input_schema" in t
    ]
    assert len(snake) == 1
    tool = next(
        t
        for r in records
        for t in r.tools or []
        if t.name == snake[0][1] and r.source_url.endswith(f"{snake[0][0]}.json")
    )
    assert tool.input_schema is not None


def test_toolsdk_index() -> None:
    raw = json.loads((SNAP / "toolsdk/packages-list.json").read_text())
    records, errors = _parse("toolsdk", "toolsdk/packages-list.json")
    assert errors == []
    assert len(records) == len(raw) == 4548
    assert sum(1 for r in records if r.tools) == 814
    assert _tool_count(records) == 8010
    assert all(t.input_schema is None and t.annotations is None for r in records for t in r.tools or [])
    assert sum(1 for r in records if r.tools is None) == sum(
        1 for v in raw.values() if v.get("tools") is None
    )


def test_github_toolsnaps_one_server() -> None:
    [rec], errors = _parse("github-mcp-server", "github-mcp-server")
    assert errors == []
    files = sorted((SNAP / "github-mcp-server").glob("*.json"))
    assert len(rec.tools) == len(files) == 117
    assert rec.source_id == "github-mcp-server"
    assert all(t.annotations and isinstance(t.annotations.get("readOnlyHint"), bool) for t in rec.tools)
    assert sum(1 for t in rec.tools if t.annotations["readOnlyHint"]) == 58


def test_llm_cli_gateway_versions() -> None:
    """captures.json makes the three list files versions of ONE server, oldest first."""
    run = parse_path("llm-cli-gateway", SNAP / "llm-cli-gateway")
    old, head = list(run)
    assert run.errors == []
    assert [o.path.name for o in run.observations] == ["tools-v2.10.0.json", "tools.json"]
    assert old.source_id == head.source_id == "llm-cli-gateway"
    assert (old.version, len(old.tools), old.captured_at.date().isoformat()) == ("2.10.0", 46, "2026-06-15")
    # HEAD = the default tools/list (64) plus the 5 tools only some configuration registers
    assert (head.version, len(head.tools), head.captured_at.date().isoformat()) == ("3.1.0-rc.8", 69, "2026-08-17")
    raw = {
        f: [t["name"] for t in json.loads((SNAP / "llm-cli-gateway" / f).read_text())]
        for f in ("tools.json", "tools-conditional.json", "tools-v2.10.0.json")
    }
    assert sorted(t.name for t in head.tools) == sorted(raw["tools.json"] + raw["tools-conditional.json"])
    assert [t.name for t in old.tools] == raw["tools-v2.10.0.json"]
    assert sorted(head.meta["configuration_only"]) == sorted(raw["tools-conditional.json"])
    assert "least_cost" in head.meta["configuration_only"]["route_request"]
    assert old.meta == {}
    assert head.repository_url == old.repository_url == "https://github.com/verivus-oss/llm-cli-gateway"
    # A single list file read on its own is one server named after the source.
    [rec], _ = _parse("gw", "llm-cli-gateway/tools-v2.10.0.json")
    assert rec.source_id == "gw" and len(rec.tools) == 46


def test_live_captures() -> None:
    records, errors = _parse("live", "live")
    assert errors == []
    files = sorted((SNAP / "live").glob("*.json"))
    assert len(records) == len(files) == 21
    raw = {json.loads(f.read_text())["package"]: json.loads(f.read_text()) for f in files}
    assert _tool_count(records) == sum(len(v["tools"]) for v in raw.values()) == 266
    for rec in records:
        src = raw[rec.source_id]
        assert rec.version == src["version"]
        assert rec.packages[0].registry == src["registry"] and rec.packages[0].identifier == src["package"]
        assert rec.captured_at is not None and rec.captured_at.isoformat().startswith(src["listed_at"][:19])
    outputs = sum(1 for r in records for t in r.tools if t.output_schema)
    assert outputs == sum(1 for v in raw.values() for t in v["tools"] if "outputSchema" in t)


def test_official_seed_files() -> None:
    records, errors = _parse("official", "official/seed.json")
    assert errors == []
    assert [r.source_id for r in records] == [
        "io.github.domdomegg/airtable-mcp-server",
        "io.github.domdomegg/time-mcp-nuget",
        "io.github.domdomegg/time-mcp-pypi",
    ]
    airtable = records[0]
    assert airtable.version == "1.7.3" and airtable.meta["other_versions"] == ["1.7.2"]
    assert all(r.tools is None for r in records)
    regs = {(p.registry, p.identifier, p.version) for p in airtable.packages}
    assert ("npm", "airtable-mcp-server", "1.7.3") in regs
    assert ("oci", "docker.io/domdomegg/airtable-mcp-server", "1.7.3") in regs
    old, errors = _parse("official", "official/seed-2025-09-29.json")
    assert errors == [] and len(old) == 358
    assert Counter(p.registry for r in old for p in r.packages) == {"npm": 149, "pypi": 121, "oci": 88}
    assert all(r.repository_url and r.tools is None for r in old)
