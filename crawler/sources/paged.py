"""Paged APIs without incremental filters (Smithery, Glama): one transaction per page, and the
next page's cursor saved after each commit so a failed run resumes where it stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from catalog.models import FetchSummary, ServerRecord
from crawler.http import safe_url
from crawler.parsers._common import guarded

from .base import SourceContext, cap_tools, pipelined


@dataclass
class ListPage:
    url: str
    items: list[Any]
    next_cursor: Any  # None on the last page
    total: int | None = None


PageFetcher = Callable[[Any], Iterator[ListPage]]
RecordBuilder = Callable[[ListPage], Iterator[ServerRecord]]


def page_records(
    ctx: SourceContext,
    page: ListPage,
    label_of: Callable[[Any], str],
    make: Callable[[Any, str], ServerRecord],
) -> Iterator[ServerRecord]:
    """Every item of a page as a record. A bad item costs only itself: it becomes one error line
    (reported after the page, so the good records are stored first) and is skipped."""
    errors: list[str] = []
    where = safe_url(page.url)
    for item in page.items:
        rec = guarded(errors, where, label_of(item), lambda it=item: make(it, where))
        if rec is not None:
            yield rec
    for message in errors:
        ctx.error(message)


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
