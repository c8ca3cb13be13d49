"""Generic MCP Registry API v0.1 client: the official registry, ToolHive Registry Server, PulseMCP v0.1.

Paging: `GET <base>/v0.1/servers?limit=100&version=latest&include_deleted=true[&cursor=…]`, following
`metadata.nextCursor` until it is absent or empty. Each page is one store transaction
(complete=False), and the cursor of the next page is saved after the commit, so a run that
fails mid-way keeps its pages and the next run resumes from that cursor.

Incremental: after a finished run the state keeps `updated_since` = the newest `updatedAt` seen
(the registry's clock, not ours) and the names at that instant (`boundary`). The next run asks
for `updated_since=<that>`; records already seen at the boundary are dropped, whether the server
treats the filter as `>` or `>=`, so a registry with no changes costs one request and no write.
`include_deleted=true` is always sent, so deleted servers come back with status "deleted" and
are stored as such instead of silently disappearing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from catalog.errors import Failure
from catalog.models import FetchSummary, ServerRecord, utcnow
from crawler.http import HttpResponse, one_line, safe_url
from crawler.parsers._common import RecordError, parse_time, tool_list
from crawler.parsers.official import OFFICIAL_META, iter_official

from .base import SourceContext, cap_tools, pipelined

# Some v0.1 servers (PulseMCP) put the lifecycle data under their own `_meta` key.
STATUS_META_KEYS = (OFFICIAL_META, "com.pulsemcp/server-version")
MAX_BOUNDARY = 1_000

ItemAdapter = Callable[[dict[str, Any]], dict[str, Any]]


def api_root(base_url: str) -> str:
    """`https://host`, `https://host/`, `https://host/v0.1` → `https://host/v0.1`."""
    base = base_url.rstrip("/")
    if base.endswith("/servers"):
        base = base[: -len("/servers")]
    if base.rsplit("/", 1)[-1] in ("v0.1", "v0"):
        return base
    return base + "/v0.1"


def version_url(base_url: str, name: str, version: str = "latest") -> str:
    """Detail URL; names contain `/` and versions may contain `+`, both must be escaped."""
    return f"{api_root(base_url)}/servers/{quote(name, safe='')}/versions/{quote(version, safe='')}"


def decode_json(resp: HttpResponse, where: str) -> Any:
    try:
        return json.loads(resp.body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Failure(f"{where}: response is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise Failure(f"{where}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise Failure(f"{where}: JSON nested too deeply") from None


def status_meta(item: dict[str, Any]) -> dict[str, Any]:
    meta = item.get("_meta")
    if isinstance(meta, dict):
        for key in STATUS_META_KEYS:
            if isinstance(meta.get(key), dict):
                return meta[key]
    return {}


def item_key(item: dict[str, Any]) -> str:
    server = item.get("server") if isinstance(item.get("server"), dict) else item
    name = server.get("name") if isinstance(server, dict) else None
    version = server.get("version") if isinstance(server, dict) else None
    return f"{str(name)[:200]}@{str(version)[:100]}"


def pulsemcp_item(item: dict[str, Any]) -> dict[str, Any]:
    """PulseMCP's lifecycle key → the official one, so the shared parser reads the status."""
    meta = item.get("_meta")
    if isinstance(meta, dict) and OFFICIAL_META not in meta and isinstance(meta.get(STATUS_META_KEYS[1]), dict):
        item = {**item, "_meta": {**meta, OFFICIAL_META: meta[STATUS_META_KEYS[1]]}}
    return item


def premium_tools(item: dict[str, Any]) -> list[Any] | None:
    """PulseMCP Premium lists MCP Tool objects under `remotes[].tools` / `packages[].tools`."""
    server = item.get("server")
    if not isinstance(server, dict):
        return None
    found: list[Any] | None = None
    for key in ("remotes", "packages"):
        entries = server.get(key)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("tools"), list):
                found = (found or []) + entry["tools"]
    return found


@dataclass
class Page:
    url: str
    items: list[Any]
    next_cursor: str | None


@dataclass
class RegistryDialect:
    """What differs between v0.1 servers: extra headers, `_meta` keys, premium tool lists."""

    adapt_item: ItemAdapter | None = None
    tools_in_items: bool = False


OFFICIAL_DIALECT = RegistryDialect()
PULSEMCP_DIALECT = RegistryDialect(adapt_item=pulsemcp_item, tools_in_items=True)


