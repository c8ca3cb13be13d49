"""Smithery registry API (Bearer key): list pages (`page`/`pageSize`), then one detail call per
server for its tools (N+1). `tools: null` in a detail means "no tool list", kept as unknown."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

from catalog.errors import Failure
from catalog.models import FetchSummary, ServerRecord
from crawler.http import AuthFailure, HttpFailure, one_line, safe_url
from crawler.parsers._common import get_str, make_server, mcp_tool, tool_list

from .base import SourceContext
from .official import decode_json
from .paged import ListPage, crawl_paged, page_records

KEY_VAR = "TOOLRISK_SMITHERY_KEY"


def _pages(ctx: SourceContext, start: Any) -> Iterator[ListPage]:
    url = ctx.base_url.rstrip("/") + "/servers"
    page = int(start or 1)
    workers = max(1, ctx.client.limits.concurrency)
    for _ in range(ctx.options.max_pages):
        resp = ctx.client.get(url, params={"page": page, "pageSize": ctx.options.page_size},
                              max_bytes=min(ctx.options.max_page_bytes, ctx.options.max_bytes))
        data = decode_json(resp, f"{ctx.name}: {safe_url(url)}")
        if not isinstance(data, dict) or not isinstance(data.get("servers"), list):
            raise Failure(f"{ctx.name}: {safe_url(url)}: expected {{servers: [...], pagination}}")
        pagination = data.get("pagination") if isinstance(data.get("pagination"), dict) else {}
        total_pages = pagination.get("totalPages")
        total = pagination.get("totalCount") if isinstance(pagination.get("totalCount"), int) else None
        last = not data["servers"] or (isinstance(total_pages, int) and page >= total_pages)
        # Details are fetched here, outside the store transaction and ahead of it.
        items = [s for s in data["servers"] if isinstance(s, dict)]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smithery") as pool:
            details = list(pool.map(lambda s: _detail(ctx, s), items))
        yield ListPage(f"{url}?page={page}", list(zip(items, details, strict=True)), None if last else page + 1, total)
        if last:
            return
        page += 1
    raise Failure(f"{ctx.name}: stopped after {ctx.options.max_pages} pages (the page cap); next run resumes")


def _detail(ctx: SourceContext, summary: dict[str, Any]) -> dict[str, Any] | None:
    name = summary.get("qualifiedName")
    if not isinstance(name, str) or not name.strip():
        return None
    url = f"{ctx.base_url.rstrip('/')}/servers/{quote(name, safe='')}"
    try:
        resp = ctx.client.get(url, max_bytes=min(ctx.options.max_page_bytes, ctx.options.max_bytes))
        data = decode_json(resp, f"{ctx.name}: {safe_url(url)}")
    except AuthFailure:
        raise
    except HttpFailure as exc:
        if exc.status != 404:
            ctx.error(f"{name[:100]}: detail: {one_line(str(exc), 250)}")
        return None
    except Failure as exc:
        ctx.error(f"{name[:100]}: detail: {one_line(str(exc), 250)}")
        return None
    return data if isinstance(data, dict) else None


def server_record(source: str, summary: dict[str, Any], detail: dict[str, Any] | None, where: str) -> ServerRecord:
    name = get_str(summary, "qualifiedName", required=True)
    info = {**summary, **(detail or {})}
    tools = None
    if detail is not None and detail.get("tools") is not None:
        tools = tool_list(detail["tools"], "tools", lambda t, w: mcp_tool(t, w))
    meta: dict[str, Any] = {}
    for key in ("useCount", "verified", "remote", "isDeployed", "bySmithery"):
        value = info.get(key)
        if isinstance(value, bool | int) and not isinstance(value, str):
            meta[key] = value
    security = info.get("security")
    if isinstance(security, dict) and isinstance(security.get("scanPassed"), bool):
        meta["scanPassed"] = security["scanPassed"]
    return make_server(
        source=source,
        source_id=name,
        name=name,
        title=get_str(info, "displayName"),
        description=get_str(info, "description"),
        homepage=get_str(info, "homepage"),
        source_url=where,
        tools=tools,
        meta=meta,
    )


def crawl(ctx: SourceContext) -> FetchSummary:
    def make(item: tuple[dict[str, Any], dict[str, Any] | None], where: str) -> ServerRecord:
        summary, detail = item
        return server_record(ctx.name, summary, detail, where)

    def label(item: tuple[dict[str, Any], dict[str, Any] | None]) -> str:
        return f"server {str(item[0].get('qualifiedName'))[:100]!r}"

    return crawl_paged(ctx, lambda start: _pages(ctx, start), lambda page: page_records(ctx, page, label, make))
