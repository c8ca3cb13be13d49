"""Network sources: one module per public MCP index, behind one entry point.

    NETWORK_SOURCES[name] -> SourceInfo(name, base_url, needs_key, ...)
    crawl_network_source(name, base_url, store, progress=None, options=None) -> FetchSummary

`crawl_network_source` raises `SourceSkipped` (one line, not an error) when a source needs an
API key that is not set, and `SourceFailure` (a `catalog.errors.Failure`, carrying the partial
summary of what was stored before the failure) when the source fails.
"""

from __future__ import annotations

from collections.abc import Callable

from catalog.errors import Failure
from catalog.models import FetchSummary
from catalog.store.base import Store
from crawler.http import AuthFailure

from . import docker, glama, official, simple, smithery, toolhive
from .base import (
    CrawlOptions,
    Progress,
    SourceContext,
    SourceInfo,
    SourceSkipped,
    api_key,
    auth_failure,
    make_client,
)

__all__ = [
    "NETWORK_SOURCES",
    "CrawlOptions",
    "SourceFailure",
    "SourceInfo",
    "SourceSkipped",
    "crawl_network_source",
]

# The official registry's ingress allows 180 requests/min per client IP: stay well under it.
OFFICIAL_RATE_PER_MINUTE = 170.0

NETWORK_SOURCES: dict[str, SourceInfo] = {
    "official": SourceInfo(
        "official", "https://registry.modelcontextprotocol.io", None,
        "Official MCP Registry (v0.1 API)", OFFICIAL_RATE_PER_MINUTE, 1,
    ),
    "toolhive": SourceInfo(
        "toolhive",
        # The last published legacy registry.json (embedded in stacklok/toolhive until 2026-02);
        # point --source toolhive=<URL> at a ToolHive Registry Server (v0.1 API) for current data.
        "https://raw.githubusercontent.com/stacklok/toolhive/f79c85f816277de43058bf67d60e09f51fc14fad/"
        "pkg/registry/data/registry.json",
        None, "ToolHive registry JSON, or a ToolHive Registry Server", 60.0, 2,
    ),
    "docker": SourceInfo(
        "docker", "https://desktop.docker.com/mcp/catalog/v2/catalog.yaml", None,
        "Docker MCP Catalog (catalog.yaml + tools JSON)", 300.0, 4,
    ),
    "toolsdk": SourceInfo(
        "toolsdk", "https://toolsdk-ai.github.io/toolsdk-mcp-registry/indexes/packages-list.json", None,
        "ToolSDK static index", 60.0, 1,
    ),
    "mcpm": SourceInfo("mcpm", "https://mcpm.sh/api/servers.json", None, "mcpm.sh servers.json", 60.0, 1),
    "smithery": SourceInfo(
        "smithery", "https://api.smithery.ai", smithery.KEY_VAR, "Smithery registry API (list + detail)", 120.0, 4,
    ),
    "glama": SourceInfo("glama", "https://glama.ai/api/mcp", glama.KEY_VAR, "Glama MCP directory API", 60.0, 1),
    "pulsemcp": SourceInfo(
        # PulseMCP allows 200/min, 5,000/h: the hourly cap is the binding one for a full sync.
        "pulsemcp", "https://api.pulsemcp.com", "TOOLRISK_PULSEMCP_KEY", "PulseMCP (v0.1 API)", 80.0, 1,
    ),
}

PULSEMCP_TENANT_VAR = "TOOLRISK_PULSEMCP_TENANT"

_CRAWLERS: dict[str, Callable[[SourceContext], FetchSummary]] = {
    "official": official.crawl,
    "toolhive": toolhive.crawl,
    "docker": docker.crawl,
    "toolsdk": simple.crawl_toolsdk,
    "mcpm": simple.crawl_mcpm,
    "smithery": smithery.crawl,
    "glama": glama.crawl,
    "pulsemcp": lambda ctx: official.crawl(ctx, official.PULSEMCP_DIALECT),
}


class SourceFailure(Failure):
    """A source failed; `summary` holds what was stored before it did (paged sources keep pages)."""

    def __init__(self, message: str, summary: FetchSummary) -> None:
        super().__init__(message)
        self.summary = summary


def _headers(name: str, options: CrawlOptions) -> dict[str, str]:
    info = NETWORK_SOURCES[name]
    if info.needs_key is None:
        return {}
    key = api_key(options, info.needs_key, name)
    if name == "pulsemcp":
        headers = {"X-API-Key": key}
        tenant = (options.environ().get(PULSEMCP_TENANT_VAR) or "").strip()
        if tenant:
            headers["X-Tenant-ID"] = tenant
        return headers
    return {"Authorization": f"Bearer {key}"}


def crawl_network_source(
    name: str,
    base_url: str | None,
    store: Store,
    *,
    progress: Progress | None = None,
    options: CrawlOptions | None = None,
) -> FetchSummary:
    if name not in NETWORK_SOURCES:
        raise Failure(f"unknown network source {name!r} (known: {', '.join(NETWORK_SOURCES)})")
    info = NETWORK_SOURCES[name]
    opts = options or CrawlOptions()
    url = (base_url or info.base_url).strip()
    if not url.lower().startswith(("http://", "https://")):
        raise Failure(f"{name}: base URL {url[:200]!r} is not an http(s) URL")
    headers = _headers(name, opts)  # raises SourceSkipped before any request is made
    client = make_client(info, opts, headers)
    ctx = SourceContext(name=name, base_url=url, store=store, options=opts, client=client, progress=progress)
    try:
        return _CRAWLERS[name](ctx)
    except AuthFailure as exc:
        raise SourceFailure(str(auth_failure(name, exc, info.needs_key)), ctx.summary) from None
    except SourceFailure:
        raise
    except Failure as exc:
        message = str(exc) if str(exc).startswith(f"{name}:") else f"{name}: {exc}"
        raise SourceFailure(message, ctx.summary) from None
    finally:
        client.close()
