"""Docker MCP Catalog: `catalog.yaml` (v2/v3; `.json` too) plus one tools JSON per server.

Tools files are fetched only from the catalog's own host: a hostile catalog cannot send the
crawler anywhere else. A `toolsUrl` on another host is replaced by `<catalog dir>/tools/<name>.json`
(the layout Docker publishes), which also makes a mirrored catalog work unchanged. A missing
tools file (404) means "no tool list", not an error. Rebuilding `inputSchema` from Docker's flat
`arguments`, and keeping absent annotation booleans unknown, is the Docker parser's job.

An unchanged catalog (304 or same hash) skips the tools files too: Docker builds both together.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from catalog.errors import Failure
from catalog.models import FetchSummary
from crawler.http import HttpFailure, one_line, safe_url
from crawler.parsers import ParseError
from crawler.parsers.docker import iter_docker_catalog

from .base import SourceContext
from .static import decode, fetch_if_changed, remember, store_run

MAX_TOOLS_FILE_BYTES = 16 * 1024 * 1024


def catalog_url(base_url: str) -> str:
    path = urlsplit(base_url).path.lower()
    if path.endswith((".yaml", ".yml", ".json")):
        return base_url
    return base_url.rstrip("/") + "/catalog.yaml"


def tools_url(catalog: str, name: str, declared: Any) -> str:
    cat = urlsplit(catalog)
    if isinstance(declared, str):
        try:
            parts = urlsplit(declared.strip())
            same_host = parts.hostname is not None and parts.hostname == cat.hostname and parts.port == cat.port
        except ValueError:
            same_host = False
        if same_host and parts.scheme in ("http", "https"):
            # Never downgrade: the published catalog says http:// for files also served on https.
            return urlunsplit((cat.scheme, parts.netloc, parts.path, parts.query, ""))
    directory = cat.path.rsplit("/", 1)[0]
    return urlunsplit((cat.scheme, cat.netloc, f"{directory}/tools/{quote(name, safe='')}.json", "", ""))


def _fetch_tools(ctx: SourceContext, name: str, url: str) -> tuple[str, Any]:
    where = f"{ctx.name}: {safe_url(url)}"
    try:
        resp = ctx.client.get(url, max_bytes=min(MAX_TOOLS_FILE_BYTES, ctx.options.max_bytes))
        return name, decode(resp, where)
    except HttpFailure as exc:
        if exc.status == 404:
            return name, None
        ctx.error(f"{name}: tools file: {one_line(str(exc), 250)}")
    except Failure as exc:
        ctx.error(f"{name}: tools file: {one_line(str(exc), 250)}")
    return name, None


def crawl(ctx: SourceContext) -> FetchSummary:
    url = catalog_url(ctx.base_url)
    resp = fetch_if_changed(ctx, url, yaml=True)
    if resp is None:
        ctx.tick(0)
        return ctx.summary
    where = f"{ctx.name}: {safe_url(url)}"
    data = decode(resp, where, yaml=True)
    registry = data.get("registry") if isinstance(data, dict) else None
    if not isinstance(registry, dict):
        raise Failure(f"{where}: field 'registry': expected a mapping of server name to tile")
    wanted: list[tuple[str, str]] = []
    for name, tile in registry.items():
        if not isinstance(name, str) or not isinstance(tile, dict):
            continue
        declared = tile.get("toolsUrl")
        if declared is None and tile.get("type") == "remote":
            continue  # remote servers list tools dynamically; there is no file to fetch
        wanted.append((name, tools_url(url, name, declared)))
    if len(wanted) > ctx.options.max_pages:
        # One request per server: a catalog listing more servers than the page cap is cut.
        ctx.error(f"{ctx.name}: {len(wanted)} tools files listed; fetched the first {ctx.options.max_pages}")
        wanted = wanted[: ctx.options.max_pages]
    tools: dict[str, Any] = {}
    workers = max(1, ctx.client.limits.concurrency)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docker-tools") as pool:
        for name, raw in pool.map(lambda nu: _fetch_tools(ctx, *nu), wanted):
            if raw is not None:
                tools[name] = raw
            ctx.tick(0, len(registry))
    try:
        run = iter_docker_catalog(ctx.name, data, safe_url(url), tools)
        store_run(ctx, url, run)
    except ParseError as exc:
        raise Failure(f"{ctx.name}: {exc}") from None
    remember(ctx, url, resp)
    return ctx.summary
