"""Helpers for the browse pages: honest headline counts, and telling apart servers that share a name.

Indexes name servers loosely: four different servers are called `linear`, three `gitlab`. A
listing that shows two rows reading the same (name, or tool name and server name) gets a
muted tag after the server's name on those rows only, from what the view already holds: its
first package, else its repository, else the index that lists it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from catalog.views import ServerView

TAG_CHARS = 80  # index text is hostile: a tag is escaped by the template and never longer than this


def server_where(view: ServerView) -> str:
    """A short description of where a server comes from, for telling same-named servers apart."""
    for p in view.packages:
        if p.identifier:
            return _cap(f"{p.registry}: {p.identifier}")
    if view.repository_url:
        parts = urlsplit(view.repository_url.strip())
        path = parts.path.strip("/").removesuffix(".git")
        if parts.netloc and path:
            return _cap(f"{parts.netloc.removeprefix('www.')}/{path}")
    if view.sources:
        s = view.sources[0]
        return _cap(f"{s.source}: {s.source_id}")
    return _cap(view.slug)


def _cap(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TAG_CHARS else text[:TAG_CHARS - 1] + "…"


def tag_duplicates(rows: Iterable[dict[str, Any]], where: dict[str, str], *, name_key: str = "server_name",
                   slug_key: str = "server_slug") -> list[dict[str, Any]]:
    """Copies of `rows`, each with a `tag`: None, or what tells its server apart when another
    server in the same listing has the same display name. Rows are shared between listings,
    so they are copied, never changed: a name can repeat in one listing and not in another."""
    rows = list(rows)
    slugs_by_name: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.get(slug_key):
            slugs_by_name[r[name_key]].add(r[slug_key])
    tags: dict[str, str] = {}
    for slugs in slugs_by_name.values():
        if len(slugs) < 2:
            continue
        hints = {s: where.get(s) or s for s in slugs}
        counts: dict[str, int] = defaultdict(int)
        for h in hints.values():
            counts[h] += 1
        for s, h in hints.items():
            tags[s] = h if counts[h] == 1 else _cap(f"{h} · {s}")  # the slug is unique
    return [{**r, "tag": tags.get(r.get(slug_key) or "")} for r in rows]


def headline(servers: list[dict[str, Any]], tool_rows: list[dict[str, Any]], other_tools: int) -> dict[str, Any]:
    """Counts for the home page. A server an index lists without its tools is not catalogued:
    it is counted apart, and the risk mix counts tools only (never servers)."""
    with_tools = sum(1 for s in servers if s["tools"] or s.get("other_tools"))
    classified = sum(1 for r in tool_rows if r["category"] is not None)
    return {
        "servers": with_tools,
        "listed_only": len(servers) - with_tools,
        "all_servers": len(servers),
        "tools": len(tool_rows),
        "classified": classified,
        "other_tools": other_tools,
    }


def number(n: int) -> str:
    return f"{n:,}"


__all__ = ["headline", "number", "server_where", "tag_duplicates"]
