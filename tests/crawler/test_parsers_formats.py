"""The other shapes each parser accepts, built from real snapshot entries.

- ToolHive "upstream" registry (server.json + publisher-provided extension), converted from
  real legacy entries the way ToolHive lays it out;
- Docker's published catalog.yaml (tiles) + per-server tools JSON, assembled from server.yaml;
- mcpm's aggregated servers.json (map and array);
- bare tools/list results and JSON-RPC replies;
- official registry v0.1 envelopes and list pages.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.parsers import ParseError, detect_format, parse_data, parse_path
from crawler.parsers.docker import iter_docker_catalog
from crawler.snapshot import snapshot_dir

SNAP = snapshot_dir()
PUBLISHER = "io.modelcontextprotocol.registry/publisher-provided"
OFFICIAL = "io.modelcontextprotocol.registry/official"


def _legacy() -> dict[str, Any]:
    return json.loads((SNAP / "toolhive/registry.json").read_text())


def _to_upstream(legacy: dict[str, Any], container: list[str], remote: list[str]) -> dict[str, Any]:
    """Legacy ToolHive entries → ToolHive's upstream registry layout (server.json + extension)."""
    servers = []
    ext_keys = ("status", "tier", "tools", "tool_definitions", "tags", "metadata", "permissions", "env_vars")
    for key in container:
        entry = legacy["servers"][key]
        ext = {k: entry[k] for k in ext_keys if k in entry}
        servers.append(
            {
                "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
                "name": f"io.github.stacklok/{key}",
                "title": entry.get("title"),
                "description": entry["description"][:100],
                "version": "1.0.0",
                "repository": {"url": entry["repository_url"], "source": "github"}
                if entry.get("repository_url")
                else None,
                "packages": [
                    {
                        "registryType": "oci",
                        "identifier": entry["image"],
                        "transport": {"type": entry["transport"]},
                    }
                ],
                "_meta": {PUBLISHER: {"io.github.stacklok": {entry["image"]: ext}}},
            }
        )
    for key in remote:
        entry = legacy["remote_servers"][key]
        ext = {k: entry[k] for k in ext_keys if k in entry}
        servers.append(
            {
                "name": f"io.github.stacklok/{key}",
                "description": entry["description"][:100],
                "version": "1.0.0",
                "remotes": [{"type": entry["transport"], "url": entry["url"]}],
                "_meta": {PUBLISHER: {"io.github.stacklok": {entry["url"]: ext}}},
            }
        )
    for s in servers:
        if s.get("repository") is None:
            s.pop("repository", None)
    return {
        "$schema": "https://raw.githubusercontent.com/stacklok/toolhive/main/pkg/registry/data/upstream-registry.schema.json",
        "version": "1.0.0",
        "meta": {"last_updated": legacy["last_updated"]},
        "data": {"servers": servers},
    }


def test_toolhive_upstream_matches_legacy_reading(tmp_path: Path) -> None:
    legacy = _legacy()
    container = [k for k, v in legacy["servers"].items() if v.get("tool_definitions")][:5]
    container.append(next(k for k, v in legacy["servers"].items() if not v.get("tool_definitions")))
    remote = list(legacy["remote_servers"])[:2]
    path = tmp_path / "upstream.json"
    path.write_text(json.dumps(_to_upstream(legacy, container, remote)))

    run = parse_path("toolhive", path)
    upstream = {r.source_id: r for r in run}
    assert run.errors == []
    assert run.observed_at is not None and run.observed_at.isoformat().startswith("2026-02-20T00:21:11")
    old = {r.source_id: r for r in parse_path("toolhive", SNAP / "toolhive/registry.json")}
    assert set(upstream) == set(container) | set(remote)
    for key, rec in upstream.items():
        ref = old[key]
        # Same tools, same hashes: the store sees no change when ToolHive switches format.
        assert [t.definition_hash for t in rec.tools or []] == [t.definition_hash for t in ref.tools or []]
        assert (rec.tools is None) == (ref.tools is None)
        assert rec.tool_names_only == ref.tool_names_only
        assert rec.status == ref.status
        assert rec.categories == ref.categories
        assert rec.meta.get("permissions") == ref.meta.get("permissions")
        assert rec.meta.get("tier") == ref.meta.get("tier")
        assert rec.name == f"io.github.stacklok/{key}"
    image_server = upstream[container[0]]
    assert [(p.registry, p.identifier, p.version) for p in image_server.packages] == [
        (p.registry, p.identifier, p.version) for p in old[container[0]].packages
    ]
    assert upstream[remote[0]].meta["remotes"][0]["url"] == legacy["remote_servers"][remote[0]]["url"]