def iter_pages(ctx: SourceContext, since: str | None, cursor: str | None) -> Iterator[Page]:
    url = f"{api_root(ctx.base_url)}/servers"
    seen: set[str] = set()
    for _ in range(ctx.options.max_pages):
        params: dict[str, Any] = {"limit": ctx.options.page_size, "version": "latest", "include_deleted": "true"}
        if since:
            params["updated_since"] = since
        if cursor:
            params["cursor"] = cursor
        resp = ctx.client.get(url, params=params, max_bytes=min(ctx.options.max_page_bytes, ctx.options.max_bytes))
        where = f"{ctx.name}: {safe_url(url)}"
        data = decode_json(resp, where)
        if not isinstance(data, dict) or not isinstance(data.get("servers"), list):
            raise Failure(f"{where}: expected a ServerList object with a 'servers' array")
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        nxt = metadata.get("nextCursor")
        nxt = nxt if isinstance(nxt, str) and nxt.strip() else None
        if nxt is not None and (nxt in seen or nxt == cursor or len(nxt) > 1000):
            raise Failure(f"{where}: the registry returned a cursor it already gave ({one_line(nxt, 80)}); stopping")
        yield Page(url, data["servers"], nxt)
        if nxt is None:
            return
        seen.add(nxt)
        cursor = nxt
    raise Failure(f"{ctx.name}: stopped after {ctx.options.max_pages} pages (the page cap); next run resumes")


def _records(ctx: SourceContext, page: Page, items: list[dict[str, Any]], dialect: RegistryDialect) -> Iterator[ServerRecord]:
    where = safe_url(page.url)
    for raw in items:
        item = dialect.adapt_item(raw) if dialect.adapt_item else raw
        run = iter_official(ctx.name, [item], where)
        for record in run:
            rec = record
            tools = premium_tools(item) if dialect.tools_in_items else None
            if tools is not None:
                try:
                    rec = rec.model_copy(update={"tools": tool_list(tools, "tools")})
                except RecordError as exc:
                    ctx.error(f"{ctx.name}: {rec.source_id}: {exc}")
            yield cap_tools(ctx, rec)
        for message in run.errors:
            ctx.error(message)


def crawl(ctx: SourceContext, dialect: RegistryDialect = OFFICIAL_DIALECT) -> FetchSummary:
    state = {} if ctx.options.full else ctx.state()
    run = state.get("run") if isinstance(state.get("run"), dict) else None
    if run:
        since, cursor = run.get("since"), run.get("cursor")
        since_boundary = set(run.get("since_boundary") or [])
        newest, boundary = run.get("newest"), set(run.get("boundary") or [])
    else:
        since, cursor = state.get("updated_since"), None
        since_boundary = set(state.get("boundary") or [])
        newest, boundary = since, set(since_boundary)
    since_dt = parse_time(since) if since else None
    run_started = utcnow()
    base_state = {k: v for k, v in state.items() if k != "run"}
    for page in pipelined(iter_pages(ctx, since, cursor)):
        kept: list[dict[str, Any]] = []
        for item in page.items:
            if not isinstance(item, dict):
                ctx.error(f"{ctx.name}: {safe_url(page.url)}: a server entry is not an object")
                continue
            updated = parse_time(status_meta(item).get("updatedAt"))
            key = item_key(item)
            if since_dt is not None and updated is not None and (
                updated < since_dt or (updated == since_dt and key in since_boundary)
            ):
                continue  # already stored by the run that set updated_since
            kept.append(item)
            if updated is not None:
                newest_dt = parse_time(newest) if newest else None
                if newest_dt is None or updated > newest_dt:
                    newest, boundary = updated.isoformat().replace("+00:00", "Z"), {key}
                elif updated == newest_dt and len(boundary) < MAX_BOUNDARY:
                    boundary.add(key)
        if kept:
            ctx.store_batch(page.url, _records(ctx, page, kept, dialect), complete=False)
            ctx.tick(len(kept))
        if page.next_cursor is not None:
            # Saved only after the page's commit: a crash re-reads at most one page.
            ctx.save_state(
                {**base_state, "run": {"since": since, "since_boundary": sorted(since_boundary),
                                       "cursor": page.next_cursor, "newest": newest, "boundary": sorted(boundary)}}
            )
    final = {**base_state, "updated_since": newest or run_started.isoformat().replace("+00:00", "Z"),
             "boundary": sorted(boundary)}
    if final != ctx.state():
        ctx.save_state(final)
    return ctx.summary
