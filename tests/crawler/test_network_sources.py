"""Every non-official network source against the loopback server: ToolHive (legacy, upstream, v0.1),
Docker (catalog + tools JSON), ToolSDK, mcpm, Smithery, Glama and PulseMCP (keys, 401)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from indexserver import API_KEY, IndexServer  # noqa: E402
from indexserver.server import DATA, mcpm_servers  # noqa: E402

from catalog.models import ToolDefinition  # noqa: E402
from catalog.store.open import open_store  # noqa: E402
from crawler.sources import (  # noqa: E402
    NETWORK_SOURCES,
    CrawlOptions,
    SourceFailure,
    SourceSkipped,
    crawl_network_source,
)
from crawler.sources.docker import catalog_url, tools_url  # noqa: E402

KEYS = {
    "TOOLRISK_SMITHERY_KEY": API_KEY,
    "TOOLRISK_GLAMA_KEY": API_KEY,
    "TOOLRISK_PULSEMCP_KEY": API_KEY,
    "TOOLRISK_PULSEMCP_TENANT": "acme",
}
FAST = CrawlOptions(
    rate_per_minute=60_000, backoff_base_s=0.02, backoff_max_s=0.05, retries=1, timeout_s=5, env=KEYS
)


@pytest.fixture(scope="module")
def server() -> Iterator[IndexServer]:
    with IndexServer() as srv:
        yield srv


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "catalog.db")


def q(db: str, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def stored_tool(db: str, source: str, source_id: str, tool: str) -> ToolDefinition:
    row = q(
        db,
        "SELECT d.canonical_json FROM surfaces s JOIN surface_tools st ON st.surface_id = s.id "
        "JOIN definitions d ON d.hash = st.definition_hash WHERE s.source=? AND s.source_id=? AND d.name=? "
        "ORDER BY s.id DESC LIMIT 1",
        source,
        source_id,
        tool,
    )
    assert row, f"{source}/{source_id}: no stored tool {tool!r}"
    return ToolDefinition.model_validate(json.loads(row[0][0]))


def crawl(name: str, url: str, db: str, **opts: object) -> object:
    with open_store(db) as store:
        return crawl_network_source(name, url, store, options=FAST.model_copy(update=opts))


# --- ToolHive ----------------------------------------------------------------------------------


def test_toolhive_legacy_file_then_conditional_rerun(server: IndexServer, db: str) -> None:
    legacy = json.loads((DATA / "toolhive" / "registry.json").read_text())
    url = server.url + "/toolhive/registry.json"
    summary = crawl("toolhive", url, db)
    assert summary.fetched == len(legacy["servers"]) + len(legacy["remote_servers"]) and summary.errors == 0
    key, entry = next((k, e) for k, e in legacy["servers"].items() if e.get("tool_definitions"))
    first = entry["tool_definitions"][0]
    tool = stored_tool(db, "toolhive", key, first["name"])
    assert tool.description == first.get("description")
    fetches = q(db, "SELECT count(*) FROM fetches")[0][0]
    before = len(server.requests_to("/toolhive/registry.json"))
    again = crawl("toolhive", url, db)
    assert again.fetched == 0
    assert len(server.requests_to("/toolhive/registry.json")) - before == 1
    assert "if-none-match" in server.requests_to("/toolhive/registry.json")[-1].headers
    assert q(db, "SELECT count(*) FROM fetches")[0][0] == fetches  # a 304 writes nothing


def test_toolhive_upstream_format(server: IndexServer, db: str) -> None:
    legacy = json.loads((DATA / "toolhive" / "registry.json").read_text())
    summary = crawl("toolhive", server.url + "/toolhive/upstream.json", db)
    assert summary.fetched == len(legacy["servers"]) and summary.errors == 0
    key, entry = next((k, e) for k, e in legacy["servers"].items() if e.get("tool_definitions"))
    tool = stored_tool(db, "toolhive", key, entry["tool_definitions"][0]["name"])
    assert tool.input_schema == entry["tool_definitions"][0].get("inputSchema")


def test_toolhive_registry_server_url_uses_the_v01_client(server: IndexServer, db: str) -> None:
    summary = crawl("toolhive", server.url, db)
    assert summary.fetched > 300
    assert q(db, "SELECT count(*) FROM source_records WHERE source='toolhive'")[0][0] == summary.fetched


# --- Docker --------------------------------------------------------------------------------------


def test_docker_catalog_with_tools_files(server: IndexServer, db: str) -> None:
    summary = crawl("docker", server.url + "/docker/catalog.yaml", db)
    folders = sorted(p.name for p in (DATA / "docker").iterdir() if p.is_dir())
    assert summary.fetched == len(folders) and summary.errors == 0
    # inputSchema rebuilt from Docker's flat `arguments`: same properties and required set
    original = json.loads((DATA / "docker" / "alfresco" / "tools.json").read_text())[0]
    tool = stored_tool(db, "docker", "alfresco", original["name"])
    schema = tool.input_schema or {}
    assert set(schema["properties"]) == set(original["inputSchema"]["properties"])
    assert set(schema.get("required", [])) == set(original["inputSchema"].get("required", []))
    # absent annotation booleans stay unknown (None), never False
    build = stored_tool(db, "docker", "buildkite", "create_build")
    assert build.declared_hints() == dict.fromkeys(build.declared_hints(), None)
    token = stored_tool(db, "docker", "buildkite", "access_token")
    assert (
        token.declared_hints()["readOnlyHint"] is True and token.declared_hints()["destructiveHint"] is None
    )
    # remote servers have no tools file: nothing was requested for them
    assert not server.requests_to("/docker/tools/notion-remote.json")
    # a server without a tools file (404) is kept without a tool list
    assert q(db, "SELECT count(*) FROM source_records WHERE source='docker' AND source_id='fetch'")[0][0] == 1


def test_docker_unchanged_catalog_skips_everything(server: IndexServer, db: str) -> None:
    crawl("docker", server.url + "/docker/catalog.yaml", db)
    before = server.request_count
    assert crawl("docker", server.url + "/docker/catalog.yaml", db).fetched == 0
    assert server.request_count - before == 1


def test_docker_tools_urls_stay_on_the_catalog_host() -> None:
    cat = "https://desktop.docker.com/mcp/catalog/v2/catalog.yaml"
    assert tools_url(cat, "x", "http://desktop.docker.com/mcp/catalog/v2/tools/x.json") == (
        "https://desktop.docker.com/mcp/catalog/v2/tools/x.json"
    )
    assert tools_url(cat, "x", "http://169.254.169.254/latest/meta-data") == (
        "https://desktop.docker.com/mcp/catalog/v2/tools/x.json"
    )
    assert tools_url(cat, "a/b", None).endswith("/tools/a%2Fb.json")
    assert catalog_url("https://h/mcp/catalog/v3") == "https://h/mcp/catalog/v3/catalog.yaml"


# --- static indexes ---------------------------------------------------------------------------------


def test_toolsdk_index(server: IndexServer, db: str) -> None:
    index = json.loads((DATA / "toolsdk" / "packages-list.json").read_text())
    summary = crawl("toolsdk", server.url + "/toolsdk/packages-list.json", db)
    assert summary.fetched == len(index)
    name, entry = next((k, v) for k, v in index.items() if v.get("tools"))
    first = next(iter(entry["tools"].values()))
    assert stored_tool(db, "toolsdk", name, first["name"]).description == first.get("description")


def test_mcpm_servers_json(server: IndexServer, db: str) -> None:
    servers = mcpm_servers()
    summary = crawl("mcpm", server.url + "/mcpm/servers.json", db)
    assert summary.fetched == len(servers) and summary.errors == 0
    key, data = next((k, v) for k, v in servers.items() if v.get("tools"))
    tool = stored_tool(db, "mcpm", data.get("name") or key, data["tools"][0]["name"])
    assert tool.input_schema == data["tools"][0].get("inputSchema")


def test_new_etag_with_same_bytes_stores_nothing(server: IndexServer, db: str) -> None:
    crawl("mcpm", server.url + "/mcpm/servers.json", db)
    fetches = q(db, "SELECT count(*) FROM fetches")[0][0]
    server.touch_static()  # new ETag, same servers
    summary = crawl("mcpm", server.url + "/mcpm/servers.json", db)
    # a different ETag with identical bytes is recognised by the body hash: nothing stored
    assert summary.fetched == 0 and q(db, "SELECT count(*) FROM fetches")[0][0] == fetches


def test_changed_static_file_is_stored_again(server: IndexServer, db: str) -> None:
    servers = dict(list(mcpm_servers().items())[:3])
    server.extra_routes["/mine/servers.json"] = lambda s, q: (
        200,
        json.dumps(servers).encode(),
        "application/json",
    )
    assert crawl("mcpm", server.url + "/mine/servers.json", db).new == 3
    key = next(iter(servers))
    servers[key] = {**servers[key], "description": "now says something else"}
    summary = crawl("mcpm", server.url + "/mine/servers.json", db)
    assert (summary.fetched, summary.changed, summary.unchanged) == (3, 1, 2)


# --- keyed APIs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["smithery", "glama", "pulsemcp"])
def test_keyed_source_without_key_is_skipped_with_one_line(server: IndexServer, db: str, name: str) -> None:
    before = server.request_count
    variable = NETWORK_SOURCES[name].needs_key
    with open_store(db) as store, pytest.raises(SourceSkipped) as err:
        crawl_network_source(
            name, server.url + f"/{name}", store, options=FAST.model_copy(update={"env": {}})
        )
    assert variable and variable in str(err.value) and "\n" not in str(err.value)
    assert server.request_count == before


@pytest.mark.parametrize("name", ["smithery", "glama", "pulsemcp"])
def test_keyed_source_with_wrong_key_names_the_variable(server: IndexServer, db: str, name: str) -> None:
    variable = NETWORK_SOURCES[name].needs_key
    opts = FAST.model_copy(update={"env": {variable: "wrong"}})
    with open_store(db) as store, pytest.raises(SourceFailure) as err:
        crawl_network_source(name, server.url + f"/{name}", store, options=opts)
    msg = str(err.value)
    assert "HTTP 401" in msg and variable in msg and "wrong" not in msg and "\n" not in msg


def test_smithery_list_and_details(server: IndexServer, db: str) -> None:
    items = server.smithery()
    summary = crawl("smithery", server.url + "/smithery", db, page_size=15)
    assert summary.fetched == len(items) and summary.errors == 0
    assert len(server.requests_to("/smithery/servers")) >= 3  # 40 servers in pages of 15
    auth = server.requests_to("/smithery/servers")[-1].headers["authorization"]
    assert auth == f"Bearer {API_KEY}"
    summary_item, detail = next((s, d) for s, d in items if d["tools"])
    tool = stored_tool(db, "smithery", summary_item["qualifiedName"], detail["tools"][0]["name"])
    assert tool.input_schema == detail["tools"][0]["inputSchema"]
    no_tools = next(s for s, d in items if d["tools"] is None)
    assert not q(
        db, "SELECT id FROM surfaces WHERE source='smithery' AND source_id=?", no_tools["qualifiedName"]
    )


def test_glama_relay_paging(server: IndexServer, db: str) -> None:
    items = server.glama()
    summary = crawl("glama", server.url + "/glama", db, page_size=25)
    assert summary.fetched == len(items)
    reqs = server.requests_to("/glama/v1/servers")
    assert sum("after=" in r.query for r in reqs) >= 3
    item = next(i for i in items if i["tools"])
    tool = stored_tool(db, "glama", f"{item['namespace']}/{item['slug']}", item["tools"][0]["name"])
    assert tool.name == item["tools"][0]["name"]


def test_glama_page_with_bad_items_keeps_the_good_ones(server: IndexServer, db: str) -> None:
    """A non-object and a malformed entry each cost one error line naming them; the rest of the
    page is stored."""
    good = [dict(i) for i in server.glama()[:3]]
    bad_field = {**good[0], "namespace": None, "slug": None, "name": ["<script>x</script>"]}
    items = [good[0], 42, bad_field, good[1], good[2]]
    info = {"startCursor": "a", "endCursor": "b", "hasNextPage": False, "hasPreviousPage": False}
    server.extra_routes["/bad-glama/v1/servers"] = lambda srv, query: (
        200, json.dumps({"servers": items, "pageInfo": info}).encode(), "application/json")
    try:
        summary = crawl("glama", server.url + "/bad-glama", db)
    finally:
        del server.extra_routes["/bad-glama/v1/servers"]
    assert summary.fetched == 3 and summary.errors == 2
    assert any("server '42': expected an object" in m for m in summary.error_messages)
    assert any("field 'name': expected a string" in m for m in summary.error_messages)
    stored = {r[0] for r in q(db, "SELECT source_id FROM source_records WHERE source='glama'")}
    assert stored == {f"{g['namespace']}/{g['slug']}" for g in good}


def test_pulsemcp_v01_with_headers_and_its_meta(server: IndexServer, db: str) -> None:
    summary = crawl("pulsemcp", server.url + "/pulsemcp", db)
    assert summary.fetched > 300
    headers = server.requests_to("/pulsemcp/v0.1/servers")[-1].headers
    assert headers["x-api-key"] == API_KEY and headers["x-tenant-id"] == "acme"
    assert "authorization" not in headers


def test_paged_source_resumes_after_failure(server: IndexServer, db: str) -> None:
    server.inject("/glama/v1/servers", ("pass",), ("status", 500), ("status", 500))
    with pytest.raises(SourceFailure):
        crawl("glama", server.url + "/glama", db, page_size=20)
    assert q(db, "SELECT count(*) FROM source_records WHERE source='glama'")[0][0] == 20
    summary = crawl("glama", server.url + "/glama", db, page_size=20)
    assert summary.new == len(server.glama()) - 20


def test_unknown_source_and_bad_url(db: str) -> None:
    from catalog.errors import Failure

    with open_store(db) as store:
        with pytest.raises(Failure, match="unknown network source"):
            crawl_network_source("nope", None, store)
        with pytest.raises(Failure, match="not an http"):
            crawl_network_source("mcpm", "file:///etc/passwd", store)


def test_pulsemcp_premium_tools_status_and_a_broken_entry(server: IndexServer, db: str) -> None:
    key, data = next((k, v) for k, v in mcpm_servers().items() if v.get("tools"))
    good = {
        "server": {"name": f"com.pulsemcp/{key}", "description": "d", "version": "1.0.0",
                   "packages": [{"registryType": "npm", "identifier": f"@acme/{key}", "transport": {"type": "stdio"},
                                 "tools": data["tools"]}]},
        "_meta": {"com.pulsemcp/server-version": {"status": "deprecated", "updatedAt": "2026-01-01T00:00:00Z",
                                                   "isLatest": True}},
    }
    broken = {"server": {"description": "no name"}, "_meta": {}}
    page = {"servers": [good, broken], "metadata": {"count": 2}}
    server.extra_routes["/pm/v0.1/servers"] = lambda s, q: (200, json.dumps(page).encode(), "application/json")
    summary = crawl("pulsemcp", server.url + "/pm", db)
    assert summary.fetched == 1 and summary.errors == 1 and "name" in summary.error_messages[0]
    tool = stored_tool(db, "pulsemcp", f"com.pulsemcp/{key}", data["tools"][0]["name"])
    assert tool.input_schema == data["tools"][0].get("inputSchema")
    assert q(db, "SELECT status FROM source_records WHERE source='pulsemcp'") == [("deprecated",)]


def test_docker_tools_files_are_capped_by_the_page_cap(server: IndexServer, db: str) -> None:
    before = sum(1 for r in server.log if r.path.startswith("/docker/tools/"))
    server.touch_static()
    summary = crawl("docker", server.url + "/docker/catalog.yaml", db, max_pages=5)
    fetched_files = sum(1 for r in server.log if r.path.startswith("/docker/tools/")) - before
    assert fetched_files == 5
    assert summary.fetched == len([p for p in (DATA / "docker").iterdir() if p.is_dir()])
    assert any("fetched the first 5" in m for m in summary.error_messages)


def test_api_page_larger_than_the_page_cap_fails(server: IndexServer, db: str) -> None:
    server.inject("/v0.1/servers", ("oversize", 3 * 1024 * 1024, True))
    with pytest.raises(SourceFailure, match="byte limit"):
        crawl("official", server.url, db, max_page_bytes=1024 * 1024)


def test_one_server_one_identity_across_indexes(server: IndexServer, db: str) -> None:
    crawl("toolhive", server.url + "/toolhive/registry.json", db)
    crawl("docker", server.url + "/docker/catalog.yaml", db, full=True)

    def server_of(source: str, source_id: str) -> int:
        rows = q(db, "SELECT DISTINCT server_id FROM source_records WHERE source=? AND source_id=?", source, source_id)
        assert len(rows) == 1, (source, source_id, rows)
        return rows[0][0]

    # same image (ghcr.io/github/github-mcp-server, tag ignored) → one server with both sources
    assert server_of("docker", "github-official") == server_of("toolhive", "github")
    # same image docker.io/mcp/time (`mcp/time` vs `docker.io/mcp/time:latest`)
    assert server_of("docker", "time") == server_of("toolhive", "time")
    # same name, different software (Docker's reference fetch vs ToolHive's gofetch): kept apart
    assert server_of("docker", "fetch") != server_of("toolhive", "fetch")