def test_toolhive_upstream_broken_extension_skips_the_server(tmp_path: Path) -> None:
    legacy = _legacy()
    keys = [k for k, v in legacy["servers"].items() if v.get("tool_definitions")][:2]
    doc = _to_upstream(legacy, keys, [])
    bad = doc["data"]["servers"][1]
    image = next(iter(bad["_meta"][PUBLISHER]["io.github.stacklok"]))
    bad["_meta"][PUBLISHER]["io.github.stacklok"][image]["tool_definitions"] = "nope"
    path = tmp_path / "upstream.json"
    path.write_text(json.dumps(doc))
    run = parse_path("toolhive", path)
    assert [r.source_id for r in run] == [keys[0]]
    assert (
        len(run.errors) == 1 and "field 'tool_definitions': expected an array, got a string" in run.errors[0]
    )
    assert f"io.github.stacklok/{keys[1]}" in run.errors[0]
    doc["data"]["servers"] = "x"
    path.write_text(json.dumps(doc))
    with pytest.raises(ParseError, match="data.servers"):
        parse_path("toolhive", path, "toolhive")


# --- Docker catalog -----------------------------------------------------------------------------


def _docker_catalog() -> tuple[dict[str, Any], dict[str, Any]]:
    """A v2 catalog assembled from the repo's server.yaml files, plus each tools.json."""
    registry: dict[str, Any] = {}
    tools: dict[str, Any] = {}
    for file in sorted((SNAP / "docker").glob("*/server.yaml")):
        doc = yaml.safe_load(file.read_text())
        about = doc.get("about") or {}
        meta = doc.get("meta") or {}
        tile: dict[str, Any] = {
            "description": about.get("description", ""),
            "title": about.get("title", doc["name"]),
            "type": doc.get("type", "server"),
            "metadata": {"category": meta.get("category"), "tags": meta.get("tags", [])},
            "toolsUrl": f"http://desktop.docker.com/mcp/catalog/v2/tools/{doc['name']}.json",
        }
        if doc.get("image"):
            tile["image"] = doc["image"]
        if (doc.get("source") or {}).get("project"):
            tile["source"] = doc["source"]["project"]
        if doc.get("remote"):
            tile["remote"] = doc["remote"]
        registry[doc["name"]] = tile
        tools_file = file.parent / "tools.json"
        if tools_file.is_file():
            tools[doc["name"]] = json.loads(tools_file.read_text())
    return {
        "version": 2,
        "name": "docker-mcp",
        "displayName": "Docker MCP Catalog",
        "registry": registry,
    }, tools


def test_docker_catalog_with_tools_matches_repo_reading() -> None:
    catalog, tools = _docker_catalog()
    run = iter_docker_catalog("docker", catalog, "catalog.yaml", tools)
    from_catalog = {r.source_id: r for r in run}
    assert run.errors == []
    from_repo = {r.source_id: r for r in parse_path("docker", SNAP / "docker")}
    assert set(from_catalog) == set(from_repo)
    for name, rec in from_catalog.items():
        repo = from_repo[name]
        if name in tools:
            assert [t.definition_hash for t in rec.tools or []] == [
                t.definition_hash for t in repo.tools or []
            ], name
        assert rec.title == repo.title and rec.categories == repo.categories
        assert [p.identifier for p in rec.packages] == [p.identifier for p in repo.packages]
    assert from_catalog["buildkite"].meta["tools_url"].endswith("/buildkite.json")


