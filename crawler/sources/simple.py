"""Static-file indexes with nothing special: ToolSDK's packages-list.json and mcpm's servers.json."""

from __future__ import annotations

from catalog.models import FetchSummary

from .base import SourceContext
from .static import crawl_document


def crawl_toolsdk(ctx: SourceContext) -> FetchSummary:
    return crawl_document(ctx, ctx.base_url, "toolsdk")


def crawl_mcpm(ctx: SourceContext) -> FetchSummary:
    return crawl_document(ctx, ctx.base_url, "mcpm")
