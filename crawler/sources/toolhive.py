"""ToolHive: a registry JSON file (legacy `servers{}` or upstream `data.servers[]` format), or,
for any other URL, a ToolHive Registry Server speaking the MCP Registry API v0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

from catalog.models import FetchSummary

from . import official
from .base import SourceContext
from .static import crawl_document


def is_static(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".json")


def crawl(ctx: SourceContext) -> FetchSummary:
    if is_static(ctx.base_url):
        # The parsers tell legacy from upstream by shape; both are "toolhive".
        return crawl_document(ctx, ctx.base_url, "toolhive")
    return official.crawl(ctx)