def test_docker_catalog_file_with_tools_folder_and_name_only_tiles(tmp_path: Path) -> None:
    catalog, tools = _docker_catalog()
    catalog["registry"]["curl"]["tools"] = [{"name": "curl"}]  # v2 tiles list names only
    (tmp_path / "catalog.yaml").write_text(yaml.safe_dump(catalog))
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "buildkite.json").write_text(json.dumps(tools["buildkite"]))
    (tmp_path / "tools" / "astro-docs.json").write_text("[{")  # broken tools file → that server skipped
    run = parse_path("docker", tmp_path / "catalog.yaml")
    recs = {r.source_id: r for r in run}
    assert len(recs[("buildkite")].tools) == len(tools["buildkite"])
    assert recs["curl"].tool_names_only == ["curl"] and recs["curl"].tools is None
    assert "astro-docs" not in recs
    assert len(run.errors) == 1 and "astro-docs.json: invalid JSON" in run.errors[0]
    assert detect_format(catalog, "x") == "docker-catalog"


# --- mcpm aggregated ------------------------------------------------------------------------------


def test_mcpm_aggregated_map_and_array(tmp_path: Path) -> None:
    servers = [json.loads(f.read_text()) for f in sorted((SNAP / "mcpm").glob("*.json"))]
    as_map = {s["name"]: s for s in servers}
    (tmp_path / "map.json").write_text(json.dumps(as_map))
    (tmp_path / "array.json").write_text(json.dumps(servers))
    from_dir = [r.model_dump() for r in parse_path("mcpm", SNAP / "mcpm")]
    for name in ("map.json", "array.json"):
        run = parse_path("mcpm", tmp_path / name)
        records = list(run)
        assert run.errors == []
        assert sum(len(r.tools or []) for r in records) == 2247
        # Same records apart from where they came from.
        strip = [{**r.model_dump(), "source_url": None} for r in records]
        assert sorted(strip, key=lambda r: r["source_id"]) == sorted(
            ({**r, "source_url": None} for r in from_dir), key=lambda r: r["source_id"]
        )


def test_mcpm_package_refs_from_install_commands() -> None:
    recs = {r.source_id: r for r in parse_path("mcpm", SNAP / "mcpm")}
    # Hand-checked examples from the raw files.
    fs = json.loads((SNAP / "mcpm/filesystem.json").read_text())
    npx_args = fs["installations"]["npm"]["args"]
    assert npx_args[:2] == ["-y", "@modelcontextprotocol/server-filesystem"]
    refs = {(p.registry, p.identifier) for p in recs["filesystem"].packages}
    assert refs == {("npm", "@modelcontextprotocol/server-filesystem"), ("oci", "mcp/filesystem")}
    npm_servers = [r for r in recs.values() if "npm" in r.meta["install_types"]]
    with_ref = sum(1 for r in npm_servers if any(p.registry == "npm" for p in r.packages))
    assert with_ref >= len(npm_servers) * 0.9


# --- raw MCP tools/list ------------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", ["array", "object", "jsonrpc"])
def test_bare_tools_list_shapes(tmp_path: Path, wrap: str) -> None:
    tools = json.loads((SNAP / "llm-cli-gateway/tools.json").read_text())
    body: Any = {
        "array": tools,
        "object": {"tools": tools},
        "jsonrpc": {"jsonrpc": "2.0", "id": 1, "result": {"tools": tools}},
    }[wrap]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(body))
    [rec] = parse_path("gw", path)
    assert rec.source_id == "gw" and [t.name for t in rec.tools] == [t["name"] for t in tools]
    assert all(t.annotations == src["annotations"] for t, src in zip(rec.tools, tools, strict=True))


def test_empty_tools_result_is_an_explicit_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"tools": []}')
    [rec] = parse_path("x", path)
    assert rec.tools == []


def test_single_tool_file(tmp_path: Path) -> None:
    src = SNAP / "github-mcp-server" / "get_me.json"
    [rec] = parse_path("gh", src)
    assert [t.name for t in rec.tools] == ["get_me"]


# --- official registry --------------------------------------------------------------------------


def _envelope(server: dict[str, Any], status: str = "active", latest: bool = True) -> dict[str, Any]:
    return {
        "server": server,
        "_meta": {
            OFFICIAL: {
                "status": status,
                "publishedAt": "2026-07-01T10:00:00Z",
                "updatedAt": "2026-07-02T10:00:00Z",
                "isLatest": latest,
            }
        },
    }


