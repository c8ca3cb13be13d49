"""Servers an index lists without their tools, and servers that share a name, as a user meets them:
the search page's order (real pagefind index, Debian's Chromium), the home headline, the listings."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog.models import PackageRef
from catalog.site.build import build_site
from catalog.site.listings import headline, server_where, tag_duplicates
from catalog.site.serve import make_server
from catalog.site.synthetic import server_views
from catalog.views import ServerView

LISTED_ONLY = ["weather-api", "weather-alerts", "weather", "weather-forecast", "weather-pro", "weatherxm"]


def _views() -> list[ServerView]:
    base = list(server_views(10, tools_per_server=8))
    views = list(base)
    # one real server among several with many tools: its get_weather tool is what a user wants
    hub = base[3]
    tools = list(hub.tools)
    t0 = tools[0]
    d = t0.definition.model_copy(update={"name": "get_weather",
                                         "description": "Get the weather forecast for a city."})
    tools[0] = t0.model_copy(update={"definition": d, "tool_slug": "get-weather", "definition_hash": "f" * 64})
    views[3] = hub.model_copy(update={"tools": sorted(tools, key=lambda t: t.definition.name)})
    # servers an index names without a tool list: short pages whose name matches the query
    for i, name in enumerate(LISTED_ONLY):
        views.append(base[0].model_copy(update={
            "id": 100 + i, "slug": f"{name}-{i}", "name": name, "description": f"{name} MCP server",
            "tools": [], "other_tools": [], "surfaces": [], "current_surface_id": None, "tool_names_only": [],
            "probe_failures": []}))
    # two different servers with the same display name, each with tools, told apart by their packages
    for i, pkg in enumerate(["@acme/twin-mcp", "twin-server"]):
        src = base[5 + i]
        views.append(src.model_copy(update={"id": 200 + i, "slug": f"twin-{i}", "name": "twin",
                                            "packages": [PackageRef(registry="npm", identifier=pkg)]}))
    return sorted(views, key=lambda v: v.slug)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("listed") / "public"
    build_site(_views(), out, base_url="http://127.0.0.1:8000/")
    return out


def _text(path: Path, start: str) -> str:
    raw = path.read_text()
    raw = raw[raw.find(start):]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_home_headline_counts_servers_without_a_tool_list_apart(site: Path):
    views = _views()
    with_tools = [v for v in views if v.tools or v.other_tools]
    listed_only = len(views) - len(with_tools)
    classified = sum(1 for v in views for t in v.tools if t.classification is not None)
    text = _text(site / "index.html", 'id="headline"')
    assert f"{len(with_tools)} servers with {classified} tools classified" in text
    assert f"{listed_only} more servers listed by an index without a tool list" in text
    assert f"{len(views)} servers" not in text.split("more servers")[0]
    # the risk mix counts tools, never servers
    home = (site / "index.html").read_text()
    counts = [int(n) for _, n in re.findall(r'href="risk/(\w+)/">\1: (\d+)<', home)]
    assert len(counts) == 4 and sum(counts) == classified
    chart = home[home.find('id="mix"'):home.find('id="recent"')]
    assert all(f">{n}<" in chart for n in counts if n)
    # the meta description says the same
    assert f'content="Risk labels for {sum(len(v.tools) for v in views)} MCP tools on {len(with_tools)} servers.' \
        in (site / "index.html").read_text()


def test_server_listings_say_which_servers_have_no_tool_list(site: Path):
    views = _views()
    listed_only = sum(1 for v in views if not (v.tools or v.other_tools))
    text = _text(site / "servers" / "index.html", "<h1")
    assert f"{len(views)} MCP servers ({len(views) - listed_only} with a tool list, {listed_only} listed by an " \
           "index without one)" in text
    row = re.search(r'<tr><td><a href="[^"]*servers/weather-api-0/">.*?</tr>', (site / "servers" / "index.html").read_text())
    assert row and "no list" in row.group(0) and ">0<" not in row.group(0)


def test_same_named_servers_are_told_apart_in_listings(site: Path):
    page = (site / "servers" / "index.html").read_text()
    rows = re.findall(r'<tr><td><a href="[^"]*servers/twin-\d/">twin</a>(.*?)</td>', page)
    assert sorted(rows) == [' <span class="tr-tag">npm: @acme/twin-mcp</span>', ' <span class="tr-tag">npm: twin-server</span>']
    # a unique name gets no tag
    assert re.search(r'servers/server-01/">[^<]*</a></td>', page)
    # tool listings: rows naming a twin server carry its tag
    tool_pages = [p.read_text() for p in (site / "category").glob("*/index.html")]
    assert any(">twin</a> <span class=\"tr-tag\">npm: twin-server</span>" in p for p in tool_pages)


def test_tags_are_chosen_per_listing_and_stay_distinct():
    where = {"a": "npm: x", "b": "npm: x", "c": "pypi: y"}
    rows = [{"name": "dup", "slug": "a"}, {"name": "dup", "slug": "b"}, {"name": "one", "slug": "c"}]
    out = tag_duplicates(rows, where, name_key="name", slug_key="slug")
    assert [r["tag"] for r in out] == ["npm: x · a", "npm: x · b", None]
    assert "tag" not in rows[0]  # shared rows are never changed
    assert tag_duplicates(rows[:1] + rows[2:], where, name_key="name", slug_key="slug")[0]["tag"] is None


def test_server_where_is_short_and_plain():
    v = next(iter(server_views(3)))
    hostile = v.model_copy(update={"packages": [PackageRef(registry="npm", identifier="<b>x</b>" + "y" * 500)]})
    assert len(server_where(hostile)) <= 80
    bad_repo = v.model_copy(update={"packages": [], "repository_url": "javascript:alert(1)"})
    assert "javascript" not in server_where(bad_repo)
    assert headline([{"tools": 0, "other_tools": 2}, {"tools": 0, "other_tools": 0}], [], 2)["listed_only"] == 1


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _results(browser, url: str, q: str) -> list[tuple[str, str, str]]:
    pg = browser.new_page()
    try:
        pg.goto(f"{url}search/?q={q}")
        pg.locator("#tr-status", has_text="match").wait_for(timeout=15000)  # the CSP forbids eval
        return [(li.locator("a").inner_text(), li.locator("a").get_attribute("href"), li.locator(".tr-res-meta").inner_text())
                for li in pg.locator("#tr-results li").all()]
    finally:
        pg.close()


@pytest.mark.browser
def test_search_puts_matching_tools_before_servers_without_a_tool_list(browser, url: str):
    results = _results(browser, url, "weather")
    assert results[0][0] == "get_weather" and "/tools/server-03/get-weather/" in results[0][1]
    kinds = ["listed" if "no tool list" in meta else "tools" for _, _, meta in results]
    assert "listed" in kinds, results  # they are still found
    assert kinds == sorted(kinds, key=lambda k: k == "listed"), results


@pytest.mark.browser
def test_search_tells_same_named_servers_apart(browser, url: str):
    twins = [r for r in _results(browser, url, "twin") if r[0] == "twin"]
    assert len(twins) == 2, twins
    assert {meta.rsplit(" · ", 1)[-1] for _, _, meta in twins} == {"npm: @acme/twin-mcp", "npm: twin-server"}
