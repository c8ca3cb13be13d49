"""Paged APIs without incremental filters (Smithery, Glama): one transaction per page, and the
next page's cursor saved after each commit so a failed run resumes where it stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from catalog.models import FetchSummary, ServerRecord
from crawler.http import safe_url

from .base import SourceContext, cap_tools, pipelined


@dataclass
class ListPage:
    url: str
    items: list[Any]
    next_cursor: Any  # None on the last page
    total: int | None = None


PageFetcher = Callable[[Any], Iterator[ListPage]]
RecordBuilder = Callable[[ListPage], Iterator[ServerRecord]]


def crawl_paged(ctx: SourceContext, fetch_pages: PageFetcher, build: RecordBuilder, first_cursor: Any = None) -> FetchSummary:
    state = {} if ctx.options.full else ctx.state()
    run = state.get("run") if isinstance(state.get("run"), dict) else None
    cursor = run.get("cursor") if run else first_cursor
    base_state = {k: v for k, v in state.items() if k != "run"}
    for page in pipelined(fetch_pages(cursor)):
        if page.items:
            ctx.store_batch(safe_url(page.url), (cap_tools(ctx, r) for r in build(page)), complete=False)
            ctx.tick(len(page.items), page.total)
        if page.next_cursor is not None:
            ctx.save_state({**base_state, "run": {"cursor": page.next_cursor}})
    if ctx.state() != base_state:
        ctx.save_state(base_state)
    return ctx.summary