def test_official_v01_envelope_status(tmp_path: Path) -> None:
    seed = json.loads((SNAP / "official/seed.json").read_text())
    for status in ("active", "deprecated", "deleted"):
        path = tmp_path / f"{status}.json"
        path.write_text(json.dumps(_envelope(seed[2], status)))
        [rec] = parse_path("official", path)
        assert rec.status == status and rec.source_id == seed[2]["name"] and rec.tools is None
        assert rec.meta["updatedAt"].startswith("2026-07-02T10:00:00")


def test_official_list_page_keeps_latest_version() -> None:
    seed = json.loads((SNAP / "official/seed.json").read_text())
    # 1.7.3 is listed first but 1.7.2 is marked latest: isLatest wins over order.
    page = {
        "servers": [_envelope(seed[1], latest=False), _envelope(seed[0], latest=True), _envelope(seed[3])],
        "metadata": {"count": 3, "nextCursor": "io.github.domdomegg/time-mcp-pypi:1.0.6"},
    }
    assert detect_format(page, "page") == "official"
    run = parse_data("official", page, "https://registry.example/v0.1/servers")
    recs = {r.source_id: r for r in run}
    airtable = recs["io.github.domdomegg/airtable-mcp-server"]
    assert airtable.version == "1.7.2" and airtable.meta["other_versions"] == ["1.7.3"]
    assert airtable.source_url == "https://registry.example/v0.1/servers"


def test_official_old_snake_case_packages(tmp_path: Path) -> None:
    seed = json.loads((SNAP / "official/seed-2025-09-29.json").read_text())
    old = copy.deepcopy(seed[0])
    pkg = old["packages"][0]
    old["packages"] = [
        {"registry_name": pkg["registryType"], "name": pkg["identifier"], "version": pkg["version"]}
    ]
    path = tmp_path / "old.json"
    path.write_text(json.dumps([old]))
    [rec] = parse_path("official", path, "official")
    assert [(p.registry, p.identifier, p.version) for p in rec.packages] == [
        (pkg["registryType"], pkg["identifier"], pkg["version"])
    ]


def test_parse_data_detects_each_snapshot_format() -> None:
    cases = {
        "toolhive/registry.json": "toolhive",
        "toolsdk/packages-list.json": "toolsdk",
        "official/seed.json": "official",
        "official/seed-2025-09-29.json": "official",
        "live/mcp-server-time.json": "mcp-tools",
        "llm-cli-gateway/tools.json": "mcp-tools",
        "mcpm/github.json": "mcpm",
        "github-mcp-server/get_me.json": "mcp-tools",
    }
    for rel, fmt in cases.items():
        assert detect_format(json.loads((SNAP / rel).read_text()), rel) == fmt, rel


def test_toolsdk_gzipped_index_and_corrupt_gzip(tmp_path: Path) -> None:
    import gzip

    raw = (SNAP / "toolsdk/packages-list.json").read_bytes()
    gz = tmp_path / "packages-list.json.gz"
    gz.write_bytes(gzip.compress(raw))
    plain = [
        r.model_dump(exclude={"source_url"})
        for r in parse_path("toolsdk", SNAP / "toolsdk/packages-list.json")
    ]
    packed = [r.model_dump(exclude={"source_url"}) for r in parse_path("toolsdk", gz, "toolsdk")]
    assert packed == plain and len(packed) == 4548
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(raw)[:5000])
    with pytest.raises(ParseError, match=r"bad\.json\.gz: not a readable gzip file"):
        parse_path("toolsdk", bad, "toolsdk")


def test_toolsdk_gzip_bomb_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    import crawler.parsers.toolsdk as toolsdk

    monkeypatch.setattr(toolsdk, "MAX_SOURCE_FILE_BYTES", 5 * 2**20)
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(gzip.compress(b" " * (20 * 2**20)))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ParseError, match="uncompressed size over the 5242880-byte limit"):
        parse_path("toolsdk", bomb, "toolsdk")
