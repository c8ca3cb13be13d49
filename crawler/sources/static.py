"""Static index files (one JSON or YAML document): conditional GET, parse, one transaction.

The ETag / Last-Modified of the last stored copy and the body's SHA-256 are kept in the
source state; a 304, or a 200 whose body hashes the same, stores nothing at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

from catalog.errors import Failure
from catalog.models import FetchSummary, ServerRecord
from crawler.http import JSON_TYPES, YAML_TYPES, HttpResponse, safe_url
from crawler.parsers import ParseError, ParseRun, parse_data
from crawler.parsers._common import decode_bytes, parse_json_text, parse_yaml_text

from .base import SourceContext, cap_tools


def fetch_if_changed(ctx: SourceContext, url: str, *, yaml: bool = False) -> HttpResponse | None:
    """The document, or None when the server (or its hash) says it has not changed."""
    state = {} if ctx.options.full else ctx.state()
    docs = state.get("documents") if isinstance(state.get("documents"), dict) else {}
    known = docs.get(url) if isinstance(docs.get(url), dict) else {}
    resp = ctx.client.get(
        url,
        etag=known.get("etag"),
        last_modified=known.get("last_modified"),
        accept=YAML_TYPES + JSON_TYPES if yaml else JSON_TYPES,
    )
    if resp.not_modified:
        return None
    if known.get("sha256") and known.get("sha256") == body_hash(resp):
        return None
    return resp


def body_hash(resp: HttpResponse) -> str:
    return hashlib.sha256(resp.body).hexdigest()


def remember(ctx: SourceContext, url: str, resp: HttpResponse) -> None:
    """Saved only after the store committed, so a failed store re-fetches next time."""
    state = ctx.state()
    docs = dict(state.get("documents") or {})
    docs[url] = {"etag": resp.etag, "last_modified": resp.last_modified, "sha256": body_hash(resp)}
    state["documents"] = docs
    ctx.save_state(state)


def decode(resp: HttpResponse, where: str, *, yaml: bool = False) -> Any:
    try:
        text = decode_bytes(resp.body, where)
        if yaml and not resp.content_type.endswith("json") and not resp.url.split("?")[0].endswith(".json"):
            return parse_yaml_text(text, where)
        return parse_json_text(text, where)
    except ParseError as exc:
        raise Failure(str(exc)) from None


def capped(ctx: SourceContext, run: ParseRun) -> Iterator[ServerRecord]:
    for record in run:
        yield cap_tools(ctx, record)


def store_run(ctx: SourceContext, url: str, run: ParseRun) -> FetchSummary:
    part = ctx.store_batch(safe_url(url), capped(ctx, run), complete=True, observed_at=run.observed_at)
    for message in run.errors:
        ctx.error(message)
    ctx.tick(part.fetched, part.fetched)
    return part


def crawl_document(
    ctx: SourceContext,
    url: str,
    fmt: str,
    *,
    yaml: bool = False,
    build: Callable[[Any, str], ParseRun] | None = None,
) -> FetchSummary:
    resp = fetch_if_changed(ctx, url, yaml=yaml)
    if resp is None:
        ctx.tick(0)
        return ctx.summary
    where = f"{ctx.name}: {safe_url(url)}"
    data = decode(resp, where, yaml=yaml)
    try:
        run = build(data, safe_url(url)) if build else parse_data(ctx.name, data, safe_url(url), fmt=fmt)
    except ParseError as exc:
        raise Failure(f"{ctx.name}: {exc}") from None
    del data  # the parser holds what it needs
    try:
        store_run(ctx, url, run)
    except ParseError as exc:  # lazy parsers raise whole-file problems while iterating
        raise Failure(f"{ctx.name}: {exc}") from None
    remember(ctx, url, resp)
    return ctx.summary
