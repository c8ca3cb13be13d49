"""Glama MCP directory API (Bearer key): Relay paging with `first`/`after`; tools come in the list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalog.errors import Failure
from catalog.models import FetchSummary, ServerRecord
from crawler.http import safe_url
from crawler.parsers._common import (
    RecordError,
    get_dict,
    get_str,
    make_server,
    mcp_tool,
    small_str_list,
    tool_list,
)

from .base import SourceContext
from .official import decode_json
from .paged import ListPage, crawl_paged, page_records

KEY_VAR = "TOOLRISK_GLAMA_KEY"


def _pages(ctx: SourceContext, start: Any) -> Iterator[ListPage]:
    url = ctx.base_url.rstrip("/") + "/v1/servers"
    cursor = start if isinstance(start, str) else None
    seen: set[str] = set()
    for _ in range(ctx.options.max_pages):
        params: dict[str, Any] = {"first": ctx.options.page_size}
        if cursor:
            params["after"] = cursor
        resp = ctx.client.get(url, params=params, max_bytes=min(ctx.options.max_page_bytes, ctx.options.max_bytes))
        data = decode_json(resp, f"{ctx.name}: {safe_url(url)}")
        if not isinstance(data, dict) or not isinstance(data.get("servers"), list):
            raise Failure(f"{ctx.name}: {safe_url(url)}: expected {{servers: [...], pageInfo}}")
        info = data.get("pageInfo") if isinstance(data.get("pageInfo"), dict) else {}
        nxt = info.get("endCursor") if info.get("hasNextPage") is True else None
        nxt = nxt if isinstance(nxt, str) and nxt and len(nxt) <= 2000 else None
        if nxt is not None and (nxt in seen or nxt == cursor):
            raise Failure(f"{ctx.name}: {safe_url(url)}: the API repeated a cursor; stopping")
        yield ListPage(url, data["servers"], nxt)
        if nxt is None:
            return
        seen.add(nxt)
        cursor = nxt
    raise Failure(f"{ctx.name}: stopped after {ctx.options.max_pages} pages (the page cap); next run resumes")


def server_record(source: str, item: dict[str, Any], where: str) -> ServerRecord:
    namespace, slug = get_str(item, "namespace"), get_str(item, "slug")
    name = f"{namespace}/{slug}" if namespace and slug else get_str(item, "name", required=True)
    repo = get_dict(item, "repository")
    license_ = get_dict(item, "spdxLicense")
    tools = None
    if item.get("tools") is not None:
        tools = tool_list(item["tools"], "tools", lambda t, w: mcp_tool(t, w))
    meta: dict[str, Any] = {}
    if get_str(item, "id"):
        meta["glama_id"] = item["id"][:40]
    attributes = small_str_list(item, "attributes")
    if attributes:
        meta["attributes"] = attributes
    if license_ and isinstance(license_.get("name"), str):
        meta["license"] = license_["name"][:100]
    return make_server(
        source=source,
        source_id=name,
        name=name,
        title=get_str(item, "name"),
        description=get_str(item, "description"),
        repository_url=get_str(repo, "url", label="repository.url") if repo else None,
        homepage=get_str(item, "url"),
        source_url=where,
        tools=tools,
        meta=meta,
    )


def crawl(ctx: SourceContext) -> FetchSummary:
    def make(item: Any, where: str) -> ServerRecord:
        if not isinstance(item, dict):
            raise RecordError("expected an object")
        return server_record(ctx.name, item, where)

    def label(item: Any) -> str:
        return f"server {str(item.get('name') if isinstance(item, dict) else item)[:100]!r}"

    return crawl_paged(ctx, lambda start: _pages(ctx, start), lambda page: page_records(ctx, page, label, make))
